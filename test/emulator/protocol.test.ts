/**
 * The emulator answers as DocSpace-server does at the tag each profile models. Every test names the
 * source it checks (tag, file, method); docs/docspace-protocol.md has the rules with the same sources.
 */
import FormData from 'form-data';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';

import { sha256 } from '../helpers/fixtures';
import { startEmulator, type DocSpaceEmulator, type EmulatorOptions, type ServerVersion } from './index';
import type { User } from './model';

const CHUNK = 64 * 1024;
const NOT_AUTHORIZED = 'Not authorized or session with specified upload id already expired';
const NULL_REFERENCE = 'Object reference not set to an instance of an object.';

type Json = Record<string, any>;

/** Speaks to one emulator as one user, the way a client of the real server would. */
class Client {
	constructor(
		readonly emulator: DocSpaceEmulator,
		/** null: not signed in. */
		readonly user: User | null = emulator.portal.owner,
	) {}

	private get auth(): Record<string, string> {
		return this.user ? { cookie: `asc_auth_key=${this.user.authKey}` } : {};
	}

	async api(method: string, path: string, body?: unknown) {
		const response = await fetch(`${this.emulator.url}/api/2.0/${path}`, {
			method,
			headers: { ...this.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await response.text();
		return { status: response.status, text, headers: response.headers, json: text ? (JSON.parse(text) as Json) : undefined };
	}

	/** POST files/{folder}/upload/create_session; the session's id. */
	async createSession(fileName: string, fileSize: number, extra: Json = {}, folderId = 2001): Promise<string> {
		const { json } = await this.api('POST', `files/${folderId}/upload/create_session`, { fileName, fileSize, ...extra });
		return json!.response.data.id as string;
	}

	/** A POST to ChunkedUploader.ashx?uid=…&query, with the chunk as a form-data file part (or no body). */
	async chunk(session: string, query = '', chunk?: Buffer, extraCrlf = false) {
		const framed = chunk ? multipart(chunk, extraCrlf) : undefined;
		const response = await fetch(`${this.emulator.url}/ChunkedUploader.ashx?uid=${session}${query}`, {
			method: 'POST',
			headers: { ...this.auth, ...(framed ? { 'content-type': framed.contentType } : {}) },
			body: framed?.body,
		});
		const text = await response.text();
		return { status: response.status, json: text ? (JSON.parse(text) as Json) : undefined };
	}

	/** A numbered or sequential chunk whose body is sent in two parts, with `between` run in between. */
	async chunkInTwoParts(session: string, query: string, chunk: Buffer, between: () => Promise<void>) {
		const framed = multipart(chunk);
		const url = new URL(`${this.emulator.url}/ChunkedUploader.ashx?uid=${session}${query}`);
		const request = httpRequest(url, { method: 'POST', headers: { ...this.auth, 'content-type': framed.contentType, 'content-length': framed.body.length } });
		const response = new Promise<IncomingMessage>((resolve, reject) => request.on('response', resolve).on('error', reject));
		const half = Math.floor(framed.body.length / 2);
		request.write(framed.body.subarray(0, half));
		await between();
		request.end(framed.body.subarray(half));
		const answer = await response;
		let text = '';
		for await (const piece of answer) text += String(piece);
		return { status: answer.statusCode, json: text ? (JSON.parse(text) as Json) : undefined };
	}

	/** A REST session route (v3.7.1+) with an optional multipart `file`. */
	async rest(method: string, path: string, chunk?: Buffer, field = 'file') {
		const framed = chunk ? multipart(chunk, false, field) : undefined;
		const response = await fetch(`${this.emulator.url}/api/2.0/${path}`, {
			method,
			headers: { ...this.auth, ...(framed ? { 'content-type': framed.contentType } : {}) },
			body: framed?.body,
		});
		const text = await response.text();
		return { status: response.status, text, json: response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Json) : undefined };
	}
}

function multipart(chunk: Buffer, extraCrlf = false, field = 'file'): { body: Buffer; contentType: string } {
	const form = new FormData();
	form.append(field, chunk, { filename: 'blob', contentType: 'application/octet-stream' });
	const body = form.getBuffer();
	return { body: extraCrlf ? Buffer.concat([body, Buffer.from('\r\n')]) : body, contentType: form.getHeaders()['content-type'] };
}

async function withEmulator(options: EmulatorOptions, run: (client: Client) => Promise<void>): Promise<void> {
	const emulator = await startEmulator({ chunkUploadSize: CHUNK, ...options });
	try {
		await run(new Client(emulator));
	} finally {
		await emulator.stop();
	}
}

async function until(condition: () => Promise<boolean>): Promise<void> {
	while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}

function userNamed(emulator: DocSpaceEmulator, email: string): User {
	return emulator.portal.users.find((user) => user.email === email)!;
}


describe('v3.7.1-server (profile 3.7, the default)', () => {
	let emulator: DocSpaceEmulator;
	let owner: Client;
	beforeAll(async () => {
		emulator = await startEmulator({ chunkUploadSize: CHUNK });
		owner = new Client(emulator);
	});
	afterAll(async () => await emulator.stop());

	test('protected API calls without credentials get 401 with an empty body; the auth probe answers false (BaseStartup AuthorizeFilter; AuthenticationController.IsAuthenticated)', async () => {
		const anonymous = new Client(emulator, null);
		expect(await anonymous.api('GET', 'people/@self')).toMatchObject({ status: 401, text: '' });
		expect((await anonymous.api('GET', 'authentication')).json).toMatchObject({ response: false, statusCode: 200 });
		expect((await owner.api('GET', 'authentication')).json).toMatchObject({ response: true });
	});

	test('an empty file is described without pureContentLength (FileDto: ContentLength.NullIfDefault(), and DocSpace writes no nulls)', async () => {
		const empty = await owner.chunk(await owner.createSession('byte-count-0.txt', 0), '', Buffer.alloc(0));
		const oneByte = await owner.chunk(await owner.createSession('byte-count-1.txt', 1), '', randomBytes(1));
		expect(empty).toMatchObject({ status: 201, json: { data: { file: { title: 'byte-count-0.txt' } } } });
		expect(empty.json!.data.file).not.toHaveProperty('pureContentLength');
		expect(oneByte.json!.data.file.pureContentLength).toBe(1);
		const listed = (await owner.api('GET', 'files/2001?filterValue=byte-count')).json!.response.files as Json[];
		expect(listed.map((file) => [file.title, 'pureContentLength' in file])).toEqual([['byte-count-0.txt', false], ['byte-count-1.txt', true]]);
	});

	test('files/settings answers anyone, also a caller with bad credentials (SettingsController.GetFilesSettings is [AllowAnonymous] at every tag)', async () => {
		expect((await new Client(emulator, null).api('GET', 'files/settings')).json!.response).toMatchObject({ chunkUploadSize: CHUNK });
		const stranger = { ...emulator.portal.owner, authKey: 'not-a-valid-key' };
		expect((await new Client(emulator, stranger).api('GET', 'files/settings')).status).toBe(200);
	});

	test('an unknown route gets an empty 404, a known path with another method an empty 405 (endpoint routing, no fallback in BaseStartup)', async () => {
		expect(await owner.api('GET', 'files/2001/upload/nothing-here')).toMatchObject({ status: 404, text: '' });
		expect(await owner.api('GET', 'files/2001/upload/create_session')).toMatchObject({ status: 405, text: '' });
	});

	test('handler errors are HTTP 200 success:false; "Not authorized" only for a caller who is not signed in, sends no uid, or does not own the session (ChunkedUploaderHandler.TryAuthorizeAsync)', async () => {
		const session = await owner.createSession('mine.bin', 10);
		expect(await new Client(emulator, null).chunk(session, '', randomBytes(10))).toEqual({ status: 200, json: { success: false, message: NOT_AUTHORIZED } });
		expect(await new Client(emulator, userNamed(emulator, 'guest@docspace.test')).chunk(session, '', randomBytes(10))).toEqual({
			status: 200,
			json: { success: false, message: NOT_AUTHORIZED },
		});
		expect(await owner.chunk('', '', randomBytes(10))).toEqual({ status: 200, json: { success: false, message: NOT_AUTHORIZED } });
	});

	test('a session the cache does not have answers the null reference of ChunkedUploadSessionHolder.GetSessionAsync, for any signed-in caller', async () => {
		const unknown = '0123456789abcdef0123456789abcdef';
		expect(await owner.chunk(unknown, '', randomBytes(10))).toEqual({ status: 200, json: { success: false, message: NULL_REFERENCE } });
		expect((await new Client(emulator, userNamed(emulator, 'guest@docspace.test')).chunk(unknown, '', randomBytes(10))).json!.message).toBe(NULL_REFERENCE);
		const aborted = await owner.createSession('aborted.bin', 3 * CHUNK);
		expect((await owner.chunk(aborted, '&abort=true')).json).toEqual({ success: true, message: '' });
		expect((await owner.chunk(aborted, '', randomBytes(CHUNK))).json!.message).toBe(NULL_REFERENCE);
	});

	test('a file smaller than one chunk is saved by its first request, answered 201 (FileDao.UploadChunkAsync, UseChunks = false)', async () => {
		const bytes = randomBytes(1000);
		const answer = await owner.chunk(await owner.createSession('small.txt', bytes.length), '', bytes);
		expect(answer.status).toBe(201);
		expect(emulator.file(answer.json!.data.id)!.versions[0].sha256).toBe(sha256(bytes));
	});

	test('completion counts chunk numbers: chunks smaller than the chunk size never complete the upload (CommonChunkedUploadSessionHolder.GetChunksAsync)', async () => {
		const session = await owner.createSession('halves.bin', CHUNK * 1.5);
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await owner.chunk(session, '', randomBytes(CHUNK / 2))).status);
		expect(statuses).toEqual([200, 200, 200]);
	});

	test('a sequential chunk sent twice makes the server commit a damaged file early (FileDao.UploadChunkAsync numbers it again)', async () => {
		const chunks = [0, 1, 2, 3].map(() => randomBytes(CHUNK));
		const session = await owner.createSession('twice.bin', 4 * CHUNK);
		const statuses = [];
		for (const chunk of [chunks[0], chunks[1], chunks[1], chunks[2]]) statuses.push((await owner.chunk(session, '', chunk)).status);
		expect(statuses).toEqual([200, 200, 200, 201]);
		const [file] = emulator.filesTitled('twice.bin');
		expect(file.versions[0].sha256).toBe(sha256(Buffer.concat([chunks[0], chunks[1], chunks[1], chunks[2]])));
	});

	test('numbered chunks are booked by Content-Length: exact framing finalizes, an extra CRLF does not (ChunkedUploaderHandler UploadAsync)', async () => {
		const chunks = [randomBytes(CHUNK), randomBytes(CHUNK), randomBytes(100)];
		const session = await owner.createSession('numbered.bin', 2 * CHUNK + 100);
		// A full chunk with two bytes too many in its framing is booked over the chunk size and refused.
		expect((await owner.chunk(session, '&upload=true&chunkNumber=1', chunks[0], true)).json).toEqual({ success: false, message: 'The maximum file size is exceeded (100 MB).' });
		for (const number of [3, 1, 2]) {
			expect((await owner.chunk(session, `&upload=true&chunkNumber=${number}`, chunks[number - 1], number === 3)).json!.success).toBe(true);
		}
		expect(emulator.log.chunkRequests().find((entry) => entry.query.uid === session && entry.query.chunkNumber === '3')).toMatchObject({ received: 100, booked: 102 });
		expect((await owner.chunk(session, '&finalize=true')).json).toEqual({ success: false, message: 'uploadSize != bytesTotal' });
		// The session survives a failed finalize: the chunk sent again replaces the bad one.
		expect((await owner.chunk(session, '&upload=true&chunkNumber=3', chunks[2])).json!.success).toBe(true);
		const done = await owner.chunk(session, '&finalize=true');
		expect(done.status).toBe(201);
		expect(emulator.file(done.json!.data.id)!.versions[0].sha256).toBe(sha256(Buffer.concat(chunks)));
	});

	test('numbered chunks never touch ChunksUploaded: a later sequential chunk is number 1 (FileDao.UploadChunkAsync with chunkNumber)', async () => {
		const [first, second] = [randomBytes(CHUNK), randomBytes(CHUNK)];
		const session = await owner.createSession('mixed.bin', 2 * CHUNK);
		expect((await owner.chunk(session, '&upload=true&chunkNumber=2', second)).status).toBe(200);
		const done = await owner.chunk(session, '', first);
		expect(done.status).toBe(201);
		expect(emulator.file(done.json!.data.id)!.versions[0].sha256).toBe(sha256(Buffer.concat([first, second])));
	});

	test('a chunk larger than the chunk size is refused (FileUploader.UploadChunkAsync → TenantQuotaException)', async () => {
		const session = await owner.createSession('big.bin', 3 * CHUNK);
		expect((await owner.chunk(session, '', randomBytes(CHUNK + 1))).json).toEqual({ success: false, message: 'The maximum file size is exceeded (100 MB).' });
	});

	describe('sessions without chunks (fileSize < chunk size: CommonChunkedUploadSessionHolder.InitAsync)', () => {
		test('finalize commits nothing, keeps the session and answers 201 with the session\'s unsaved file (ChunkedUploaderHandler Finalize)', async () => {
			const bytes = randomBytes(500);
			const session = await owner.createSession('later.txt', bytes.length);
			const finalized = await owner.chunk(session, '&finalize=true');
			expect(finalized).toMatchObject({ status: 201, json: { success: true, data: { id: 0, title: 'later.txt', uploaded: true } } });
			expect(emulator.filesTitled('later.txt')).toEqual([]);
			// The session is still there: the file can still be sent, and finalize then answers it.
			const sent = await owner.chunk(session, '&upload=true&chunkNumber=1', bytes);
			expect(sent).toMatchObject({ status: 200, json: { success: true, data: { id: session } } });
			const again = await owner.chunk(session, '&finalize=true');
			expect(again.status).toBe(201);
			expect(emulator.file(again.json!.data.id)!.versions[0].sha256).toBe(sha256(bytes));
		});

		test('a piece larger than bytes_total is silently ignored, yet the sequential answer is 201 (FileDao.UploadChunkAsync)', async () => {
			const session = await owner.createSession('tiny.txt', 10);
			const answer = await owner.chunk(session, '', randomBytes(20));
			expect(answer).toMatchObject({ status: 201, json: { success: true, data: { id: 0, title: 'tiny.txt' } } });
			expect(emulator.filesTitled('tiny.txt')).toEqual([]);
		});
	});

	describe('same title (FileUploader.VerifyFileUploadAsync)', () => {
		test('createNewIfExist reserves the free title at create_session: " (1)" before the last dot, so ".env" becomes " (1).env" (Global.GetAvailableTitleAsync)', async () => {
			for (const [title, expected] of [['report.txt', 'report (1).txt'], ['.env', ' (1).env'], ['README', 'README (1)'], ['a.tar.gz', 'a.tar (1).gz']]) {
				const bytes = randomBytes(10);
				await owner.chunk(await owner.createSession(title, 10), '', bytes);
				// Both sessions are created before either commits: each reserves the same free title.
				const [first, second] = [await owner.createSession(title, 10, { createNewIfExist: true }), await owner.createSession(title, 10, { createNewIfExist: true })];
				const answers = [(await owner.chunk(first, '', bytes)).json!.data.title, (await owner.chunk(second, '', bytes)).json!.data.title];
				expect(answers).toEqual([expected, expected]);
			}
			const third = await owner.createSession('report.txt', 10, { createNewIfExist: true });
			expect((await owner.chunk(third, '', randomBytes(10))).json!.data.title).toBe('report (2).txt');
		});

		test('a same-titled file becomes a new version only for a user who may edit it; a guest content creator gets a second file (FileUploader.CanEditAsync)', async () => {
			const creator = new Client(emulator, userNamed(emulator, 'creator@docspace.test'));
			const first = await owner.chunk(await owner.createSession('shared.txt', 10), '', randomBytes(10));
			const versioned = await owner.chunk(await owner.createSession('shared.txt', 10), '', randomBytes(10));
			expect(versioned.json!.data).toMatchObject({ id: first.json!.data.id, version: 2 });
			const byGuest = await creator.chunk(await creator.createSession('shared.txt', 10), '', randomBytes(10));
			expect(byGuest.json!.data).toMatchObject({ title: 'shared.txt', version: 1 });
			expect(byGuest.json!.data.id).not.toBe(first.json!.data.id);
			expect(emulator.filesTitled('shared.txt')).toHaveLength(2);
		});
	});

	describe('REST session routes (UploadController, v3.7.1-server)', () => {
		test('POST files/{folderId}/session answers the session itself in the envelope (CreateUploadSessionInFolder)', async () => {
			const created = await owner.api('POST', 'files/2001/session', { fileName: 'rest.bin', fileSize: 2 * CHUNK });
			expect(created.status).toBe(200);
			expect(created.json!.response).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{32}$/), path: [1002, 2001], bytes_total: 2 * CHUNK });
			expect(created.json!.response.location).toBe(`${emulator.url}/ChunkedUploader.ashx?uid=${created.json!.response.id}`);
		});

