/**
 * "Request Timeout": a request answered later than that is given up and sent again, while the request
 * during which DocSpace commits the file may take four times as long. On their own because each waits
 * a second or more on the emulator: the mutation selection runs them last (test/mutation/engine.test.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import type { FaultRule } from '../emulator';
import { useEmulator } from '../helpers/emulator-fixture';
import { runUpload, uploadParameters } from '../helpers/engine';
import { credentialsFor, Scratch } from '../helpers/fixtures';

const CHUNK = 256 * 1024;

const emulator = useEmulator({ chunkUploadSize: CHUNK });
const scratch = new Scratch();
afterAll(() => scratch.cleanup());

/** Uploads three chunks, one at a time, with a timeout of one second; the file must arrive intact. */
async function upload(name: string, options: IDataObject) {
	const source = scratch.file(name, 3 * CHUNK);
	emulator().log.clear();
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001, { options: { includeUploadDetails: true, parallelChunks: 1, timeout: 1, ...options } }),
		files: [{ name: source.name, path: source.path }],
	});
	expect(result.error).toBeUndefined();
	expect(emulator().file(result.output[0].json.id as number)!.versions.map((version) => version.sha256)).toEqual([source.sha256]);
	return result.output[0].json;
}

test('a chunk answered later than the timeout is given up and sent again', async () => {
	emulator().faults.add({ kind: 'slow-answer', on: 'chunk', chunk: 2, delayMs: 2500 });
	const json = await upload('impatient.bin', { uploadMode: 'numbered' });
	expect(json.uploadDetails).toMatchObject({ chunks: 3, retries: 1, restarts: 0 });
	expect(emulator().log.chunkRequests().filter((entry) => entry.chunkNumber === 2)).toHaveLength(2);
});

test.each<[string, 'sequential' | 'numbered', FaultRule]>([
	['the last sequential chunk', 'sequential', { kind: 'slow-answer', on: 'chunk', chunk: 3, delayMs: 1500 }],
	['the finalize request', 'numbered', { kind: 'slow-answer', on: 'finalize', delayMs: 1500 }],
])('a commit that takes longer than the timeout is waited for: %s', async (_label, uploadMode, slowCommit) => {
	emulator().faults.add(slowCommit);
	const json = await upload(`patient-${uploadMode}.bin`, { uploadMode });
	expect(json.uploadDetails).toMatchObject({ retries: 0, restarts: 0 });
	// Its answer came: the node did not have to look for the file (a listing and a read-back).
	const portalAnswers = new Set(['/api/2.0/files/settings', '/api/2.0/settings/version/build']);
	expect(emulator().log.entries.filter((entry) => entry.method === 'GET' && !portalAnswers.has(entry.path))).toEqual([]);
});
