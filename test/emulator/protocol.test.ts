/**
 * The emulator follows the real server's rules (docs: docspace-protocol.md §1–§3, §7), including the
 * ones that make naive clients fail: count-based completion, numbered chunk lengths derived from
 * Content-Length, errors as HTTP 200, and duplicated sequential chunks committing a damaged file.
 */
import FormData from 'form-data';
import { randomBytes } from 'node:crypto';

import { sha256 } from '../helpers/fixtures';
import { startEmulator, type DocSpaceEmulator } from './index';

const CHUNK = 64 * 1024;
let emulator: DocSpaceEmulator;
let cookie: string;

beforeAll(async () => {
	emulator = await startEmulator({ chunkUploadSize: CHUNK });
	cookie = `asc_auth_key=${emulator.portal.owner.authKey}`;
});
afterAll(async () => await emulator.stop());

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = { cookie }) {
	const response = await fetch(`${emulator.url}/api/2.0/${path}`, {
		method,
		headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
		body: body ? JSON.stringify(body) : undefined,
	});
	const text = await response.text();
	return { status: response.status, text, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

async function createSession(fileName: string, fileSize: number): Promise<string> {
	const { json } = await api('POST', 'files/2001/upload/create_session', { fileName, fileSize });
	return json!.response.data.location as string;
}

/** A multipart body framed by form-data, optionally with the extra CRLF some clients put at the end. */
function multipart(chunk: Buffer, extraCrlf = false): { body: Buffer; contentType: string } {
	const form = new FormData();
	form.append('file', chunk, { filename: 'blob', contentType: 'application/octet-stream' });
	const body = form.getBuffer();
	return { body: extraCrlf ? Buffer.concat([body, Buffer.from('\r\n')]) : body, contentType: form.getHeaders()['content-type'] };
}

async function post(url: string, chunk?: Buffer, extraCrlf = false) {
	const framed = chunk ? multipart(chunk, extraCrlf) : undefined;
	const response = await fetch(url, {
		method: 'POST',
		headers: { cookie, ...(framed ? { 'content-type': framed.contentType } : {}) },
		body: framed?.body,
	});
	return { status: response.status, json: (await response.json()) as Record<string, any> };
}

test('protected API calls without credentials get 401 with an empty body; the auth probe answers false', async () => {
	expect(await api('GET', 'files/settings', undefined, {})).toMatchObject({ status: 401, text: '' });
	expect((await api('GET', 'authentication', undefined, {})).json).toMatchObject({ response: false, statusCode: 200 });
	expect((await api('GET', 'authentication')).json).toMatchObject({ response: true });
});

test('errors of the chunk handler come as HTTP 200 with success:false', async () => {
	const answer = await post(`${emulator.url}/ChunkedUploader.ashx?uid=0123456789abcdef0123456789abcdef`, randomBytes(10));
	expect(answer).toEqual({ status: 200, json: { success: false, message: 'Not authorized or session with specified upload id already expired' } });
});

test('a file smaller than one chunk is saved by its first request', async () => {
	const bytes = randomBytes(1000);
	const answer = await post(await createSession('small.txt', bytes.length), bytes);
	expect(answer.status).toBe(201);
	expect(emulator.file(answer.json.data.id)!.versions[0].sha256).toBe(sha256(bytes));
});

test('completion counts chunk numbers: chunks smaller than the chunk size never complete the upload', async () => {
	const location = await createSession('halves.bin', CHUNK * 1.5);
	const statuses = [];
	for (let i = 0; i < 3; i++) statuses.push((await post(location, randomBytes(CHUNK / 2))).status);
	expect(statuses).toEqual([200, 200, 200]);
});

test('a sequential chunk sent twice makes the server commit a damaged file early', async () => {
	const chunks = [0, 1, 2, 3].map(() => randomBytes(CHUNK));
	const location = await createSession('twice.bin', 4 * CHUNK);
	const statuses = [];
	for (const chunk of [chunks[0], chunks[1], chunks[1], chunks[2]]) statuses.push((await post(location, chunk)).status);
	expect(statuses).toEqual([200, 200, 200, 201]);
	const file = [...emulator.portal.files.values()].find((candidate) => candidate.title === 'twice.bin')!;
	expect(file.versions[0].sha256).toBe(sha256(Buffer.concat([chunks[0], chunks[1], chunks[1], chunks[2]])));
	expect(file.versions[0].sha256).not.toBe(sha256(Buffer.concat(chunks)));
});

test('numbered chunks are booked by Content-Length: exact framing finalizes, an extra CRLF does not', async () => {
	const chunks = [randomBytes(CHUNK), randomBytes(CHUNK), randomBytes(100)];
	const location = await createSession('numbered.bin', 2 * CHUNK + 100);
	// A full chunk with two bytes too many in its framing is booked over the chunk size and refused.
	expect((await post(`${location}&upload=true&chunkNumber=1`, chunks[0], true)).json).toEqual({
		success: false,
		message: 'The maximum file size is exceeded (100 MB).',
	});
	for (const number of [3, 1, 2]) {
		expect((await post(`${location}&upload=true&chunkNumber=${number}`, chunks[number - 1], number === 3)).json.success).toBe(true);
	}
	expect(emulator.log.chunkRequests().find((entry) => entry.query.chunkNumber === '3')).toMatchObject({ received: 100, booked: 102 });
	expect((await post(`${location}&finalize=true`)).json).toEqual({ success: false, message: 'uploadSize != bytesTotal' });

	// The session survives a failed finalize: the chunk sent again replaces the bad one.
	expect((await post(`${location}&upload=true&chunkNumber=3`, chunks[2])).json.success).toBe(true);
	const done = await post(`${location}&finalize=true`);
	expect(done.status).toBe(201);
	expect(emulator.file(done.json.data.id)!.versions[0].sha256).toBe(sha256(Buffer.concat(chunks)));
});

test('a chunk larger than the chunk size is refused', async () => {
	const location = await createSession('big.bin', 3 * CHUNK);
	expect((await post(location, randomBytes(CHUNK + 1))).json).toEqual({ success: false, message: 'The maximum file size is exceeded (100 MB).' });
});

test('a session belongs to the user who created it', async () => {
	const location = await createSession('mine.bin', 10);
	const guest = emulator.portal.users[1];
	const framed = multipart(randomBytes(10));
	const response = await fetch(location, {
		method: 'POST',
		headers: { cookie: `asc_auth_key=${guest.authKey}`, 'content-type': framed.contentType },
		body: framed.body,
	});
	expect(await response.json()).toMatchObject({ success: false, message: 'Not authorized or session with specified upload id already expired' });
});

test('a server before 2.5 publishes no chunk size and treats upload=true as a sequential chunk', async () => {
	const old = await startEmulator({ chunkUploadSize: CHUNK, serverVersion: '2.0' });
	try {
		const headers = { cookie: `asc_auth_key=${old.portal.owner.authKey}` };
		const settings = (await (await fetch(`${old.url}/api/2.0/files/settings`, { headers })).json()) as Record<string, any>;
		expect(settings.response.chunkUploadSize).toBeUndefined();
		const created = await fetch(`${old.url}/api/2.0/files/2001/upload/create_session`, {
			method: 'POST',
			headers: { ...headers, 'content-type': 'application/json' },
			body: JSON.stringify({ fileName: 'old.bin', fileSize: 2 * CHUNK }),
		});
		const location = ((await created.json()) as Record<string, any>).response.data.location as string;
		const framed = multipart(randomBytes(CHUNK));
		await fetch(`${location}&upload=true&chunkNumber=2`, { method: 'POST', headers: { ...headers, 'content-type': framed.contentType }, body: framed.body });
		expect(old.log.chunkRequests()[0]).toMatchObject({ mode: 'sequential', chunkNumber: 1 });
	} finally {
		await old.stop();
	}
});