		test('sequential chunks: 200 with uploaded:false, then 201 with the file (UploadSession)', async () => {
			const chunks = [randomBytes(CHUNK), randomBytes(100)];
			const { json } = await owner.api('POST', 'files/2001/session', { fileName: 'rest-seq.bin', fileSize: CHUNK + 100 });
			const id = json!.response.id as string;
			const first = await owner.rest('POST', `files/2001/session/${id}`, chunks[0]);
			expect(first).toMatchObject({ status: 200, json: { response: { id: 0, title: 'rest-seq.bin', uploaded: false }, statusCode: 200 } });
			const last = await owner.rest('POST', `files/2001/session/${id}`, chunks[1]);
			expect(last).toMatchObject({ status: 201, json: { response: { title: 'rest-seq.bin', uploaded: true }, statusCode: 201 } });
			expect(emulator.file(last.json!.response.id)!.versions[0].sha256).toBe(sha256(Buffer.concat(chunks)));
			expect(emulator.log.chunkRequests().filter((entry) => entry.query.uid === id).map((entry) => entry.mode)).toEqual(['sequential', 'sequential']);
		});

		test('numbered chunks take IFormFile.Length, finalize answers 201; a session of create_session works here too (UploadAsyncSession, FinalizeSession)', async () => {
			const chunks = [randomBytes(CHUNK), randomBytes(100)];
			const id = await owner.createSession('rest-num.bin', CHUNK + 100);
			for (const number of [2, 1]) {
				const answer = await owner.rest('POST', `files/2001/session/${id}/upload?chunkNumber=${number}`, chunks[number - 1]);
				expect(answer).toMatchObject({ status: 200, json: { response: { id, path: [2001] } } });
			}
			const done = await owner.rest('PUT', `files/2001/session/${id}/finalize`);
			expect(done).toMatchObject({ status: 201, json: { response: { uploaded: true, title: 'rest-num.bin' }, statusCode: 201 } });
			expect(emulator.file(done.json!.response.id)!.versions[0].sha256).toBe(sha256(Buffer.concat(chunks)));
		});

