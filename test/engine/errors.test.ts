import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

import { useEmulator } from '../helpers/emulator-fixture';
import { logLines, runUpload, uploadParameters } from '../helpers/engine';
import { credentialsFor, MiB, Scratch, sessionIds } from '../helpers/fixtures';
import { startRecorder } from '../helpers/recorder';
import { expectNodeError, type ExpectedError } from '../helpers/node-errors';

const emulator = useEmulator({ chunkUploadSize: MiB, maxFileSize: 3 * MiB });
const scratch = new Scratch();
const small = () => scratch.file('notes.txt', 100);

afterAll(() => scratch.cleanup());

describe('refusals by the portal say what happened and what to do', () => {
	test.each<[string, () => Parameters<typeof runUpload>[0], ExpectedError]>([
		[
			'an unknown folder',
			() => ({ credentials: credentialsFor(emulator()), parameters: uploadParameters(99999), files: [] }),
			{ message: 'The folder 99999 was not found in DocSpace', description: /The required folder was not found/, httpCode: '404' },
		],
		[
			'a room where the user may only read',
			() => ({ credentials: credentialsFor(emulator(), 'authKey', emulator().portal.users[1]), parameters: uploadParameters(2001), files: [] }),
			{ message: 'No permission to upload into folder 2001', description: /DocSpace said: "Access denied"/, httpCode: '403' },
		],
		[
			'the Rooms section itself',
			() => ({ credentials: credentialsFor(emulator()), parameters: uploadParameters(1002), files: [] }),
			{ message: 'No permission to upload into folder 1002', description: /Rooms list itself and the Archive cannot hold files/, httpCode: '403' },
		],
		[
			'a file larger than the portal allows',
			() => ({ credentials: credentialsFor(emulator()), parameters: uploadParameters(2001), files: [], size: 3 * MiB + 1 }),
			{
				message: 'The file is too large for this DocSpace portal: The maximum file size is exceeded (3 MB).',
				description: /The file has 3145729 bytes/,
				httpCode: '402',
			},
		],
	])('%s', async (_label, setup, expected) => {
		const { size, ...spec } = setup() as Parameters<typeof runUpload>[0] & { size?: number };
		const source = scratch.file('refused.bin', size ?? 1000);
		const result = await runUpload({ ...spec, files: [{ name: source.name, path: source.path }] });
		expectNodeError(result.error, expected);
		expect(emulator().log.chunkRequests()).toEqual([]);
		expect(emulator().filesTitled('refused.bin')).toEqual([]);
	});
});

test('a server that answers with web pages is named as such', async () => {
	const html = await startRecorder((_request, response) => {
		response.writeHead(200, { 'Content-Type': 'text/html' });
		response.end('<html><head><title>Sign in - Corporate SSO</title></head><body></body></html>');
	});
	try {
		const source = small();
		const result = await runUpload({
			credentials: { ...credentialsFor(emulator()), baseUrl: html.url },
			parameters: uploadParameters(2001),
			files: [{ name: source.name, path: source.path }],
		});
		expectNodeError(result.error, {
			message: "The portal answered with a web page instead of DocSpace's API (HTTP 200: Sign in - Corporate SSO)",
			description: /no login page, proxy or firewall answers in its place/,
		});
		expect(html.requests).toHaveLength(1);
	} finally {
		await html.stop();
	}
});

test('a failed chunk aborts the session, so no partial upload is left behind', async () => {
	emulator().faults.add({ kind: 'handler-error', on: 'chunk', chunk: 2, times: 10 });
	const source = scratch.file('broken.bin', 3 * MiB);
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001, { options: { retries: 1 } }),
		files: [{ name: source.name, path: source.path }],
	});
	expectNodeError(result.error, {
		message: 'DocSpace refused the upload request: The process cannot access the file because it is being used by another process.',
		description: /upload session was aborted/,
	});
	const [session] = sessionIds(emulator());
	expect(emulator().log.chunkRequests().filter((entry) => entry.mode === 'abort')).toMatchObject([{ query: { uid: session, abort: 'true' }, success: true }]);
	expect(emulator().portal.sessions.has(session)).toBe(false);
	expect(emulator().filesTitled('broken.bin')).toEqual([]);
});

