/**
 * Inputs users get wrong, one row each: every one ends in a clear message (or, where DocSpace accepts
 * the input, in the file it stored), and no request with credentials goes anywhere but the portal:
 * the portal names a foreign host as its upload location throughout, and that host must hear nothing.
 */
import { useEmulator } from '../helpers/emulator-fixture';
import { runUpload, uploadParameters, type UploadRunSpec } from '../helpers/engine';
import { credentialsFor, MiB, Scratch } from '../helpers/fixtures';
import { expectNodeError, type ExpectedError } from '../helpers/node-errors';
import { startRecorder, type Recorder } from '../helpers/recorder';

const emulator = useEmulator({ chunkUploadSize: MiB });
let foreign: Recorder;
let notDocSpace: Recorder;
const scratch = new Scratch();

beforeAll(async () => {
	foreign = await startRecorder();
	notDocSpace = await startRecorder((_request, response) => {
		response.writeHead(200, { 'Content-Type': 'text/plain' });
		response.end('OK');
	});
	emulator().locationBaseUrl = foreign.url;
});
afterAll(async () => {
	await Promise.all([foreign.stop(), notDocSpace.stop()]);
	scratch.cleanup();
});
afterEach(() => {
	expect(foreign.requests).toEqual([]);
	for (const entry of emulator().log.entries) expect(entry.host).toBe(new URL(emulator().url).host);
});

type Overrides = Partial<UploadRunSpec>;

function spec(overrides: Overrides = {}): UploadRunSpec {
	const source = scratch.file('input.txt', 2 * MiB + 3);
	return {
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001),
		files: [{ name: source.name, path: source.path }],
		...overrides,
	};
}

const urlFolder = (value: string) => ({ ...uploadParameters(0), folder: { __rl: true, mode: 'url', value } });

