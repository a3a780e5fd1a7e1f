import { randomBytes } from 'node:crypto';

import { ChunkBuffers } from '../../nodes/DocSpaceUpload/upload/chunk-buffers';
import { exactChunks, SizeMismatchError } from '../../nodes/DocSpaceUpload/upload/exact-chunks';
import type { FramedChunk } from '../../nodes/DocSpaceUpload/upload/multipart';

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
	for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

const CHUNK = 64 * 1024;

/** Copies of the chunks' bytes, each chunk released as an upload does once it was sent. */
async function collect(source: AsyncIterable<FramedChunk>, buffers?: ChunkBuffers): Promise<Buffer[]> {
	const chunks: Buffer[] = [];
	for await (const chunk of source) {
		chunks.push(Buffer.from(chunk.bytes));
		buffers?.release(chunk);
	}
	return chunks;
}

describe('exactChunks', () => {
	test.each([
		['16 KiB pieces', 16 * 1024],
		['odd 1000-byte pieces', 1000],
		['pieces larger than a chunk', CHUNK * 2 + 17],
		['the whole file at once', Number.MAX_SAFE_INTEGER],
	])('re-cuts %s into chunks of the exact size, the last one shorter', async (_label, pieceSize) => {
		const bytes = randomBytes(5 * CHUNK + 123);
		const chunks = await collect(exactChunks(pieces(bytes, pieceSize), bytes.length, new ChunkBuffers(CHUNK)));
		expect(chunks.map((chunk) => chunk.length)).toEqual([CHUNK, CHUNK, CHUNK, CHUNK, CHUNK, 123]);
		expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
	});

	test('keeps every chunk when a piece ends half way into the last one', async () => {
		const bytes = randomBytes(3 * CHUNK);
		async function* unevenPieces(): AsyncGenerator<Buffer> {
			yield bytes.subarray(0, 2.5 * CHUNK);
			yield bytes.subarray(2.5 * CHUNK);
		}
		const chunks = await collect(exactChunks(unevenPieces(), bytes.length, new ChunkBuffers(CHUNK)));
		expect(chunks.map((chunk) => chunk.length)).toEqual([CHUNK, CHUNK, CHUNK]);
		expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
	});

	test.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK])('handles a file of %i bytes', async (size) => {
		const bytes = randomBytes(size);
		const chunks = await collect(exactChunks(pieces(bytes, 5000), size, new ChunkBuffers(CHUNK)));
		expect(chunks.length).toBe(Math.max(1, Math.ceil(size / CHUNK)));
		expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
	});

	test('fills each chunk in place inside its request body', async () => {
		const bytes = randomBytes(2 * CHUNK + 5);
		for await (const chunk of exactChunks(pieces(bytes, 3000), bytes.length, new ChunkBuffers(CHUNK))) {
			expect(chunk.bytes.buffer).toBe(chunk.body.buffer);
			const at = chunk.bytes.byteOffset - chunk.body.byteOffset;
			expect(chunk.body.subarray(at, at + chunk.length).equals(chunk.bytes)).toBe(true);
		}
	});

	test('allocates the last chunk at its own size, not as a full chunk', async () => {
		const chunkSize = 1024 * 1024; // above Node's small-buffer pool, which may back short buffers
		const bytes = randomBytes(chunkSize + 10);
		const chunks: FramedChunk[] = [];
		for await (const chunk of exactChunks(pieces(bytes, 1024), bytes.length, new ChunkBuffers(chunkSize))) chunks.push(chunk);
		expect(chunks[1].length).toBe(10);
		expect(chunks[1].memory.buffer.byteLength).toBeLessThan(chunkSize);
	});

	test.each([
		['refuses a file of two chunks that is longer than its metadata before handing out any chunk', 2, []],
		['holds back the last chunk until the stream has ended, so a longer stream never completes a file', 4, [CHUNK, CHUNK, CHUNK]],
	])('%s', async (_label, chunkCount, handedOut) => {
		const expected = chunkCount * CHUNK;
		const bytes = randomBytes(expected + 1);
		const yielded: number[] = [];
		const reading = (async () => {
			for await (const chunk of exactChunks(pieces(bytes, CHUNK), expected, new ChunkBuffers(CHUNK))) yielded.push(chunk.length);
		})();
		await expect(reading).rejects.toThrow(new SizeMismatchError(expected, expected + 1));
		expect(yielded).toEqual(handedOut);
	});

	test('hands out the first chunk once the second is complete, before the stream has ended', async () => {
		const bytes = randomBytes(3 * CHUNK);
		const events: string[] = [];
		async function* logged(): AsyncGenerator<Buffer> {
			for await (const piece of pieces(bytes, CHUNK / 2)) {
				events.push(`read ${piece.length}`);
				yield piece;
			}
			events.push('end');
		}
		for await (const chunk of exactChunks(logged(), bytes.length, new ChunkBuffers(CHUNK))) events.push(`chunk ${chunk.length}`);
		const half = `read ${CHUNK / 2}`;
		expect(events).toEqual([half, half, half, half, `chunk ${CHUNK}`, `chunk ${CHUNK}`, half, half, 'end', `chunk ${CHUNK}`]);
	});

	test('fails when the stream is shorter or longer than the metadata says', async () => {
		const bytes = randomBytes(1000);
		await expect(collect(exactChunks(pieces(bytes, 100), 1001, new ChunkBuffers(CHUNK)))).rejects.toThrow(new SizeMismatchError(1001, 1000));
		await expect(collect(exactChunks(pieces(bytes, 100), 999, new ChunkBuffers(CHUNK)))).rejects.toThrow(
			'The binary data holds more than the 999 bytes its metadata states',
		);
	});
});

describe('ChunkBuffers', () => {
	test('full chunks come from a pool and are reused once released; short ones are exact', () => {
		const buffers = new ChunkBuffers(CHUNK);
		const first = buffers.take(CHUNK);
		const second = buffers.take(CHUNK);
		expect(second.memory).not.toBe(first.memory);
		buffers.release(first);
		expect(buffers.take(CHUNK).memory).toBe(first.memory);
		const short = buffers.take(100);
		expect(short.length).toBe(100);
		buffers.release(short);
		expect(buffers.take(CHUNK).memory).not.toBe(short.memory);
	});

	test('an upload that releases its chunks works with two full-size buffers however long the file', async () => {
		const bytes = randomBytes(20 * CHUNK + 5);
		const buffers = new ChunkBuffers(CHUNK);
		const seen = new Set<Buffer>();
		const copies: Buffer[] = [];
		for await (const chunk of exactChunks(pieces(bytes, 4096), bytes.length, buffers)) {
			if (chunk.length === CHUNK) seen.add(chunk.memory);
			copies.push(Buffer.from(chunk.bytes));
			buffers.release(chunk);
		}
		expect(Buffer.concat(copies).equals(bytes)).toBe(true);
		expect(seen.size).toBeLessThanOrEqual(2);
	});
});
