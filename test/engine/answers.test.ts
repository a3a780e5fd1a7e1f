/**
 * What the node makes of each answer DocSpace (or something in its place) can give to the requests
 * transport/api.ts names: the portal's settings and version, a new upload session, the chunk that
 * completes an upload and the finalize request. A proxy in front of the emulator answers one route
 * itself per row and passes everything else through; the node runs in n8n's engine, and the upload
 * details it reports (mode, chunk size, chunks) and the requests the emulator saw show its reading.
 */
import type { IncomingMessage } from 'node:http';

import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../helpers/emulator-fixture';
import { runUpload, uploadParameters } from '../helpers/engine';
import { credentialsFor, MiB, Scratch } from '../helpers/fixtures';
import { expectNodeError } from '../helpers/node-errors';
import { startProxy, type Proxy, type ProxyAnswer } from '../helpers/proxy';

type Answers = Map<string, (request: IncomingMessage) => ProxyAnswer | undefined>;

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

/**
 * An emulated portal behind a proxy, for the tests of the describe block that calls this. `answers`
 * are the answers the proxy gives itself, by `METHOD path` (without the query), emptied after each
 * test; every other request passes through.
 */
function useProxiedPortal(chunkUploadSize: number, latencyMs = 0) {
	const emulator = useEmulator({ chunkUploadSize, network: { latencyMs } });
	const answers: Answers = new Map();
	let proxy: Proxy | undefined;
	beforeAll(async () => {
		proxy = await startProxy(emulator().url, (request) => answers.get(`${request.method} ${new URL(request.url ?? '/', 'http://proxy').pathname}`)?.(request));
	});
	afterEach(() => answers.clear());
	afterAll(async () => await proxy?.stop());

	let uploads = 0;
	async function upload(bytes: number, options: IDataObject = {}, folder: number | '@my' = 2001) {
		const source = scratch.file(`answers-${++uploads}.bin`, bytes);
		const result = await runUpload({
			credentials: { ...credentialsFor(emulator()), baseUrl: proxy!.url },
			parameters: uploadParameters(folder, { options: { includeUploadDetails: true, ...options } }),
			files: [{ name: source.name, path: source.path }],
		});
		const details = result.output[0]?.json.uploadDetails as IDataObject | undefined;
		const stored = result.output[0] ? emulator().file(result.output[0].json.id as number) : undefined;
		return { result, details, source, stored };
	}

	/** The portal publishes these settings and this version (undefined: the route is missing). */
	function portalSays(settings: IDataObject | null | undefined, docSpace: string | number | undefined): void {
		answers.set(SETTINGS, () => (settings === undefined ? notRouted(404) : envelope(settings)));
		answers.set(VERSION, () => (docSpace === undefined ? notRouted(404) : envelope({ docSpace })));
	}

	return { emulator, answers, upload, portalSays };
}

/** The chunk size of the portals below that publish one DocSpace would not have by default. */
const CHUNK = 256 * 1024;

const SETTINGS = 'GET /api/2.0/files/settings';
const VERSION = 'GET /api/2.0/settings/version/build';
const CREATE_SESSION = 'POST /api/2.0/files/2001/upload/create_session';
const REST_SESSION = 'POST /api/2.0/files/2001/session';
const HANDLER = 'POST /ChunkedUploader.ashx';

/** DocSpace's envelope around an API answer; a null answer is left out, as CommonApiResponse does. */
const envelope = (response: unknown, status = 200): ProxyAnswer => ({
	status,
	json: { ...(response === null ? {} : { response }), count: response === null ? 0 : 1, status: 0, statusCode: status },
});
/** ASP.NET's answer for a path it does not route: no body DocSpace wrote. */
const notRouted = (status: 404 | 405): ProxyAnswer => ({ status, json: '' });