		test('errors come in the error envelope: unknown session 500 null reference, too large a chunk 402, incomplete finalize 400; no owner check (GetSessionAsync, CustomExceptionHandler)', async () => {
			const unknown = await owner.rest('POST', 'files/2001/session/0123456789abcdef0123456789abcdef', randomBytes(10));
			expect(unknown).toMatchObject({ status: 500, json: { error: { message: NULL_REFERENCE }, status: 1, statusCode: 500 } });
			const id = await owner.createSession('rest-err.bin', 2 * CHUNK);
			expect(await owner.rest('POST', `files/2001/session/${id}`, randomBytes(CHUNK + 1))).toMatchObject({
				status: 402,
				json: { error: { message: 'The maximum file size is exceeded (100 MB).' }, statusCode: 402 },
			});
			expect(await owner.rest('PUT', `files/2001/session/${id}/finalize`)).toMatchObject({ status: 400, json: { error: { message: 'uploadSize != bytesTotal' } } });
			const guest = new Client(emulator, userNamed(emulator, 'guest@docspace.test'));
			expect((await guest.rest('POST', `files/2001/session/${id}/upload?chunkNumber=1`, randomBytes(CHUNK))).status).toBe(200);
			expect(await owner.rest('DELETE', `files/2001/session/${id}`)).toMatchObject({ status: 200, json: { count: 0, statusCode: 200 } });
			expect((await owner.chunk(id, '', randomBytes(10))).json!.message).toBe(NULL_REFERENCE);
		});

