/**
 * The main job, end to end: builds and packs the package, installs it into a real n8n 2.41.1, and runs
 * a workflow (Manual Trigger → Read/Write Files from Disk → DocSpace Upload) that uploads a generated
 * multi-chunk file. Against the bundled DocSpace emulator by default, or a real portal when
 * DOCSPACE_URL and DOCSPACE_AUTH_KEY or DOCSPACE_API_KEY (and DOCSPACE_FOLDER_ID) are set.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startEmulator, type DocSpaceEmulator } from '../test/emulator';
import { packPackage, RealN8n } from '../test/e2e/real-n8n';
import { credentialFile, diskToDocSpace, type DocSpaceCredential } from '../test/e2e/workflows';
import { installRuntimeWithProgress } from './runtime-install';

const FILE_SIZE = 25 * 1024 * 1024 + 4242;

function say(message: string): void {
	process.stdout.write(`\n▶ ${message}\n`);
}

function portalCredential(emulator: DocSpaceEmulator | undefined): { credential: DocSpaceCredential; folder: string } {
	if (emulator) {
		return {
			credential: { id: 'docspaceDemo0001', name: 'DocSpace emulator', data: { baseUrl: emulator.url, authType: 'authKey', authKey: emulator.portal.owner.authKey } },
			folder: '2001',
		};
	}
	const { DOCSPACE_URL, DOCSPACE_AUTH_KEY, DOCSPACE_API_KEY, DOCSPACE_FOLDER_ID } = process.env;
	if (!DOCSPACE_AUTH_KEY && !DOCSPACE_API_KEY) throw new Error('Set DOCSPACE_AUTH_KEY or DOCSPACE_API_KEY together with DOCSPACE_URL');
	const data = DOCSPACE_API_KEY
		? { baseUrl: DOCSPACE_URL, authType: 'apiKey', apiKey: DOCSPACE_API_KEY }
		: { baseUrl: DOCSPACE_URL, authType: 'authKey', authKey: DOCSPACE_AUTH_KEY };
	return { credential: { id: 'docspaceDemo0001', name: 'DocSpace portal', data }, folder: DOCSPACE_FOLDER_ID ?? '@my' };
}

async function main(): Promise<void> {
	const realPortal = Boolean(process.env.DOCSPACE_URL);
	say('Building and packing the package');
	const tarball = await packPackage();
	console.log(`  ${tarball}`);

	const emulator = realPortal ? undefined : await startEmulator();
	const files = mkdtempSync(join(tmpdir(), 'docspace-demo-'));
	let n8n: RealN8n | undefined;
	try {
		const { credential, folder } = portalCredential(emulator);
		console.log(emulator ? `  DocSpace emulator on ${emulator.url} (chunk size ${emulator.config.chunkUploadSize} bytes)` : `  DocSpace portal ${credential.data.baseUrl}, folder ${folder}`);

		const bytes = randomBytes(FILE_SIZE);
		const path = join(files, 'n8n-demo-upload.bin');
		writeFileSync(path, bytes);
		const sha256 = createHash('sha256').update(bytes).digest('hex');
		say(`Generated ${path}: ${FILE_SIZE} bytes, sha256 ${sha256}`);

		say('Preparing n8n 2.41.1 on Node 24 in .cache (the first run installs about 3 GB: 5 to 10 minutes, progress below)');
		await installRuntimeWithProgress();
		say('Installing the package into that n8n');
		n8n = await RealN8n.create({ filesDir: files });
		await n8n.importCredentials([credentialFile(credential)]);
		await n8n.importWorkflows([diskToDocSpace('DocSpaceDemo0001', path, credential, { folder, options: { includeUploadDetails: true } })]);

		say('n8n execute: Manual Trigger → Read/Write Files from Disk → DocSpace Upload');
		const started = Date.now();
		const result = await n8n.execute('DocSpaceDemo0001');
		const output = result.run?.data.resultData.runData['DocSpace Upload']?.[0]?.data?.main[0][0]?.json;
		if (result.exitCode !== 0 || !output) {
			console.error(result.run?.data.resultData.error ?? `${result.stdout}\n${result.stderr}`);
			throw new Error('The workflow failed');
		}
		say(`The created file, as DocSpace Upload output it (${Date.now() - started} ms including n8n's start):`);
		console.log(JSON.stringify(output, null, 2));

		if (emulator) {
			const stored = emulator.file(output.id as number)!;
			const latest = stored.versions[stored.versions.length - 1];
			say("The emulator's view of the file:");
			console.log(`  id ${stored.id} "${stored.title}" in folder ${stored.folderId}, version ${latest.version}`);
			console.log(`  ${latest.size} bytes, sha256 ${latest.sha256}`);
			console.log(`  ${emulator.log.chunkRequests().length} requests to ChunkedUploader.ashx`);
			if (latest.sha256 !== sha256 || latest.size !== FILE_SIZE) throw new Error('The stored file differs from the source');
			console.log('  ✔ the hash matches the generated file');
		} else if (output.pureContentLength !== FILE_SIZE) {
			throw new Error(`The portal stored ${String(output.pureContentLength)} bytes, not ${FILE_SIZE}`);
		}
	} finally {
		await n8n?.destroy();
		await emulator?.stop();
		rmSync(files, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(`\n✘ ${(error as Error).message}`);
	process.exit(1);
});
