/**
 * The package inside a real n8n (each of N8N_VERSIONS) on Node 24, installed from its npm tarball,
 * run headless with `n8n execute` against the DocSpace emulator. Credentials go through
 * `n8n import:credentials`, so the credential type's `authenticate` runs as in production.
 */
import { startEmulator, type DocSpaceEmulator } from '../emulator';
import { credentialsFor, expectResentNoSoonerThan, MiB, Scratch, sessionIds } from '../helpers/fixtures';
import { binaryDataModes, N8N_VERSIONS, parseExecuteOutput, RealN8n, type ExecutionResult } from './real-n8n';
import { attachmentsToDocSpace, credentialFile, diskToDocSpace, type DocSpaceCredential } from './workflows';

jest.setTimeout(300_000);

const CHUNK = MiB;
const scratch = new Scratch();
const files = {
	single: scratch.file('quarterly-report.bin', 3 * CHUNK + 4321),
	many: [scratch.file('many-a.bin', 10), scratch.file('many-b.bin', 2 * CHUNK + 1), scratch.file('many-c.bin', CHUNK), scratch.file('many-d.bin', 0)],
	mail: [scratch.file('mail-contract.pdf', 2 * CHUNK + 17), scratch.file('mail-photo.jpg', 1234), scratch.file('mail-sheet.xlsx', CHUNK)],
};

const workflows = {
	disk: 'DiskToDocSpace01',
	many: 'ManyToDocSpace01',
	unknownFolder: 'UnknownFolder001',
	badCredentials: 'BadCredential001',
	continueOnFail: 'ContinueOnFail01',
	mailFirst: 'MailFirstFile001',
	mailSkip: 'MailSkipExisting',
	retryAfterSequential: 'RetryAfterSeq001',
	retryAfterNumbered: 'RetryAfterNum001',
};

function uploadOutput(result: ExecutionResult) {
	return result.run?.data.resultData.runData['DocSpace Upload']?.[0]?.data?.main[0] ?? [];
}

afterAll(() => scratch.cleanup());