		test('faults strike the REST chunk and finalize positions like the handler\'s (faults.ts)', async () => {
			const id = await owner.createSession('rest-fault.bin', 2 * CHUNK);
			emulator.faults.add({ kind: 'html-503', on: 'chunk', chunk: 2 });
			emulator.faults.add({ kind: 'session-expired', on: 'finalize' });
			await owner.rest('POST', `files/2001/session/${id}/upload?chunkNumber=1`, randomBytes(CHUNK));
			expect((await owner.rest('POST', `files/2001/session/${id}/upload?chunkNumber=2`, randomBytes(CHUNK))).status).toBe(503);
			await owner.rest('POST', `files/2001/session/${id}/upload?chunkNumber=2`, randomBytes(CHUNK));
			expect(await owner.rest('PUT', `files/2001/session/${id}/finalize`)).toMatchObject({ status: 500, json: { error: { message: NULL_REFERENCE } } });
			expect(emulator.faults.fired.map((fault) => fault.kind)).toEqual(['html-503', 'session-expired']);
			emulator.faults.clear();
		});
	});
});

describe.each<[ServerVersion, string, boolean]>([
	['2.0', '2.0.2', false],
	['2.5', '2.5.0', false],
	['2.6', '2.6.0', true],
	['3.7', '3.7.1', true],
	['future', '4.0.0', true],
])('profile %s', (version, docSpace, threads) => {
	test(`settings/version/build answers docSpace ${docSpace}.x to anyone (VersionController.GetBuildVersionsAsync, BuildVersion)`, async () => {
		await withEmulator({ serverVersion: version }, async (client) => {
			const { json } = await new Client(client.emulator, null).api('GET', 'settings/version/build');
			expect(json!.response.docSpace).toMatch(new RegExp(`^${docSpace.replace(/\./g, '\\.')}\\.\\d+$`));
		});
	});

	test(`files/settings has chunkUploadSize${threads ? ' and maxUploadThreadCount' : ', not maxUploadThreadCount'} (SettingsController.GetFilesSettings; FilesSettingsHelper in 2.0.2, FilesSettingsDto from 2.5.0)`, async () => {
		await withEmulator({ serverVersion: version }, async (client) => {
			const { json } = await client.api('GET', 'files/settings');
			expect(json!.response.chunkUploadSize).toBe(CHUNK);
			expect(json!.response.maxUploadThreadCount).toBe(threads ? 15 : undefined);
		});
	});
});

