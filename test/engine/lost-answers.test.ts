/**
 * The look for a commit whose answer was lost never takes another upload's file for this one, and a
 * canceled execution leaves nothing behind: the fault paths that decide what is reported as the user's
 * file, on their own so the mutation tests can run them (the fault matrix, faults.test.ts, is too slow).
 */
import type { IDataObject } from 'n8n-workflow';

import type { FaultRule } from '../emulator';
import { useEmulator } from '../helpers/emulator-fixture';
import { runUpload, uploadParameters } from '../helpers/engine';
import { credentialsFor, Scratch, type TestFile } from '../helpers/fixtures';
import { startProxy } from '../helpers/proxy';

const CHUNK = 256 * 1024;
type Mode = 'sequential' | 'numbered';

const emulator = useEmulator({ chunkUploadSize: CHUNK });
const scratch = new Scratch();

afterAll(() => scratch.cleanup());

describe('a lost answer is resolved without mistakes', () => {
	/**
	 * While this upload waits for a slow answer, another execution commits a file of the same name and
	 * size but other bytes; then this upload's last request is lost. The other file is found where this
	 * one would be, and must not be reported as this upload.
	 */
	test.each<[string, Mode, FaultRule]>([
		['the last sequential chunk lost before it was stored', 'sequential', { kind: 'reset-before-store', on: 'chunk', chunk: 4 }],
		['the answer to the last sequential chunk lost', 'sequential', { kind: 'reset-after-store', on: 'chunk', chunk: 4 }],
		['finalize lost before it reached the server', 'numbered', { kind: 'reset-before-store', on: 'finalize' }],
		['the answer to finalize lost', 'numbered', { kind: 'reset-after-store', on: 'finalize' }],
	])('a same-named, same-sized file of another execution is never taken for this one: %s', async (_label, mode, lost) => {
		const mine = scratch.file('same.bin', 4 * CHUNK);
		const { reported, otherReported } = await loseLastAnswerBesideAnother(mode, lost, mine, scratch.file('same.bin', 4 * CHUNK));
		expect(`${reported.id}:${reported.version}`).not.toBe(`${otherReported.id}:${otherReported.version}`);
		const stored = emulator().file(reported.id as number)!.versions.find((version) => version.version === reported.version);
		expect(stored?.sha256).toBe(mine.sha256);
	});

	test.each<[Mode, FaultRule]>([
		['sequential', { kind: 'reset-before-store', on: 'chunk', chunk: 4 }],
		['numbered', { kind: 'reset-before-store', on: 'finalize' }],
	])('a file of another name with the same bytes is never taken for this one (%s mode)', async (mode, lost) => {
		const mine = scratch.file('twin.bin', 4 * CHUNK);
		const { reported, otherReported } = await loseLastAnswerBesideAnother(mode, lost, mine, scratch.copy(mine, 'twin-copy.bin'));
		expect(reported.title).toBe('twin.bin');
		expect(reported.id).not.toBe(otherReported.id);
	});

	test('an empty file whose only request lost its answer is found, though DocSpace lists it without a size', async () => {
		const empty = scratch.file('empty-lost.txt', 0);
		emulator().faults.add({ kind: 'reset-after-store', on: 'chunk', chunk: 1 });
		const result = await runUpload({
			credentials: credentialsFor(emulator()),
			parameters: uploadParameters(2001, { options: { includeUploadDetails: true } }),
			files: [{ name: empty.name, path: empty.path }],
		});
		expect(result.error).toBeUndefined();
		const committed = emulator().filesTitled(empty.name);
		expect(committed.map((file) => file.versions.length)).toEqual([1]);
		expect(result.output[0].json).toMatchObject({ id: committed[0].id, version: 1, uploadDetails: { restarts: 0 } });
	});

	/**
	 * While this upload waits for a slow answer, another execution uploads `theirs` to the same folder;
	 * then this upload's last request is lost as `lost` says. Both outputs, after this upload ended well.
	 */
	async function loseLastAnswerBesideAnother(mode: Mode, lost: FaultRule, mine: TestFile, theirs: TestFile) {
		const run = (source: TestFile, options: IDataObject) =>
			runUpload({
				credentials: credentialsFor(emulator()),
				parameters: uploadParameters(2001, { options: { uploadMode: mode, parallelChunks: 1, includeUploadDetails: true, ...options } }),
				files: [{ name: source.name, path: source.path }],
			});
		emulator().faults.add({ kind: 'slow-answer', on: 'chunk', chunk: 3, delayMs: 1500 });
		const first = run(mine, { timeout: 5 });
		for (let waited = 0; emulator().faults.fired.length === 0 && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
		const other = await run(theirs, {});
		expect(other.error).toBeUndefined();
		emulator().faults.add(lost);
		const result = await first;

		expect(emulator().faults.fired.map((fault) => fault.kind)).toEqual(['slow-answer', lost.kind]);
		expect(result.error).toBeUndefined();
		return { reported: result.output[0].json, otherReported: other.output[0].json };
	}

	test('a candidate that cannot be read back is named, not taken', async () => {
		const mine = scratch.file('unreadable.bin', 4 * CHUNK);
		emulator().faults.add({ kind: 'reset-after-store', on: 'finalize' });
		// A proxy that refuses downloads, as some portals' firewalls do.
		const proxy = await startProxy(emulator().url, (request) =>
			request.url?.startsWith('/filehandler.ashx') ? { status: 403, json: { error: { message: 'Access denied' }, status: 1, statusCode: 403 } } : undefined,
		);
		try {
			const result = await runUpload({
				credentials: { ...credentialsFor(emulator()), baseUrl: proxy.url },
				parameters: uploadParameters(2001, { options: { uploadMode: 'numbered' } }),
				files: [{ name: mine.name, path: mine.path }],
			});
			const [committed] = emulator().filesTitled('unreadable.bin');
			expect(result.error?.message).toMatch(
				new RegExp(`^DocSpace's answer to the last upload request was lost, and file id ${committed.id} \\(version 1, "unreadable\\.bin"\\) could not be read back to tell whether it is this upload: DocSpace answered HTTP 403: Access denied$`),
			);
			expect(result.error?.description).toBe(`Nothing was reported as uploaded. Open file id ${committed.id} in DocSpace: if version 1 is not this file, run the workflow again.`);
		} finally {
			await proxy.stop();
		}
	});

});

test('a cancelled execution aborts the upload session and commits nothing', async () => {
	// Slow enough that the upload is still running when the execution is canceled.
	emulator().network = { bandwidthBytesPerSecond: 256 * 1024 };
	try {
		const source = scratch.file('cancelled.bin', 16 * CHUNK);
		const result = await runUpload({
			credentials: credentialsFor(emulator()),
			parameters: uploadParameters(2001),
			files: [{ name: source.name, path: source.path }],
			cancelAfterMs: 600,
		});
		expect(result.run.status).toBe('canceled');
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(emulator().filesTitled(source.name)).toEqual([]);
		expect(emulator().log.chunkRequests().filter((entry) => entry.mode === 'abort')).toMatchObject([{ success: true }]);
		expect([...emulator().portal.sessions.values()].filter((session) => session.title === source.name)).toEqual([]);
	} finally {
		emulator().network = {};
	}
});
