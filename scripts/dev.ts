/**
 * For people who build workflows: n8n 2.41.1 on http://localhost:5678 with this package installed,
 * the DocSpace emulator running, a credential for it and a sample workflow ready to execute.
 * The n8n user folder is kept in .cache/dev-n8n between runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator } from '../test/emulator';
import { CACHE_DIR, OWNER, packPackage, RealN8n } from '../test/e2e/real-n8n';
import { credentialFile, diskToDocSpace } from '../test/e2e/workflows';
import { installRuntimeWithProgress } from './runtime-install';

async function main(): Promise<void> {
	const port = Number(process.env.N8N_PORT ?? 5678);
	const emulatorPort = Number(process.env.DOCSPACE_EMULATOR_PORT ?? 8090);
	await installRuntimeWithProgress();
	await packPackage();
	const emulator = await startEmulator({ port: emulatorPort });
	const files = join(CACHE_DIR, 'dev-files');
	mkdirSync(files, { recursive: true });
	const sample = join(files, 'sample-25MiB.bin');
	writeFileSync(sample, randomBytes(25 * 1024 * 1024));

	const n8n = await RealN8n.create({ userFolder: join(CACHE_DIR, 'dev-n8n'), filesDir: files });
	const credential = {
		id: 'docspaceEmulator',
		name: 'DocSpace emulator',
		data: { baseUrl: emulator.url, authType: 'authKey', authKey: emulator.portal.owner.authKey },
	};
	await n8n.importCredentials([credentialFile(credential)]);
	await n8n.importWorkflows([{ ...diskToDocSpace('DocSpaceSample01', sample, credential), name: 'Upload a file to DocSpace (sample)' }]);
	await n8n.start(port);
	await n8n.signIn();

	const owner = emulator.portal.owner;
	console.log(`
n8n is running on http://localhost:${port}  (sign in as ${OWNER.email} / ${OWNER.password})
  Workflow "Upload a file to DocSpace (sample)" and the credential "DocSpace emulator" are ready.

DocSpace emulator on ${emulator.url}
  Auth key : ${owner.authKey}
  API key  : ${owner.apiKey}
  E-mail   : ${owner.email}  Password: ${owner.password}  (to try the "E-Mail and Password" authentication)
  Folders  : 1001 My documents, 2001 room "Sales", 3001 "Sales/Q3 reports", 2002 room "Contracts"
  Uploaded files: ${emulator.url}/__emulator/state

Press Ctrl+C to stop both.`);

	const stop = async () => {
		await n8n.stop();
		await emulator.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