describe.each<[ServerVersion, string]>([
	['2.0', 'The required file was not found'],
	['2.5', NULL_REFERENCE],
	['2.6', NULL_REFERENCE],
	['3.7', NULL_REFERENCE],
])('profile %s: a lost session on ChunkedUploader.ashx', (version, message) => {
	test.each(['finished', 'session-expired', 'server-restart'] as const)(`%s: "${message}" (2.0.2: FileNotFoundException of the session file; 2.5+: GetSessionAsync dereferences null)`, async (how) => {
		await withEmulator({ serverVersion: version }, async (client) => {
			const session = await client.createSession('lost.bin', 2 * CHUNK);
			if (how === 'finished') {
				await client.chunk(session, '', randomBytes(CHUNK));
				expect((await client.chunk(session, '', randomBytes(CHUNK))).status).toBe(201);
			} else {
				client.emulator.faults.add({ kind: how, on: 'chunk', chunk: 1 });
			}
			expect(await client.chunk(session, '', randomBytes(CHUNK))).toEqual({ status: 200, json: { success: false, message } });
		});
	});
});

test('a numbered chunk still arriving when its session expires is stored and answered as success; the session stays gone (v3.7.1 FileUploader.UploadChunkAsync reads the session before the body, and UploadAsync stores no session after)', async () => {
	await withEmulator({}, async (client) => {
		const { emulator } = client;
		const session = await client.createSession('in-flight.bin', 2 * CHUNK);
		const answer = await client.chunkInTwoParts(session, '&upload=true&chunkNumber=1', randomBytes(CHUNK), async () => {
			await until(async () => (await readdir(emulator.portal.storage.root, { recursive: true })).some((name) => name.includes('piece-')));
			await emulator.portal.dropSession(emulator.portal.sessions.get(session)!);
		});
		expect(answer).toMatchObject({ status: 200, json: { success: true } });
		expect(await client.chunk(session, '&upload=true&chunkNumber=2', randomBytes(CHUNK))).toEqual({ status: 200, json: { success: false, message: NULL_REFERENCE } });
	});
});

