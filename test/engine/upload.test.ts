import { HEAD_ROOM, TAIL_ROOM } from '../../nodes/DocSpaceUpload/upload/multipart';
import { startEmulator, type DocSpaceEmulator } from '../emulator';
import { useEmulator } from '../helpers/emulator-fixture';
import { logLines, runUpload, uploadParameters, type BinaryMode } from '../helpers/engine';
import { credentialsFor, MiB, Scratch, sessionIds, sessionRequests } from '../helpers/fixtures';

/** Not DocSpace's 10 MiB default, to prove the node uses the size the server publishes. */
const CHUNK = 1 * MiB;

const sizes: Array<[string, number]> = [
	['an empty file', 0],
	['a 1-byte file', 1],
	['a file just under one chunk', CHUNK - 1],
	['a file of exactly one chunk', CHUNK],
	['one chunk and one byte', CHUNK + 1],
	['several chunks with a short last one', 3 * CHUNK + 12_345],
	['an exact multiple of the chunk size', 4 * CHUNK],
];

const emulator = useEmulator({ chunkUploadSize: CHUNK });
const scratch = new Scratch();

afterAll(() => scratch.cleanup());

describe.each<[BinaryMode, 'auto' | 'sequential']>([
	['filesystem', 'auto'],
	['filesystem', 'sequential'],
	['inline', 'auto'],
	['inline', 'sequential'],
])('binary %s, upload mode %s', (binaryMode, uploadMode) => {
	test.each(sizes)('%s arrives byte for byte, cut in the server\'s chunk size', async (_label, size) => {
		const source = scratch.file(`report-${binaryMode}-${uploadMode}-${size}.bin`, size);
		const result = await runUpload({
			credentials: credentialsFor(emulator()),
			parameters: uploadParameters(2001, { options: { uploadMode } }),
			files: [{ name: source.name, path: source.path }],
			binaryMode,
		});
		expect(result.error).toBeUndefined();
		expect(result.input[0].binary!.data.id === undefined).toBe(binaryMode === 'inline');

		const [item] = result.output;
		expect(item.json).toMatchObject({ title: source.name, folderId: 2001, version: 1 });
		// DocSpace leaves out an empty file's size (FileDto: ContentLength.NullIfDefault()).
		expect(item.json.pureContentLength).toBe(size === 0 ? undefined : size);
		expect(item.pairedItem).toEqual({ item: 0 });
		const stored = emulator().file(item.json.id as number)!;
		expect(stored.versions).toHaveLength(1);
		expect(stored.versions[0]).toMatchObject({ size, sha256: source.sha256 });

		// The protocol: one session, chunks of exactly CHUNK bytes but the last, in order, all authenticated.
		const [session] = sessionIds(emulator());
		expect(sessionIds(emulator())).toHaveLength(1);
		const requests = sessionRequests(emulator(), session);
		const uploads = requests.filter((entry) => entry.mode === 'numbered' || entry.mode === 'sequential');
		const expectedChunks = Math.max(1, Math.ceil(size / CHUNK));
		const numbered = uploadMode === 'auto' && expectedChunks > 1;
		expect(uploads.map((entry) => entry.mode)).toEqual(Array(expectedChunks).fill(numbered ? 'numbered' : 'sequential'));
		expect(uploads.map((entry) => entry.booked)).toEqual(
			Array.from({ length: expectedChunks }, (_, index) => Math.min(CHUNK, size - index * CHUNK)),
		);
		expect(uploads.every((entry) => entry.booked === entry.received)).toBe(true);
		// Framed by the node as form-data frames a part, and sent by n8n's request stack as it is.
		for (const entry of uploads) {
			expect(entry.contentType).toMatch(/^multipart\/form-data; boundary=-{26}[0-9a-f]{24}$/);
			expect(entry.contentLength).toBe(entry.received! + HEAD_ROOM + TAIL_ROOM);
		}
		if (numbered) {
			expect(uploads.map((entry) => entry.chunkNumber).sort((a, b) => a! - b!)).toEqual(
				Array.from({ length: expectedChunks }, (_, index) => index + 1),
			);
			expect(requests[requests.length - 1]).toMatchObject({ mode: 'finalize', status: 201 });
		} else {
			expect(uploads.map((entry) => entry.chunkNumber)).toEqual(Array.from({ length: expectedChunks }, (_, index) => index + 1));
			expect(uploads[uploads.length - 1].status).toBe(201);
		}
		for (const entry of emulator().log.entries) {
			expect(entry).toMatchObject({ auth: 'cookie', userId: emulator().portal.owner.id, host: new URL(emulator().url).host });
		}
	});
});

test('the server\'s default 10 MiB chunk size is used when the portal publishes it', async () => {
	const server = await startEmulator();
	try {
		const source = scratch.file('video.mp4', 25 * MiB + 3);
		const result = await runUpload({
			credentials: credentialsFor(server),
			parameters: uploadParameters(2001),
			files: [{ name: source.name, path: source.path }],
		});
		expect(emulatorSha(server, result.output[0].json.id as number)).toBe(source.sha256);
		expect(server.log.chunkRequests().filter((e) => e.mode === 'numbered').map((e) => e.booked).sort((a, b) => b! - a!)).toEqual([
			10 * MiB, 10 * MiB, 5 * MiB + 3,
		]);
	} finally {
		await server.stop();
	}
});