test('an upload that starts over closes the file of n8n\'s binary data store it had begun to read', async () => {
	// A sequential chunk that failed may have been stored: the upload starts over in a new session.
	emulator().faults.add({ kind: 'html-503', on: 'chunk', chunk: 1 });
	const source = scratch.file('read-twice.bin', 3 * MiB);
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		// One chunk at a time: the first pass reads no further than the chunk after the one that failed.
		parameters: uploadParameters(2001, { options: { uploadMode: 'sequential', includeUploadDetails: true } }),
		files: [{ name: source.name, path: source.path }],
		binaryMode: 'filesystem',
	});
	expect(result.output[0].json.uploadDetails).toMatchObject({ restarts: 1 });
	// Closing a file is asynchronous: its descriptor goes within a few turns of the event loop.
	for (let waited = 0; openBinaryDataFiles().length > 0 && waited < 1000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
	expect(openBinaryDataFiles()).toEqual([]);
});

/** The files of n8n's binary data store this process holds open (Linux: its descriptors in /proc). */
function openBinaryDataFiles(): string[] {
	const store = join(process.env.N8N_USER_FOLDER!, 'binaryData');
	return readdirSync('/proc/self/fd').flatMap((fd) => {
		try {
			const target = readlinkSync(`/proc/self/fd/${fd}`);
			return target.startsWith(store) ? [target] : [];
		} catch {
			return []; // closed while being listed
		}
	});
}

test('with Continue On Fail, a failed item becomes an error item and the others are uploaded', async () => {
	const [first, third] = [scratch.file('first.txt', 10), scratch.file('third.txt', MiB + 10)];
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001),
		files: [{ name: first.name, path: first.path }, { json: { note: 'no file here' } }, { name: third.name, path: third.path }],
		continueOnFail: true,
	});
	expect(result.error).toBeUndefined();
	expect(result.output).toHaveLength(3);
	expect(result.output[0].json.title).toBe('first.txt');
	expect(result.output[1]).toEqual({
		json: { error: 'Item 1 has no binary data to upload', description: expect.stringMatching(/binary data of each item/), binaryField: 'data' },
		pairedItem: { item: 1 },
	});
	expect(result.output[2].json.title).toBe('third.txt');
	expect(emulator().file(result.output[2].json.id as number)!.versions[0].sha256).toBe(third.sha256);
});

test('a failed settings request is asked again for the next item', async () => {
	emulator().faults.add({ kind: 'html-503', on: 'settings' });
	const [first, second] = [scratch.file('one.txt', 10), scratch.file('two.txt', 10)];
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001, { options: { retries: 0 } }),
		files: [{ name: first.name, path: first.path }, { name: second.name, path: second.path }],
		continueOnFail: true,
	});
	// n8n 2.x keeps the page, so the message says it was a web page; n8n 1.x keeps only the status.
	expect(result.output[0].json.error).toMatch(/HTTP 503/);
	expect(result.output[1].json.title).toBe('two.txt');
});

test('without Continue On Fail, no item is started after one failed', async () => {
	const later = [1, 2, 3].map((index) => scratch.file(`after-${index}.txt`, 10));
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		// Item 0 fails at once, while item 1 is being uploaded beside it.
		parameters: uploadParameters(2001, { options: { itemConcurrency: 2 } }),
		files: [{ json: { note: 'no file here' } }, ...later.map((file) => ({ name: file.name, path: file.path }))],
	});
	expect(result.error?.message).toBe('Item 0 has no binary data to upload');
	const started = emulator().log.entries.filter((entry) => entry.path.endsWith('/upload/create_session'));
	expect(started.length).toBeLessThanOrEqual(1);
});