describe('profile 2.0 (v2.0.2-server)', () => {
	test('upload=true&chunkNumber=N is a sequential chunk in arrival order; the request that makes the bytes add up commits with 201 (ChunkedRequestHelper.Type knows only initiate and abort; FileUploader.UploadChunkAsync: BytesUploaded)', async () => {
		await withEmulator({ serverVersion: '2.0' }, async (client) => {
			const chunks = [randomBytes(CHUNK), randomBytes(CHUNK / 2), randomBytes(CHUNK / 2)];
			const session = await client.createSession('old.bin', 2 * CHUNK);
			const statuses = [];
			for (const number of [2, 3, 1]) statuses.push((await client.chunk(session, `&upload=true&chunkNumber=${number}`, chunks[number - 1])).status);
			// Bytes, not chunk numbers, complete the upload: three chunks of 1, ½, ½ chunk sizes.
			expect(statuses).toEqual([200, 200, 201]);
			expect(client.emulator.log.chunkRequests().map((entry) => [entry.mode, entry.chunkNumber])).toEqual([['sequential', 1], ['sequential', 2], ['sequential', 3]]);
			const [file] = client.emulator.filesTitled('old.bin');
			expect(file.versions[0].sha256).toBe(sha256(Buffer.concat([chunks[1], chunks[2], chunks[0]])));
		});
	});

	test('the session object still has bytes_uploaded (ChunkedUploadSessionHelper.ToResponseObjectAsync; removed in v2.5.0)', async () => {
		await withEmulator({ serverVersion: '2.0' }, async (client) => {
			const created = await client.api('POST', 'files/2001/upload/create_session', { fileName: 'old.bin', fileSize: 2 * CHUNK });
			expect(created.json!.response.data).toMatchObject({ bytes_uploaded: 0, bytes_total: 2 * CHUNK });
			const answer = await client.chunk(created.json!.response.data.id, '', randomBytes(CHUNK));
			expect(answer.json!.data).toMatchObject({ bytes_uploaded: CHUNK, path: [2001] });
		});
		await withEmulator({ serverVersion: '2.5' }, async (client) => {
			const created = await client.api('POST', 'files/2001/upload/create_session', { fileName: 'new.bin', fileSize: 2 * CHUNK });
			expect(created.json!.response.data.bytes_uploaded).toBeUndefined();
		});
	});

	test('finalize=true is an upload without a form: "Incorrect Content-Type: " (HttpRequest.Form in ChunkedRequestHelper.File)', async () => {
		await withEmulator({ serverVersion: '2.0' }, async (client) => {
			const session = await client.createSession('old.bin', 2 * CHUNK);
			expect((await client.chunk(session, '&finalize=true')).json).toEqual({ success: false, message: 'Incorrect Content-Type: ' });
		});
	});

	test('a session without chunks appends pieces until they add up (CommonChunkedUploadSessionHolder.UploadSingleChunkAsync)', async () => {
		await withEmulator({ serverVersion: '2.0' }, async (client) => {
			const pieces = [randomBytes(300), randomBytes(200)];
			const session = await client.createSession('pieces.txt', 500);
			expect((await client.chunk(session, '', pieces[0])).status).toBe(200);
			const done = await client.chunk(session, '', pieces[1]);
			expect(done.status).toBe(201);
			expect(client.emulator.file(done.json!.data.id)!.versions[0].sha256).toBe(sha256(Buffer.concat(pieces)));
		});
	});

	test('an empty chunk is refused with "Empty file" up to 2.6, accepted by 3.7 (FileUploader.UploadChunkAsync: chunkLength <= 0)', async () => {
		for (const [version, refused] of [['2.0', true], ['2.6', true], ['3.7', false]] as const) {
			await withEmulator({ serverVersion: version }, async (client) => {
				const answer = await client.chunk(await client.createSession('empty.bin', 2 * CHUNK), '', Buffer.alloc(0));
				expect(answer.json).toMatchObject(refused ? { success: false, message: 'Empty file' } : { success: true });
			});
		}
	});
});