test('several items in one run are uploaded in order, each paired to its input', async () => {
	const files = [scratch.file('a.txt', 10), scratch.file('b.bin', 2 * CHUNK + 5), scratch.file('c.pdf', CHUNK)];
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001),
		files: files.map((file) => ({ name: file.name, path: file.path })),
	});
	expect(result.error).toBeUndefined();
	expect(result.output.map((item) => item.json.title)).toEqual(['a.txt', 'b.bin', 'c.pdf']);
	expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	result.output.forEach((item, index) => expect(emulatorSha(emulator(), item.json.id as number)).toBe(files[index].sha256));
	expect(emulator().log.apiRequests().filter((entry) => entry.path === '/api/2.0/files/settings')).toHaveLength(1);
});

test('items uploaded several at once keep their input order and pairing, and no more run at once than set', async () => {
	const files = Array.from({ length: 6 }, (_, index) => scratch.file(`part-${index}.bin`, (6 - index) * 300_000));
	// Every request takes a while, so uploads that run at once surely overlap in time.
	emulator().network = { latencyMs: 40 };
	try {
		const result = await runUpload({
			credentials: credentialsFor(emulator()),
			parameters: uploadParameters(2001, { options: { itemConcurrency: 3 } }),
			files: files.map((file) => ({ name: file.name, path: file.path })),
		});
		expect(result.output.map((item) => item.json.title)).toEqual(files.map((file) => file.name));
		expect(result.output.map((item) => item.pairedItem)).toEqual(files.map((_, item) => ({ item })));
		result.output.forEach((item, index) => expect(emulatorSha(emulator(), item.json.id as number)).toBe(files[index].sha256));
	} finally {
		emulator().network = {};
	}
	expect(mostSessionsAtOnce(emulator())).toBe(3);
});

/** The largest number of upload sessions whose chunk requests were under way at the same moment. */
function mostSessionsAtOnce(server: DocSpaceEmulator): number {
	const spans = sessionIds(server).map((id) => {
		const requests = sessionRequests(server, id);
		return { from: Math.min(...requests.map((entry) => entry.startedAt)), to: Math.max(...requests.map((entry) => entry.endedAt ?? entry.startedAt)) };
	});
	return Math.max(...spans.map(({ from }) => spans.filter((span) => span.from <= from && from < span.to).length));
}

function emulatorSha(server: DocSpaceEmulator, id: number): string | undefined {
	const file = server.file(id);
	return file?.versions[file.versions.length - 1].sha256;
}

test("n8n's debug log follows an upload: its session, then each chunk with the bytes sent so far", async () => {
	logLines.length = 0;
	const source = scratch.file('logged.bin', 2 * CHUNK + 10);
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001, { options: { uploadMode: 'sequential' } }),
		files: [{ name: source.name, path: source.path }],
	});
	expect(result.error).toBeUndefined();
	const [session] = sessionIds(emulator());
	expect(logLines.filter((line) => line.level === 'debug' && line.message.startsWith('DocSpace Upload: '))).toEqual([
		{
			level: 'debug',
			message: 'DocSpace Upload: Upload session created',
			metadata: { itemIndex: 0, file: 'logged.bin', session, mode: 'sequential', bytes: 2 * CHUNK + 10, chunks: 3, chunkSize: CHUNK },
		},
		...[CHUNK, 2 * CHUNK, 2 * CHUNK + 10].map((sent, index) => ({
			level: 'debug',
			message: `DocSpace Upload: Chunk ${index + 1} of 3 sent`,
			metadata: { itemIndex: 0, file: 'logged.bin', chunk: index + 1, chunks: 3, bytes: index < 2 ? CHUNK : 10, sent, total: 2 * CHUNK + 10 },
		})),
	]);
});

test.each<BinaryMode>(['filesystem', 'inline'])('a file renamed by a later node is uploaded under its new name (binary %s)', async (binaryMode) => {
	const source = scratch.file('scan-0001.pdf', 10);
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001, { options: { includeUploadDetails: true } }),
		files: [{ name: source.name, path: source.path, renameTo: `Invoice 2026-12 (${binaryMode}).pdf` }],
		binaryMode,
	});
	expect(result.error).toBeUndefined();
	expect(result.output[0].json.title).toBe(`Invoice 2026-12 (${binaryMode}).pdf`);
	// Streamed from n8n's binary data store, or read from the item's own bytes.
	expect(result.output[0].json.uploadDetails).toMatchObject({ streamed: binaryMode === 'filesystem' });
});

test("the size n8n's binary data store wrote counts, not the item's `bytes` a later node changed", async () => {
	const source = scratch.file('measured.bin', CHUNK + 10);
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001, { options: { includeUploadDetails: true } }),
		files: [{ name: source.name, path: source.path, bytesTo: 10 }],
	});
	expect(result.error).toBeUndefined();
	expect(result.output[0].json.uploadDetails).toMatchObject({ bytes: CHUNK + 10, streamed: true });
	expect(emulator().file(result.output[0].json.id as number)!.versions[0].sha256).toBe(source.sha256);
});