test('items failing at once: the execution fails with the error of the first of them', async () => {
	emulator().faults.add({ kind: 'null-reference', on: 'create-session', times: 1000 });
	const first = scratch.file('fails-later.txt', 10);
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001, { options: { itemConcurrency: 2, retries: 0 } }),
		// Item 1 fails at once; item 0 only once DocSpace answered.
		files: [{ name: first.name, path: first.path }, { json: { note: 'no file here' } }],
	});
	expect(result.error?.message).toMatch(/Object reference not set/);
	expect((result.error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(0);
});

test('without Continue On Fail, the execution fails with the error of the failed item', async () => {
	const first = scratch.file('ok.txt', 10);
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001),
		files: [{ name: first.name, path: first.path }, { json: {} }],
	});
	expect(result.error?.message).toBe('Item 1 has no binary data to upload');
	expect((result.error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(1);
});

test('a proxy that answers 503 until the retries run out is named, with the tries, and the Portal URL is not blamed', async () => {
	emulator().faults.add({ kind: 'html-503', on: 'settings', times: 1000 });
	const source = small();
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001, { options: { retries: 2 } }),
		files: [{ name: source.name, path: source.path }],
	});
	expectNodeError(result.error, {
		message: /^The portal or a proxy in front of it was unavailable \(HTTP 503(: [^)]+)?\)$/,
		description: /^The request was sent 3 times\. DocSpace, or the proxy or load balancer before it, could not serve the request/,
		httpCode: '503',
	});
	expect(result.error?.description).not.toMatch(/Portal URL/);
	expect(emulator().log.entries.filter((entry) => entry.path === '/api/2.0/files/settings')).toHaveLength(3);
});

describe('a null reference from DocSpace on create_session is a server error, not a lost session: no session existed yet', () => {
	test('once: the request is sent again and the file delivered', async () => {
		emulator().faults.add({ kind: 'null-reference', on: 'create-session' });
		const source = small();
		logLines.length = 0;
		const result = await runUpload({
			credentials: credentialsFor(emulator()),
			parameters: uploadParameters(2001, { options: { includeUploadDetails: true } }),
			files: [{ name: source.name, path: source.path }],
		});
		expect(result.error).toBeUndefined();
		expect(emulator().file(result.output[0].json.id as number)!.versions[0].sha256).toBe(source.sha256);
		expect(emulator().log.entries.filter((entry) => entry.path.endsWith('/upload/create_session'))).toHaveLength(2);
		expect(result.output[0].json.uploadDetails).toMatchObject({ retries: 1, restarts: 0 });
		expect(logLines.filter((line) => line.message === 'DocSpace Upload: Request failed, retrying')).toEqual([
			{
				level: 'debug',
				message: 'DocSpace Upload: Request failed, retrying',
				metadata: expect.objectContaining({ itemIndex: 0, reason: expect.stringMatching(/Object reference not set/), attempt: 1, delayMs: expect.any(Number) }),
			},
		]);
	});

	test('until the retries run out: the error says what DocSpace said, with the tries', async () => {
		emulator().faults.add({ kind: 'null-reference', on: 'create-session', times: 1000 });
		const source = small();
		const result = await runUpload({
			credentials: credentialsFor(emulator()),
			parameters: uploadParameters(2001, { options: { retries: 1 } }),
			files: [{ name: source.name, path: source.path }],
		});
		expectNodeError(result.error, {
			message: /Object reference not set to an instance of an object\./,
			description: /^The request was sent 2 times\. The portal may be overloaded or down/,
			httpCode: '500',
		});
	});
});

test('a redirect to an address that does not parse is reported, not a crash', async () => {
	const redirecting = await startRecorder((_request, response) => {
		response.writeHead(302, { Location: 'https://[portal' });
		response.end();
	});
	try {
		const source = small();
		const result = await runUpload({
			credentials: { ...credentialsFor(emulator()), baseUrl: redirecting.url },
			parameters: uploadParameters(2001),
			files: [{ name: source.name, path: source.path }],
		});
		// n8n 1.x keeps only the status of the answer, not its Location header.
		expectNodeError(result.error, {
			message: /^The portal redirected the request to (https:\/\/\[portal|another address)$/,
			description: /Check the credential's Portal URL/,
		});
	} finally {
		await redirecting.stop();
	}
});