describe('profile 2.6 (v2.6.0-server)', () => {
	test('createNewIfExist makes a second file with the same title: no free title before v3.7.1 (FileUploader.VerifyFileUploadAsync)', async () => {
		await withEmulator({ serverVersion: '2.6' }, async (client) => {
			await client.chunk(await client.createSession('same.txt', 10), '', randomBytes(10));
			await client.chunk(await client.createSession('same.txt', 10, { createNewIfExist: true }), '', randomBytes(10));
			expect(client.emulator.filesTitled('same.txt')).toHaveLength(2);
		});
	});

	test('has no REST session routes: 404 (UploadController before v3.7.1)', async () => {
		await withEmulator({ serverVersion: '2.6' }, async (client) => {
			expect(await client.api('POST', 'files/2001/session', { fileName: 'x', fileSize: 1 })).toMatchObject({ status: 404, text: '' });
		});
	});
});

describe('upload/check {filesTitle} (UploadControllerHelper.CheckUploadAsync 2.5–2.6; UploadController.CheckUploadAsync 3.7.1)', () => {
	test.each<[ServerVersion, number, string[], number]>([
		['2.0', 404, [], 0],
		['2.6', 200, ['a.txt', 'a.txt'], 403],
		['3.7', 200, ['a.txt'], 404],
	])('profile %s', async (version, status, existing, missingFolder) => {
		await withEmulator({ serverVersion: version }, async (client) => {
			await client.chunk(await client.createSession('a.txt', 10), '', randomBytes(10));
			const answer = await client.api('POST', 'files/2001/upload/check', { filesTitle: ['a.txt', 'b.txt', 'a.txt'] });
			expect(answer.status).toBe(status);
			if (status !== 200) return;
			expect(answer.json!.response).toEqual(existing);
			expect((await client.api('POST', 'files/9999/upload/check', { filesTitle: ['a.txt'] })).status).toBe(missingFolder);
			const viewer = new Client(client.emulator, userNamed(client.emulator, 'guest@docspace.test'));
			expect((await viewer.api('POST', 'files/2001/upload/check', { filesTitle: ['a.txt'] })).json!.error.message).toBe("You don't have enough permission to create");
		});
	});
});

describe.each<ServerVersion>(['2.0', '3.7'])('profile %s: titles are compared without case, as the title column\'s utf8_general_ci collation does (DbFile.cs, DbFolder.cs)', (version) => {
	test('an upload named like an existing file but for case becomes its new version (FileUploader.VerifyFileUploadAsync: fileDao.GetFileAsync)', async () => {
		await withEmulator({ serverVersion: version }, async (client) => {
			await client.chunk(await client.createSession('Report.PDF', 10), '', randomBytes(10));
			const again = await client.chunk(await client.createSession('report.pdf', 10), '', randomBytes(10));
			expect(again.json!.data).toMatchObject({ title: 'Report.PDF', version: 2 });
			expect(client.emulator.filesTitled('Report.PDF')).toHaveLength(1);
			expect(client.emulator.filesTitled('report.pdf')).toEqual([]);
		});
	});

	test('an upload named like an existing file but for accents becomes its new version too', async () => {
		await withEmulator({ serverVersion: version }, async (client) => {
			await client.chunk(await client.createSession('resume.pdf', 10), '', randomBytes(10));
			const again = await client.chunk(await client.createSession('Résumé.pdf', 10), '', randomBytes(10));
			expect(again.json!.data).toMatchObject({ title: 'resume.pdf', version: 2 });
		});
	});

	test('a search finds titles whatever their case and accents (AbstractDao.BuildSearch: LIKE in that collation)', async () => {
		await withEmulator({ serverVersion: version }, async (client) => {
			await client.chunk(await client.createSession('Café menu.txt', 10), '', randomBytes(10));
			const { json } = await client.api('GET', 'files/2001?filterValue=CAFE&filterType=1');
			expect(json!.response.files.map((file: Json) => file.title)).toEqual(['Café menu.txt']);
		});
	});

	test('a relative path segment that differs only in case is the existing folder (FileUploader.GetFolderIdAsync: folderDao.GetFolderAsync)', async () => {
		await withEmulator({ serverVersion: version }, async (client) => {
			await client.chunk(await client.createSession('in-q3.txt', 10, { relativePath: 'Q3 REPORTS' }), '', randomBytes(10));
			expect(client.emulator.filesTitled('in-q3.txt')[0].folderId).toBe(3001);
		});
	});
});

test('upload/check finds a title that differs only in case (3.7.1 UploadController.CheckUploadAsync: fileDao.GetFileAsync)', async () => {
	await withEmulator({}, async (client) => {
		await client.chunk(await client.createSession('Minutes.docx', 10), '', randomBytes(10));
		expect((await client.api('POST', 'files/2001/upload/check', { filesTitle: ['minutes.DOCX', 'other.docx'] })).json!.response).toEqual(['minutes.DOCX']);
	});
});