describe.each(N8N_VERSIONS)('n8n %s', (version) => {
	let emulator: DocSpaceEmulator;
	let n8n: RealN8n;

	beforeAll(async () => {
		emulator = await startEmulator({ chunkUploadSize: CHUNK });
		n8n = await RealN8n.create({ version, filesDir: scratch.dir });
		const good: DocSpaceCredential = { id: 'docspaceGoodKey1', name: 'DocSpace (auth key)', data: credentialsFor(emulator, 'authKey') };
		const bad = { id: 'docspaceBadKey01', name: 'DocSpace (revoked key)', data: { ...credentialsFor(emulator, 'authKey'), authKey: 'revoked-key' } };
		await n8n.importCredentials([credentialFile(good), credentialFile(bad)]);
		await n8n.importWorkflows([
			diskToDocSpace(workflows.disk, files.single.path, good),
			diskToDocSpace(workflows.many, `${scratch.dir}/*/many-*.bin`, good),
			diskToDocSpace(workflows.unknownFolder, files.single.path, good, { folder: '99999' }),
			diskToDocSpace(workflows.badCredentials, files.single.path, bad),
			diskToDocSpace(workflows.continueOnFail, files.single.path, good, { folder: '99999', continueOnFail: true }),
			diskToDocSpace(workflows.mailFirst, files.mail[0].path, good, { folder: '2002' }),
			attachmentsToDocSpace(workflows.mailSkip, `${scratch.dir}/*/mail-*`, good, {
				folder: '2002',
				typeVersion: 2,
				binaryPropertyName: 'attachment_*',
				ifExists: 'skip',
			}),
			diskToDocSpace(workflows.retryAfterSequential, files.single.path, good, { options: { uploadMode: 'sequential', parallelChunks: 1 } }),
			diskToDocSpace(workflows.retryAfterNumbered, files.single.path, good, { options: { uploadMode: 'numbered', parallelChunks: 1 } }),
		]);
	});

	afterAll(async () => {
		await n8n?.destroy();
		await emulator?.stop();
	});

	beforeEach(() => emulator.log.clear());

	describe.each(binaryDataModes(version))('binary data mode "%s"', (mode) => {
		test('a multi-chunk file read from disk arrives byte for byte and the output is the created file', async () => {
			const result = await n8n.cli(['execute', `--id=${workflows.disk}`, '--rawOutput'], { N8N_DEFAULT_BINARY_DATA_MODE: mode });
			const run = parseExecuteOutput(result.stdout);
			expect(result.exitCode).toBe(0);
			expect(run?.status).toBe('success');

			const binary = run!.data.resultData.runData['Read Files'][0].data!.main[0][0].binary!.data;
			if (mode === 'default') expect(binary.id).toBeUndefined();
			else expect(binary.id).toMatch(mode === 'filesystem' ? /^filesystem-v2:/ : /^database:/);

			const [item] = run!.data.resultData.runData['DocSpace Upload'][0].data!.main[0];
			expect(item.json).toMatchObject({ title: 'quarterly-report.bin', folderId: 2001, pureContentLength: files.single.bytes.length });
			expect(item.json.viewUrl).toEqual(expect.stringContaining(`fileid=${item.json.id}`));
			const stored = emulator.file(item.json.id as number)!;
			expect(stored.versions[stored.versions.length - 1].sha256).toBe(files.single.sha256);
			expect(emulator.log.chunkRequests().filter((entry) => entry.mode === 'numbered').map((entry) => entry.booked).sort()).toEqual(
				[CHUNK, CHUNK, CHUNK, 4321].sort(),
			);
			expect(emulator.log.entries.every((entry) => entry.auth === 'cookie' && entry.userId === emulator.portal.owner.id)).toBe(true);
		});
	});

	test('several files in one execution are uploaded in input order, each paired to its input item', async () => {
		const result = await n8n.execute(workflows.many);
		expect(result.exitCode).toBe(0);
		const read = result.run!.data.resultData.runData['Read Files'][0].data!.main[0];
		const output = uploadOutput(result);
		expect(read).toHaveLength(4);
		expect(output.map((item) => item.json.title)).toEqual(read.map((item) => (item.json as { fileName: string }).fileName));
		expect(output.map((item) => item.pairedItem)).toEqual(read.map((_, index) => ({ item: index })));
		for (const item of output) {
			const source = files.many.find((file) => file.name === item.json.title)!;
			expect(emulator.file(item.json.id as number)!.versions.at(-1)!.sha256).toBe(source.sha256);
		}
		expect(sessionIds(emulator)).toHaveLength(4);
	});

	test('an unknown folder fails the execution with the node\'s own message', async () => {
		const result = await n8n.execute(workflows.unknownFolder);
		expect(result.exitCode).not.toBe(0);
		const error = result.run!.data.resultData.error!;
		expect(error.message).toBe('The folder 99999 was not found in DocSpace');
		expect(error.description).toMatch(/paste the link of the room or folder/);
		expect(emulator.log.chunkRequests()).toEqual([]);
	});

	test('bad credentials fail the execution with the node\'s own message and leak nothing', async () => {
		const result = await n8n.execute(workflows.badCredentials);
		expect(result.exitCode).not.toBe(0);
		expect(result.run!.data.resultData.error!.message).toBe('DocSpace did not accept the credentials (HTTP 401)');
		expect(`${result.stdout}${result.stderr}`).not.toContain('revoked-key');
		expect(`${result.stdout}${result.stderr}`).not.toContain(emulator.portal.owner.authKey);
	});

	test('with "Continue On Fail" the execution succeeds and outputs the error item', async () => {
		const result = await n8n.execute(workflows.continueOnFail);
		expect(result.exitCode).toBe(0);
		expect(result.run!.status).toBe('success');
		expect(uploadOutput(result)).toEqual([
			{ json: { error: 'The folder 99999 was not found in DocSpace', description: expect.stringMatching(/Check the folder ID/) }, pairedItem: { item: 0 } },
		]);
	});

	test('an item with three attachments, one already in the room, uploaded with "If File Exists: Skip": two new files and one skipped', async () => {
		const first = await n8n.execute(workflows.mailFirst);
		expect(first.exitCode).toBe(0);
		const [existing] = uploadOutput(first);
		expect(existing.json).toMatchObject({ title: 'mail-contract.pdf', version: 1 });

		emulator.log.clear();
		const result = await n8n.execute(workflows.mailSkip);
		expect(result.exitCode).toBe(0);
		expect(result.run!.status).toBe('success');
		const output = uploadOutput(result);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
		const byTitle = Object.fromEntries(output.map((item) => [item.json.title as string, item.json]));
		expect(Object.keys(byTitle).sort()).toEqual(['mail-contract.pdf', 'mail-photo.jpg', 'mail-sheet.xlsx']);
		expect(byTitle['mail-contract.pdf']).toMatchObject({ id: existing.json.id, version: 1, skipped: true });
		for (const file of files.mail) {
			const stored = emulator.file(byTitle[file.name].id as number)!;
			expect(stored.versions.map((version) => version.sha256)).toEqual([file.sha256]);
			expect(String(byTitle[file.name].binaryField)).toMatch(/^attachment_0(_\d)?$/);
		}
		expect(byTitle['mail-photo.jpg'].skipped).toBeUndefined();
		expect(sessionIds(emulator)).toHaveLength(2);
	});

	test.each([
		['sequential', workflows.retryAfterSequential],
		['numbered', workflows.retryAfterNumbered],
	])('a chunk refused with 429 and Retry-After: 1 is sent again no sooner than DocSpace asked (%s mode)', async (_mode, workflow) => {
		emulator.faults.add({ kind: 'too-many-requests', on: 'chunk', chunk: 2, retryAfterSeconds: 1 });
		const result = await n8n.execute(workflow);
		expect(result.exitCode).toBe(0);
		const [item] = uploadOutput(result);
		expect(emulator.file(item.json.id as number)!.versions[0].sha256).toBe(files.single.sha256);
		expectResentNoSoonerThan(emulator, 1000);
	});
});