describe('the chunk size the portal publishes', () => {
	// The portal's own chunk size is DocSpace's default, 10 MiB, which the node takes when the published
	// one is no use: the file is then one chunk, sent as one sequential request. (A usable one is taken:
	// the next block's portal publishes a smaller one.)
	const { emulator, answers, upload, portalSays } = useProxiedPortal(10 * MiB);
	const SIZE = 3 * CHUNK + 1;

	test.each<[string, IDataObject | null | undefined, number]>([
		['0 is no chunk size', { chunkUploadSize: 0 }, 10 * MiB],
		['a negative one is no chunk size', { chunkUploadSize: -MiB }, 10 * MiB],
		['a fraction is no chunk size', { chunkUploadSize: MiB + 0.5 }, 10 * MiB],
		['none, where the settings route is missing', undefined, 10 * MiB],
		['none, where the settings are empty', null, 10 * MiB],
	])('%s', async (_label, settings, chunkSize) => {
		// DocSpace 2.0.2: chunks one at a time, in any size up to the portal's.
		portalSays(settings, '2.0.2.1234');
		const { details, source, stored } = await upload(SIZE);
		expect(details).toMatchObject({ mode: 'sequential', chunkSize, chunks: Math.ceil(SIZE / chunkSize) });
		expect(stored?.versions[0].sha256).toBe(source.sha256);
	});

	test.each<[string, ProxyAnswer, RegExp]>([
		['a web page in place of them (a proxy\'s 404)', { status: 404, html: '<html><title>404 Not Found</title></html>' }, /^The portal answered with a web page instead of DocSpace's API \(HTTP 404: 404 Not Found\)$/],
		['a refusal', { status: 403, json: { error: { message: 'Access denied' }, statusCode: 403 } }, /^No permission to upload into folder 2001$/],
		['HTTP 300, though in DocSpace\'s envelope', envelope({ chunkUploadSize: MiB }, 300), /^The portal redirected the request to another address$/],
	])('settings answered with %s are no missing route: the upload fails', async (_label, answer, message) => {
		answers.set(SETTINGS, () => answer);
		const { result } = await upload(10);
		expectNodeError(result.error, { message });
		expect(emulator().log.entries.filter((entry) => entry.method === 'POST')).toEqual([]);
	});

	test("settings in another API's JSON are refused", async () => {
		answers.set(SETTINGS, () => ({ json: { status: 'ok', settings: { chunkUploadSize: MiB } } }));
		const { result } = await upload(10);
		expectNodeError(result.error, { message: 'DocSpace answered /api/2.0/files/settings with something that is not its JSON envelope' });
	});
});

describe('numbered chunks where the version (or else the thread count 2.6 added) says the portal has them', () => {
	// Every request takes 20 ms longer than on loopback, so chunks sent at once overlap.
	const { emulator, upload, portalSays } = useProxiedPortal(CHUNK, 20);
	const SIZE = 3 * CHUNK + 1;

	test.each<[string, string | number | undefined, number | undefined, 'numbered' | 'sequential']>([
		['DocSpace 3.7.1', '3.7.1.1234', undefined, 'numbered'],
		['DocSpace 2.5, the first', '2.5.0.1646', undefined, 'numbered'],
		['DocSpace 2.4, thread count or not', '2.4.9', 4, 'sequential'],
		['DocSpace 2.0.2', '2.0.2.1234', undefined, 'sequential'],
		['DocSpace 1.1', '1.1.0.123', undefined, 'sequential'],
		['a version of two parts', '2.6', undefined, 'numbered'],
		['a major version of two digits', '10.0', undefined, 'numbered'],
		['a minor version of two digits', '2.10.0', undefined, 'numbered'],
		['a new major version', '3.0', undefined, 'numbered'],
		['an unreadable version and a thread count', 'unknown', 4, 'numbered'],
		['an unreadable version and no thread count', 'unknown', undefined, 'sequential'],
		['text before the version, which is no version', 'build 2.5.0', undefined, 'sequential'],
		['a version that is no text', 2.5, undefined, 'sequential'],
		['no version, a thread count', undefined, 4, 'numbered'],
		['no version, a thread count of 0', undefined, 0, 'sequential'],
		['no version, a negative thread count', undefined, -4, 'sequential'],
		['no version, a fractional thread count', undefined, 2.5, 'sequential'],
	])('%s', async (_label, docSpace, maxUploadThreadCount, mode) => {
		portalSays({ chunkUploadSize: CHUNK, maxUploadThreadCount }, docSpace);
		const { details, source, stored } = await upload(SIZE);
		expect(details).toMatchObject({ mode, chunkSize: CHUNK, chunks: 4 });
		expect(stored?.versions[0].sha256).toBe(source.sha256);
	});

	test.each<[string, string | undefined, string]>([
		['runs 2.0', '2.0.2.1520', 'the portal runs 2.0.2.1520'],
		['names no version', undefined, 'the portal does not name its version'],
	])('"Numbered Chunks" where the portal %s is refused before any chunk is sent', async (_label, docSpace, reason) => {
		portalSays({ chunkUploadSize: CHUNK }, docSpace);
		const { result } = await upload(SIZE, { uploadMode: 'numbered' });
		expectNodeError(result.error, {
			message: `This portal does not support numbered chunks: DocSpace 2.5 or later is needed, and ${reason}. Use the upload mode "Auto" or "One Chunk at a Time"`,
			operation: true,
		});
		expect(emulator().log.chunkRequests()).toEqual([]);
	});

	const mostInFlight = () => Math.max(0, ...emulator().log.chunkRequests().map((entry) => entry.inFlight));

	test.each<[string, number | undefined, boolean]>([
		['one where the portal allows one', 1, false],
		['as many as asked where it publishes no thread count', undefined, true],
		['as many as asked where it publishes 0', 0, true],
		['as many as asked where it publishes a negative count', -1, true],
	])('chunks in flight at once: %s', async (_label, maxUploadThreadCount, overlap) => {
		portalSays({ chunkUploadSize: CHUNK, maxUploadThreadCount }, '3.7.1.1234');
		const { details } = await upload(8 * CHUNK, { parallelChunks: 4 });
		expect(details).toMatchObject({ mode: 'numbered', chunks: 8 });
		if (overlap) expect(mostInFlight()).toBeGreaterThan(0);
		else expect(mostInFlight()).toBe(0);
	});
});

describe('a new upload session', () => {
	const { emulator, answers, upload } = useProxiedPortal(CHUNK);
	const session = (data: IDataObject): ProxyAnswer => envelope({ success: true, data });

	test.each<[string, ProxyAnswer, RegExp]>([
		['without an id', session({ location: 'http://portal/ChunkedUploader.ashx?uid=x' }), /^DocSpace created an upload session without an id or location$/],
		['without a location', session({ id: 'x' }), /^DocSpace created an upload session without an id or location$/],
		['with an id that is no text', session({ id: 7, location: 'http://portal/ChunkedUploader.ashx?uid=x' }), /^DocSpace created an upload session without an id or location$/],
		['that is empty', envelope(null), /^DocSpace created an upload session without an id or location$/],
	])('%s is refused before any chunk is sent', async (_label, answer, message) => {
		answers.set(CREATE_SESSION, () => answer);
		const { result } = await upload(10);
		expectNodeError(result.error, { message, description: /does not look like a DocSpace portal/ });
		expect(emulator().log.chunkRequests()).toEqual([]);
	});

	test.each<[string, ProxyAnswer]>([
		['404', notRouted(404)],
		['405', notRouted(405)],
	])('where create_session is not routed (%s), the REST session route of DocSpace 3.7.1 is used', async (_label, answer) => {
		answers.set(CREATE_SESSION, () => answer);
		const { details, source, stored } = await upload(2 * CHUNK + 3, { parallelChunks: 2 });
		expect(stored?.versions[0].sha256).toBe(source.sha256);
		expect(details).toMatchObject({ chunks: 3 });
		expect(emulator().log.chunkRequests().map((entry) => `${entry.method} ${entry.path}`)[0]).toMatch(/^POST \/api\/2\.0\/files\/2001\/session\/[^/]+/);
	});

	test.each<[string, ProxyAnswer, RegExp]>([
		['a web page (a proxy\'s 404)', { status: 404, html: '<html><title>404 Not Found</title></html>' }, /^The portal answered with a web page/],
		['a 400 without DocSpace\'s words', { status: 400, json: '' }, /^DocSpace answered HTTP 400$/],
	])('create_session answered with %s is its answer, not a missing route', async (_label, answer, message) => {
		answers.set(CREATE_SESSION, () => answer);
		const { result } = await upload(10, { retries: 0 });
		expectNodeError(result.error, { message });
		expect(emulator().log.entries.filter((entry) => entry.path.endsWith('/session'))).toEqual([]);
	});

	test('a 404 in which DocSpace says why is its answer, not a missing route', async () => {
		answers.set(CREATE_SESSION, () => ({ status: 404, json: { error: { message: 'The folder was not found' }, statusCode: 404 } }));
		const { result } = await upload(10);
		expectNodeError(result.error, { message: 'The folder 2001 was not found in DocSpace', httpCode: '404' });
		expect(emulator().log.entries.filter((entry) => entry.path.endsWith('/session'))).toEqual([]);
	});

	test('a REST session without an id is refused (it has no location to lack)', async () => {
		answers.set(CREATE_SESSION, () => notRouted(404));
		answers.set(REST_SESSION, () => envelope({ path: [2001] }));
		const { result } = await upload(10);
		expectNodeError(result.error, { message: /^DocSpace created an upload session without an id$/ });
	});
});

describe('the answer that completes an upload', () => {
	const { emulator, answers, upload, portalSays } = useProxiedPortal(CHUNK);
	test.each<[string, unknown]>([
		['no file', { uploaded: true }],
		['a file without an id', { uploaded: true, file: { title: 'answers.bin' } }],
		['nothing', null],
	])('a 201 that describes %s is no upload', async (_label, data) => {
		portalSays({ chunkUploadSize: CHUNK }, '2.0.2.1234');
		answers.set(HANDLER, () => ({ status: 201, json: { success: true, data } }));
		const { result } = await upload(10);
		expectNodeError(result.error, { message: 'DocSpace completed the upload but did not describe the file', description: /does not look like a DocSpace portal/ });
		expect(result.output).toEqual([]);
	});

	test('a numbered chunk that completes the upload before the others leaves nothing reported as the file', async () => {
		portalSays({ chunkUploadSize: CHUNK }, '3.7.1.1234');
		answers.set(HANDLER, (request) =>
			request.url?.includes('chunkNumber=1') ? { status: 201, json: { success: true, data: { uploaded: true, file: { id: 99, title: 'answers.bin', version: 1 } } } } : undefined,
		);
		const { result } = await upload(3 * CHUNK, { parallelChunks: 1 });
		expectNodeError(result.error, { message: /^DocSpace completed the upload when it received numbered chunk 1 of 3/, description: /^Check file id 99 in DocSpace/ });
		expect(result.output).toEqual([]);
	});

	test('a sequential chunk that completes the upload before the last is an error that names the file DocSpace committed', async () => {
		// A proxy delivers chunk 2 twice: the server counts four chunks at the third and commits.
		emulator().faults.add({ kind: 'replay', on: 'chunk', chunk: 2 });
		const { result, source } = await upload(4 * CHUNK, { uploadMode: 'sequential' });
		const [committed] = emulator().filesTitled(source.name);
		expectNodeError(result.error, {
			message: `DocSpace completed the upload after chunk 3 of 4, before all the data was sent: the file it stored (id ${committed.id}) is not this file`,
		});
		expect(result.error?.description).toBe(`Check file id ${committed.id} in DocSpace and delete it or restore its previous version: its content cannot be trusted.`);
		expect(result.output).toEqual([]);
	});

	test('a committed file of another size than was sent is an error', async () => {
		emulator().faults.add({ kind: 'short-commit', on: 'finalize' });
		const { result, source } = await upload(4 * CHUNK + 1000, { uploadMode: 'numbered' });
		const [committed] = emulator().filesTitled(source.name);
		expectNodeError(result.error, { message: `DocSpace stored ${4 * CHUNK + 999} bytes for file id ${committed.id}, but ${4 * CHUNK + 1000} were sent` });
		expect(result.output).toEqual([]);
	});

	test.each<[string, unknown]>([
		['JSON without success', { data: {} }],
		['a success that is no boolean', { success: 'true', data: {} }],
		['text', 'OK'],
		['null', null],
	])('a chunk handler answering %s is refused', async (_label, json) => {
		portalSays({ chunkUploadSize: CHUNK }, '2.0.2.1234');
		answers.set(HANDLER, () => ({ json }));
		const { result } = await upload(10);
		expectNodeError(result.error, { message: 'The upload handler answered with something that is not DocSpace JSON' });
	});

	test('a finalize answered without 201 is no upload', async () => {
		portalSays({ chunkUploadSize: CHUNK }, '3.7.1.1234');
		answers.set(HANDLER, (request) => (request.url?.includes('finalize=true') ? { status: 200, json: { success: true, data: {} } } : undefined));
		const { result } = await upload(2 * CHUNK, { uploadMode: 'numbered' });
		expectNodeError(result.error, { message: 'DocSpace answered the finalize request with HTTP 200 instead of 201', description: /does not look like a DocSpace portal/ });
		expect(result.output).toEqual([]);
	});
});

// Where @my is the user's My documents, the upload lands there: options.test.ts.
describe('My documents', () => {
	const { emulator, answers, upload } = useProxiedPortal(CHUNK);

	test.each<[string, unknown]>([
		['no current folder', { files: [], folders: [] }],
		['a current folder without an id', { current: { title: 'My documents' }, files: [], folders: [] }],
	])('a listing of @my with %s is refused before any upload', async (_label, listing) => {
		answers.set('GET /api/2.0/files/@my', () => envelope(listing));
		const { result } = await upload(10, {}, '@my');
		expectNodeError(result.error, { message: 'DocSpace did not name a My documents folder for this user', description: /choose a room instead/, operation: true });
		expect(emulator().log.entries.filter((entry) => entry.method === 'POST')).toEqual([]);
	});
});