test('a search with subfolders lists files at any depth below the folder, not only its own (v3.7.1 FileDao.GetFilesQueryWithFilters joins the folder tree when withSubfolders and a search are given)', async () => {
	await withEmulator({}, async (client) => {
		await client.chunk(await client.createSession('plan.txt', 10), '', randomBytes(10));
		await client.chunk(await client.createSession('plan.txt', 10, { relativePath: 'drafts' }), '', randomBytes(10));
		const deep = await client.api('GET', 'files/2001?filterValue=plan&filterType=1&withSubFolders=true');
		expect(deep.json!.response.files.map((file: Json) => [file.title, file.folderId === 2001])).toEqual([['plan.txt', true], ['plan.txt', false]]);
		expect(deep.json!.response.total).toBe(2);
		const own = await client.api('GET', 'files/2001?filterValue=plan&filterType=1&withSubFolders=false');
		expect(own.json!.response.files.map((file: Json) => file.folderId)).toEqual([2001]);
	});
});

describe('profile future (no legacy upload paths)', () => {
	test('create_session and ChunkedUploader.ashx are gone (empty 404); the REST routes upload', async () => {
		await withEmulator({ serverVersion: 'future' }, async (client) => {
			expect(await client.api('POST', 'files/2001/upload/create_session', { fileName: 'f.bin', fileSize: 10 })).toMatchObject({ status: 404, text: '' });
			const { json } = await client.api('POST', 'files/2001/session', { fileName: 'f.bin', fileSize: 10 });
			const id = json!.response.id as string;
			expect(await client.chunk(id, '', randomBytes(10))).toEqual({ status: 404, json: undefined });
			const bytes = randomBytes(10);
			const done = await client.rest('POST', `files/2001/session/${id}`, bytes);
			expect(done.status).toBe(201);
			expect(client.emulator.file(done.json!.response.id)!.versions[0].sha256).toBe(sha256(bytes));
		});
	});
});

describe('rate limits (BaseStartup GlobalLimiter, RateLimiterSettings)', () => {
	test('off by default, as in self-hosted config (core:hosting:rateLimiterOptions:enable)', async () => {
		await withEmulator({}, async (client) => {
			const answers = await Promise.all(Array.from({ length: 20 }, async () => await client.createSession('many.bin', 10)));
			expect(answers.every(Boolean)).toBe(true);
		});
	});

	test('the 16th concurrent non-GET request of a user is refused at once with 429; GETs and other users have their own limits (concurrency limiter, QueueLimit 0)', async () => {
		await withEmulator({ rateLimit: true }, async (client) => {
			// The first fifteen are still being answered when the sixteenth arrives.
			client.emulator.faults.add({ kind: 'slow-answer', on: 'create-session', times: 16, delayMs: 500 });
			const statuses = await Promise.all(
				Array.from({ length: 16 }, async () => (await client.api('POST', 'files/2001/upload/create_session', { fileName: 'c.bin', fileSize: 10 })).status),
			);
			expect(statuses.sort()).toEqual([...Array(15).fill(200), 429]);
			const other = new Client(client.emulator, userNamed(client.emulator, 'creator@docspace.test'));
			expect((await other.api('POST', 'files/2001/upload/create_session', { fileName: 'c.bin', fileSize: 10 })).status).toBe(200);
		});
	});

	test('the daily POST/PUT limit counts ChunkedUploader.ashx requests too and answers 429 with Retry-After (fixed window of a day)', async () => {
		await withEmulator({ rateLimit: { dailyWrites: 3 } }, async (client) => {
			const session = await client.createSession('daily.bin', 4 * CHUNK);
			await client.chunk(session, '', randomBytes(CHUNK));
			await client.chunk(session, '', randomBytes(CHUNK));
			const refused = await fetch(`${client.emulator.url}/ChunkedUploader.ashx?uid=${session}`, { method: 'POST', headers: { cookie: `asc_auth_key=${client.user!.authKey}` } });
			expect(refused.status).toBe(429);
			expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(86_000);
			expect(await refused.text()).toBe('');
			expect((await client.api('GET', 'files/settings')).status).toBe(200);
		});
	});

	test('the too-many-requests fault answers as the limiter does: 429, no body, Retry-After (RateLimitMetadata.OnRejected)', async () => {
		await withEmulator({}, async (client) => {
			client.emulator.faults.add({ kind: 'too-many-requests', on: 'chunk', retryAfterSeconds: 7 });
			const session = await client.createSession('limited.bin', 2 * CHUNK);
			const response = await fetch(`${client.emulator.url}/ChunkedUploader.ashx?uid=${session}`, { method: 'POST', headers: { cookie: `asc_auth_key=${client.user!.authKey}` } });
			expect([response.status, response.headers.get('retry-after'), await response.text()]).toEqual([429, '7', '']);
		});
	});

	test('1,500 requests a minute by default; a smaller window refuses the next request with Retry-After ≤ 60 (sliding window)', async () => {
		await withEmulator({ rateLimit: { perMinute: 2 } }, async (client) => {
			expect((await client.api('GET', 'authentication')).status).toBe(200);
			expect((await client.api('GET', 'authentication')).status).toBe(200);
			const refused = await client.api('GET', 'authentication');
			expect(refused.status).toBe(429);
			expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
		});
	});
});
