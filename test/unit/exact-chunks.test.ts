import { randomBytes } from 'node:crypto';

import { ChunkBuffers } from '../../nodes/DocSpaceUpload/upload/chunk-buffers';
import { exactChunks, SizeMismatchError } from '../../nodes/DocSpaceUpload/upload/exact-chunks';

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
	for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer[]> {
	const chunks: Buffer[] = [];
	for await (const chunk of source) chunks.push(chunk);
	return chunks;
}

const CHUNK = 64 * 1024;

describe('exactChunks', () => {
	test.each([
		['16 KiB pieces', 16 * 1024],
		['odd 1000-byte pieces', 1000],
		['pieces larger than a chunk', CHUNK * 2 + 17],
		['the whole file at once', Number.MAX_SAFE_INTEGER],
	])('re-cuts %s into chunks of the exact size, the last one shorter', async (_label, pieceSize) => {
		const bytes = randomBytes(5 * CHUNK + 123);
		const chunks = await collect(exactChunks(pieces(bytes, pieceSize), CHUNK, bytes.length));
		expect(chunks.map((chunk) => chunk.length)).toEqual([CHUNK, CHUNK, CHUNK, CHUNK, CHUNK, 123]);
		expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
	});

	test.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK])('handles a file of %i bytes', async (size) => {
		const bytes = randomBytes(size);
		const chunks = await collect(exactChunks(pieces(bytes, 5000), CHUNK, size));
		expect(chunks.length).toBe(Math.max(1, Math.ceil(size / CHUNK)));
		expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
	});

	test('slices a piece that covers whole chunks without copying it', async () => {
		const bytes = randomBytes(3 * CHUNK);
		const chunks = await collect(exactChunks(pieces(bytes, bytes.length), CHUNK, bytes.length));
		for (const chunk of chunks) expect(chunk.buffer).toBe(bytes.buffer);
	});

	test('allocates the last chunk at its own size, not as a full chunk', async () => {
		const chunkSize = 1024 * 1024; // above Node's small-buffer pool, which may back short buffers
		const bytes = randomBytes(chunkSize + 10);
		const chunks = await collect(exactChunks(pieces(bytes, 1024), chunkSize, bytes.length));
		expect(chunks[1].length).toBe(10);
		expect(chunks[1].buffer.byteLength).toBeLessThan(chunkSize);
	});

	test('holds back the last chunk until the stream has ended, so a longer stream never completes a file', async () => {
		const bytes = randomBytes(2 * CHUNK + 1);
		const yielded: number[] = [];
		const reading = (async () => {
			for await (const chunk of exactChunks(pieces(bytes, CHUNK), CHUNK, 2 * CHUNK)) yielded.push(chunk.length);
		})();
		await expect(reading).rejects.toThrow('The binary data holds more than the 131072 bytes its metadata states');
		expect(yielded).toEqual([CHUNK]);
	});

	test('fails when the stream is shorter or longer than the metadata says', async () => {
		const bytes = randomBytes(1000);
		await expect(collect(exactChunks(pieces(bytes, 100), CHUNK, 1001))).rejects.toThrow(
			new SizeMismatchError(1001, 1000),
		);
		await expect(collect(exactChunks(pieces(bytes, 100), CHUNK, 999))).rejects.toThrow(
			'The binary data holds more than the 999 bytes its metadata states',
		);
	});
});

describe('ChunkBuffers', () => {
	test('full chunks come from a pool and are reused once released; short ones are exact', () => {
		const buffers = new ChunkBuffers(CHUNK);
		const first = buffers.take(CHUNK);
		const second = buffers.take(CHUNK);
		expect(second.buffer).not.toBe(first.buffer);
		buffers.release(first);
		expect(buffers.take(CHUNK).buffer).toBe(first.buffer);
		expect(buffers.take(100).length).toBe(100);
	});

	test('an upload that releases its chunks works with two buffers however long the file', async () => {
		const bytes = randomBytes(20 * CHUNK + 5);
		const buffers = new ChunkBuffers(CHUNK);
		const seen = new Set<ArrayBufferLike>();
		const copies: Buffer[] = [];
		for await (const chunk of exactChunks(pieces(bytes, 4096), CHUNK, bytes.length, buffers)) {
			seen.add(chunk.buffer);
			copies.push(Buffer.from(chunk));
			buffers.release(chunk);
		}
		expect(Buffer.concat(copies).equals(bytes)).toBe(true);
		expect(seen.size).toBeLessThanOrEqual(2);
	});
});
