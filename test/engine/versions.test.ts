/**
 * The node on each modelled DocSpace release (test/emulator/versions.ts): numbered chunks where the
 * portal has them (2.5 on), one chunk at a time on 2.0.x, whose handler stores `upload=true&chunkNumber=N`
 * in arrival order; and a session lost on each version is started over.
 */
import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type DocSpaceEmulator, type FaultKind } from '../emulator';
import { runUpload, uploadParameters } from '../helpers/engine';
import { credentialsFor, Scratch } from '../helpers/fixtures';
import { expectNodeError } from '../helpers/node-errors';
import { startProxy } from '../helpers/proxy';

type Version = '2.0' | '2.5' | '2.6' | '3.7';
const VERSIONS: Array<[Version, 'sequential' | 'numbered']> = [
	['2.0', 'sequential'],
	['2.5', 'numbered'],
	['2.6', 'numbered'],
	['3.7', 'numbered'],
];
const CHUNK = 256 * 1024;
const scratch = new Scratch();
afterAll(() => scratch.cleanup());

async function withEmulator<T>(serverVersion: Version, run: (emulator: DocSpaceEmulator) => Promise<T>): Promise<T> {
	const emulator = await startEmulator({ chunkUploadSize: CHUNK, serverVersion });
	try {
		return await run(emulator);
	} finally {
		await emulator.stop();
	}
}

async function upload(emulator: DocSpaceEmulator, options: IDataObject, name: string, size = 4 * CHUNK + 100, baseUrl = emulator.url) {
	const source = scratch.file(name, size);
	const result = await runUpload({
		credentials: { ...credentialsFor(emulator), baseUrl },
		parameters: uploadParameters(2001, { options: { includeUploadDetails: true, timeout: 10, ...options } }),
		files: [{ name: source.name, path: source.path }],
	});
	const committed = emulator.filesTitled(name);
	return { source, result, committed };
}

describe.each(VERSIONS)('DocSpace %s', (version, autoMode) => {
	test(`"Auto" with parallel chunks uploads ${autoMode === 'numbered' ? 'numbered chunks' : 'one chunk at a time'}, intact`, async () => {
		await withEmulator(version, async (emulator) => {
			const { source, result, committed } = await upload(emulator, { parallelChunks: 4 }, `auto-${version}.bin`);
			expect(result.error).toBeUndefined();
			expect(result.output[0].json.uploadDetails).toMatchObject({ mode: autoMode, chunks: 5 });
			expect(committed.map((file) => file.versions.map((stored) => stored.sha256))).toEqual([[source.sha256]]);
		});
	});

	test.each<FaultKind>(['session-expired', 'server-restart'])('a session lost to %s is started over and the file delivered', async (kind) => {
		await withEmulator(version, async (emulator) => {
			emulator.faults.add({ kind, on: 'chunk', chunk: 3 });
			const { source, result, committed } = await upload(emulator, {}, `lost-${kind}-${version}.bin`);
			expect(result.error).toBeUndefined();
			expect(result.output[0].json.uploadDetails).toMatchObject({ restarts: 1 });
			expect(committed.map((file) => file.versions.map((stored) => stored.sha256))).toEqual([[source.sha256]]);
		});
	});
});

test('a 201 answering a numbered chunk is an error naming the file the portal committed', async () => {
	await withEmulator('2.0', async (emulator) => {
		// A proxy serves a newer version's answer: the node sends numbered chunks to a 2.0 handler.
		const proxy = await startProxy(emulator.url, (request) =>
			request.url === '/api/2.0/settings/version/build' ? { json: { response: { docSpace: '2.5.0.1646' }, status: 0, statusCode: 200 } } : undefined,
		);
		try {
			const { result, committed } = await upload(emulator, { uploadMode: 'numbered', parallelChunks: 2 }, 'misled.bin', 4 * CHUNK + 100, proxy.url);
			expect(committed).toHaveLength(1);
			expectNodeError(result.error, {
				message: new RegExp(`^DocSpace completed the upload when it received numbered chunk \\d of 5, as if it were a sequential chunk: the file it stored \\(id ${committed[0].id}, version 1\\) is not this file$`),
				description: new RegExp(`Check file id ${committed[0].id} in DocSpace`),
			});
		} finally {
			await proxy.stop();
		}
	});
});

test.each<Version>(['2.0', '3.7'])('a session lost again and again on DocSpace %s ends in the message for a lost session', async (version) => {
	await withEmulator(version, async (emulator) => {
		emulator.faults.add({ kind: 'session-expired', on: 'chunk', chunk: 2, times: 1000 });
		const { result, committed } = await upload(emulator, {}, `always-lost-${version}.bin`);
		expectNodeError(result.error, {
			message: 'The upload session on DocSpace was lost: it expired, or the portal restarted',
			description: /The upload was started over in a new session and lost it again/,
		});
		expect(committed).toEqual([]);
	});
});
