/**
 * A portal without create_session and ChunkedUploader.ashx (the emulator's 'future' profile: DocSpace
 * after the obsolete routes are gone) is served through the REST session routes of v3.7.1+
 * (UploadController: POST files/{folderId}/session, POST …/session/{id}, …/upload?chunkNumber=N,
 * PUT …/finalize, DELETE …/session/{id}).
 */
import type { IDataObject } from 'n8n-workflow';

import type { FaultRule } from '../emulator';
import { useEmulator } from '../helpers/emulator-fixture';
import { runUpload, uploadParameters } from '../helpers/engine';
import { credentialsFor, Scratch } from '../helpers/fixtures';
import { expectNodeError } from '../helpers/node-errors';

const CHUNK = 256 * 1024;
const emulator = useEmulator({ chunkUploadSize: CHUNK, serverVersion: 'future' });
const scratch = new Scratch();
let count = 0;

afterAll(() => scratch.cleanup());

async function upload(mode: 'sequential' | 'numbered', size: number, fault?: FaultRule, options: IDataObject = {}) {
	const source = scratch.file(`rest-${++count}.bin`, size);
	if (fault) emulator().faults.add(fault);
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001, { options: { uploadMode: mode, includeUploadDetails: true, timeout: 10, ...options } }),
		files: [{ name: source.name, path: source.path }],
	});
	const committed = emulator().filesTitled(source.name);
	const requests = emulator().log.entries.map((entry) => `${entry.method} ${entry.path.replace(/session\/[0-9a-f]+/, 'session/ID')} ${entry.status}`);
	return { source, result, committed, requests };
}

const SIZES: Array<[string, number]> = [
	['one chunk', 1000],
	['an exact multiple of the chunk size', 4 * CHUNK],
	['a size that is not', 4 * CHUNK + 1000],
];

describe.each(['sequential', 'numbered'] as const)('%s mode', (mode) => {
	test.each(SIZES)('%s arrives intact', async (_label, size) => {
		const { source, result, committed, requests } = await upload(mode, size);
		expect(result.error).toBeUndefined();
		expect(committed.map((file) => file.versions.map((version) => version.sha256))).toEqual([[source.sha256]]);
		expect(requests).toContain('POST /api/2.0/files/2001/session 200');
		expect(requests.filter((line) => line.includes('ChunkedUploader.ashx'))).toEqual([]);
	});

	test('a session that expires mid-upload is started over', async () => {
		const { source, result, committed } = await upload(mode, 4 * CHUNK + 1000, { kind: 'session-expired', on: 'chunk', chunk: 3 });
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.uploadDetails).toMatchObject({ restarts: 1 });
		expect(committed.map((file) => file.versions.map((version) => version.sha256))).toEqual([[source.sha256]]);
	});

	test('a session lost at the request that commits is started over without looking for a commit', async () => {
		const fault: FaultRule = mode === 'numbered' ? { kind: 'session-expired', on: 'finalize' } : { kind: 'session-expired', on: 'chunk', chunk: 5 };
		const { source, result, committed, requests } = await upload(mode, 4 * CHUNK + 1000, fault);
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.uploadDetails).toMatchObject({ restarts: 1 });
		expect(committed.map((file) => file.versions.map((version) => version.sha256))).toEqual([[source.sha256]]);
		// The answer says the session was gone, so the request committed nothing: the folder is not searched.
		expect(requests.filter((line) => line.startsWith('GET /api/2.0/files/2001 '))).toEqual([]);
	});

	test('a lost answer to the request that commits is resolved to the one file', async () => {
		const fault: FaultRule = mode === 'numbered' ? { kind: 'reset-after-store', on: 'finalize' } : { kind: 'reset-after-store', on: 'chunk', chunk: 5 };
		const { source, result, committed } = await upload(mode, 4 * CHUNK + 1000, fault);
		expect(result.error).toBeUndefined();
		expect(committed.map((file) => file.versions.map((version) => version.sha256))).toEqual([[source.sha256]]);
		expect(result.output[0].json.id).toBe(committed[0].id);
	});
});

test('a chunk refused for good aborts the session with DELETE', async () => {
	const { source, result, committed, requests } = await upload('numbered', 4 * CHUNK + 1000, { kind: 'handler-error', on: 'chunk', chunk: 2, times: 100 }, { retries: 1 });
	expectNodeError(result.error, { message: /^(DocSpace answered HTTP 500|The portal or a proxy)/ });
	expect(committed).toEqual([]);
	expect(requests.filter((line) => line.startsWith('DELETE'))).toEqual(['DELETE /api/2.0/files/2001/session/ID 200']);
	expect([...emulator().portal.sessions.values()].filter((session) => session.title === source.name)).toEqual([]);
});

test('only the first upload of a run asks for create_session', async () => {
	const sources = [scratch.file('rest-a.bin', 100), scratch.file('rest-b.bin', 100)];
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001),
		files: sources.map((source) => ({ name: source.name, path: source.path })),
	});
	expect(result.error).toBeUndefined();
	expect(emulator().log.entries.filter((entry) => entry.path.endsWith('/create_session')).map((entry) => entry.status)).toEqual([404]);
});