describe('refused with a clear message, before any upload request', () => {
	test.each<[string, () => Overrides, ExpectedError]>([
		['no binary in the item', () => ({ files: [{ json: { id: 1 } }] }), { message: 'Item 0 has no binary data to upload', description: /Read\/Write Files from Disk/, operation: true }],
		[
			'the wrong binary field name',
			() => ({ files: [{ name: 'a.txt', path: scratch.file('a.txt', 5).path, field: 'attachment_0' }] }),
			{ message: 'Item 0 has no binary field "data"', description: /Its binary fields are: attachment_0/, operation: true },
		],
		['a folder id that is text', () => ({ parameters: uploadParameters('={{ "Sales" }}') }), { message: '"Sales" is not a DocSpace folder ID', description: /@my/, operation: true }],
		['a link to a file instead of a folder', () => ({ parameters: urlFolder(`${emulator().url}/doceditor?fileId=70001`) }), { message: 'The link opens a file, not a folder', operation: true }],
		['a public share link', () => ({ parameters: urlFolder(`${emulator().url}/rooms/share?key=abc`) }), { message: /public share link/, operation: true }],
		[
			'a link from another portal',
			() => ({ parameters: urlFolder('https://other.onlyoffice.com/rooms/shared/filter?folder=5') }),
			{ message: /The link is for https:\/\/other\.onlyoffice\.com, but the credential connects to/, operation: true },
		],
		[
			'a file name with a slash',
			() => ({ parameters: uploadParameters(2001, { fileName: 'reports/q3.pdf' }) }),
			{ message: 'The file name "reports/q3.pdf" from the "File Name" parameter contains a slash', description: /Relative Path/, operation: true },
		],
		['a file name of ".."', () => ({ parameters: uploadParameters(2001, { fileName: '..' }) }), { message: '".." is not a file name', operation: true }],
		[
			'a file name of 300 characters',
			() => ({ parameters: uploadParameters(2001, { fileName: `${'x'.repeat(296)}.pdf` }) }),
			{ message: 'The file name from the "File Name" parameter has 300 characters; DocSpace allows 170', operation: true },
		],
		[
			'a "Created On" that is no date',
			() => ({ parameters: uploadParameters(2001, { options: { createOn: 'next Tuesday' } }) }),
			{ message: '"next Tuesday" is not a date', description: /like 2026-01-15T13:30:00Z/, operation: true },
		],
		[
			'an "If File Exists" that an expression set to no choice of it',
			() => ({ parameters: uploadParameters(2001, { ifExists: '={{ "overwrite" }}' }) }),
			{ message: '"overwrite" is not a choice of "If File Exists"', description: /one of: newVersion, keepBoth, skip, fail\./, operation: true },
		],
		[
			'a relative path that climbs up',
			() => ({ parameters: uploadParameters(2001, { options: { relativePath: 'a/../../escape' } }) }),
			{ message: 'The relative path "a/../../escape" contains ".."', operation: true },
		],
		[
			'a Portal URL with a path',
			() => ({ credentials: { ...credentialsFor(emulator()), baseUrl: `${emulator().url}/rooms/shared` } }),
			{ message: /has a path; it must be the portal's address only/, description: /Use http:\/\/127\.0\.0\.1:\d+ as the Portal URL/, operation: true },
		],
		[
			'a Portal URL without a scheme',
			() => ({ credentials: { ...credentialsFor(emulator()), baseUrl: 'example.onlyoffice.com' } }),
			{ message: 'The Portal URL "example.onlyoffice.com" does not start with https:// or http://', description: /https:\/\/example\.onlyoffice\.com/, operation: true },
		],
	])('%s', async (_label, overrides, expected) => {
		const result = await runUpload(spec(overrides()));
		expectNodeError(result.error, expected);
		expect(emulator().log.entries.filter((entry) => entry.path !== '/api/2.0/files/settings')).toEqual([]);
	});
});

test.each([
	['a 0-byte stream, whose metadata promised more,', 'lost.bin', 3 * MiB, 0, 'is incomplete: The binary data ended after 0 of the 3145728 bytes its metadata states'],
	['a file that grew past its metadata', 'grown.bin', 2 * MiB, 2 * MiB + 1, 'is larger than recorded: The binary data holds more than the 2097152 bytes its metadata states'],
])('%s in the binary store is refused before any chunk is sent, and its session aborted', async (_label, name, size, storedSize, problem) => {
	const result = await runUpload(spec({ files: [{ name, path: scratch.file(name, size).path, truncateStoredTo: storedSize }] }));
	expectNodeError(result.error, { message: `The binary data of item 0 ${problem}`, description: /Nothing was committed/, operation: true });
	expect(emulator().log.chunkRequests().map((entry) => entry.mode)).toEqual(['abort']);
	expect(emulator().filesTitled(name)).toEqual([]);
});

test('a folder id typed as text is refused by n8n itself, before the run starts', async () => {
	// n8n 2.x names the parameter's problem; n8n 1.x only says the workflow has issues.
	await expect(runUpload(spec({ parameters: uploadParameters('Sales') }))).rejects.toThrow(
		/Enter a folder ID \(a number\) or @my|The workflow has issues/,
	);
	expect(emulator().log.entries).toEqual([]);
});

test('a server that answers with something other than JSON is named as such', async () => {
	const result = await runUpload(spec({ credentials: { ...credentialsFor(emulator()), baseUrl: notDocSpace.url } }));
	expectNodeError(result.error, {
		message: 'DocSpace answered /api/2.0/files/settings with something that is not its JSON envelope',
		description: /does not look like a DocSpace portal/,
	});
	expect(notDocSpace.requests.map((request) => request.url)).toEqual(['/api/2.0/files/settings']);
});

describe('accepted, with the result DocSpace gives', () => {
	test('an empty file becomes an empty file', async () => {
		const empty = scratch.file('empty.txt', 0);
		const result = await runUpload(spec({ files: [{ name: empty.name, path: empty.path }] }));
		expect(result.output[0].json).toMatchObject({ title: 'empty.txt' });
		expect(emulator().file(result.output[0].json.id as number)!.versions[0].size).toBe(0);
	});

	test('emoji in a file name are replaced the way DocSpace does it, and the output shows the stored title', async () => {
		const result = await runUpload(spec({ parameters: uploadParameters(2001, { fileName: 'holiday 🌴.jpg' }) }));
		expect(result.output[0].json.title).toBe('holiday __.jpg');
	});

	test('chunks go to the portal although it names another host as the upload location', async () => {
		const result = await runUpload(spec());
		expect(result.error).toBeUndefined();
		expect(emulator().log.chunkRequests().length).toBe(4);
	});
});
