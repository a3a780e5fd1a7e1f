import { useEmulator } from '../helpers/emulator-fixture';
import { runUpload, uploadParameters } from '../helpers/engine';
import { credentialsFor, MiB, Scratch } from '../helpers/fixtures';
import { startRecorder } from '../helpers/recorder';

const emulator = useEmulator({ chunkUploadSize: MiB });
const scratch = new Scratch();

afterAll(() => scratch.cleanup());

async function upload(parameters: ReturnType<typeof uploadParameters>, name: string, size = 2 * MiB + 1) {
	const source = scratch.file(name, size);
	const result = await runUpload({ credentials: credentialsFor(emulator()), parameters, files: [{ name: source.name, path: source.path }] });
	expect(result.error).toBeUndefined();
	const stored = emulator().file(result.output[0].json.id as number)!;
	return { source, json: result.output[0].json, stored };
}

test('"File Name" renames the file, without the spaces around it; the binary\'s own name is used otherwise, or where it is only spaces', async () => {
	const { json, stored, source } = await upload(uploadParameters(2001, { fileName: '  Quarterly report.pdf \n' }), 'tmp-4711.bin');
	expect(json.title).toBe('Quarterly report.pdf');
	expect(stored.versions[0].sha256).toBe(source.sha256);
	expect((await upload(uploadParameters(2001), 'tmp-4712.bin', 10)).json.title).toBe('tmp-4712.bin');
	expect((await upload(uploadParameters(2001, { fileName: ' \t ' }), 'tmp-4713.bin', 10)).json.title).toBe('tmp-4713.bin');
});

test('"Encrypted (Private Room)" asks for an encrypted upload session; sessions are not encrypted otherwise', async () => {
	const createSession = jest.spyOn(emulator().portal, 'createSession');
	try {
		await upload(uploadParameters(2001), 'plain.bin', 10);
		await upload(uploadParameters(2001, { options: { encrypted: true } }), 'sealed.bin', 10);
		expect(createSession.mock.results.map((result) => [(result.value as { title: string }).title, (result.value as { encrypted: boolean }).encrypted])).toEqual([
			['plain.bin', false],
			['sealed.bin', true],
		]);
	} finally {
		createSession.mockRestore();
	}
});

test('a file with the name of an existing one becomes its new version', async () => {
	const first = await upload(uploadParameters(2002), 'contract.docx');
	const second = await upload(uploadParameters(2002), 'contract.docx');
	expect(second.json.id).toBe(first.json.id);
	expect(second.json.version).toBe(2);
	expect(second.stored.versions.map((version) => version.sha256)).toEqual([first.source.sha256, second.source.sha256]);
});

test('"If File Exists: Keep Both" adds the file under a free name instead', async () => {
	const first = await upload(uploadParameters(2002), 'offer.pdf');
	const second = await upload(uploadParameters(2002, { ifExists: 'keepBoth' }), 'offer.pdf');
	expect(second.json.id).not.toBe(first.json.id);
	expect(second.json).toMatchObject({ title: 'offer (1).pdf', version: 1 });
	expect(emulator().file(first.json.id as number)!.versions).toHaveLength(1);
});

test('"Relative Path" creates the subfolders and puts the file in the deepest one', async () => {
	const { json } = await upload(uploadParameters(2001, { options: { relativePath: '/2026//invoices/' } }), 'invoice.pdf');
	const invoices = emulator().portal.folder(json.folderId as number)!;
	expect(invoices.title).toBe('invoices');
	expect(emulator().portal.folder(invoices.parentId)!).toMatchObject({ title: '2026', parentId: 2001 });
	const createSession = emulator().log.apiRequests().find((entry) => entry.path.endsWith('/create_session'))!;
	expect(createSession.path).toBe('/api/2.0/files/2001/upload/create_session');
});

test('"Created On" stamps the new file with that date', async () => {
	const { json } = await upload(uploadParameters(2001, { options: { createOn: '2024-02-29T08:15:00.000Z' } }), 'scan.png', 1000);
	expect(json.created).toBe('2024-02-29T08:15:00.0000000+00:00');
});

test('"@my" uploads into the user\'s My documents', async () => {
	const { json } = await upload(uploadParameters('@my'), 'personal.txt', 50);
	expect(json.folderId).toBe(1001);
});

test('a folder link from the browser is understood', async () => {
	const link = `${emulator().url}/rooms/shared/2001/filter?folder=3001&count=100&sortby=DateAndTime`;
	const { json } = await upload({ ...uploadParameters(0), folder: { __rl: true, mode: 'url', value: link } }, 'linked.txt', 50);
	expect(json.folderId).toBe(3001);
});

test('the output is the file DocSpace stored, without upload details unless asked for', async () => {
	const { json } = await upload(uploadParameters(2001), 'plain-output.bin', 10);
	expect(json).toMatchObject({ title: 'plain-output.bin', folderId: 2001 });
	expect(json).not.toHaveProperty('uploadDetails');
});

test('"Include Upload Details" adds what the upload did', async () => {
	const started = Date.now();
	const { json } = await upload(uploadParameters(2001, { options: { includeUploadDetails: true, parallelChunks: 2 } }), 'detailed.bin', 3 * MiB + 5);
	const elapsed = Date.now() - started;
	expect(json.uploadDetails).toMatchObject({ mode: 'numbered', bytes: 3 * MiB + 5, chunks: 4, chunkSize: MiB, retries: 0, restarts: 0, streamed: true });
	const { durationMs } = json.uploadDetails as { durationMs: number };
	expect(durationMs).toBeGreaterThanOrEqual(0);
	expect(durationMs).toBeLessThanOrEqual(elapsed);
	expect(Math.max(...emulator().log.chunkRequests().map((entry) => entry.inFlight))).toBeLessThanOrEqual(1);
});

test('chunks go to the portal even when DocSpace names another host as the upload location', async () => {
	const foreign = await startRecorder();
	emulator().locationBaseUrl = foreign.url;
	try {
		const { source, stored } = await upload(uploadParameters(2001), 'behind-proxy.bin', 3 * MiB);
		expect(stored.versions[0].sha256).toBe(source.sha256);
		expect(foreign.requests).toEqual([]);
		expect(emulator().log.chunkRequests().length).toBe(4);
		for (const entry of emulator().log.chunkRequests()) expect(entry.host).toBe(new URL(emulator().url).host);
	} finally {
		emulator().locationBaseUrl = undefined;
		await foreign.stop();
	}
});
