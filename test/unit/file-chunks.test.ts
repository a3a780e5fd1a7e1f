import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ChunkBuffers } from '../../nodes/DocSpaceUpload/upload/chunk-buffers';
import { SizeMismatchError } from '../../nodes/DocSpaceUpload/upload/exact-chunks';
import { fileChunks } from '../../nodes/DocSpaceUpload/upload/file-chunks';

const CHUNK = 64 * 1024;
const folder = mkdtempSync(join(tmpdir(), 'file-chunks-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function fileOf(bytes: Buffer): string {
	const path = join(folder, `${bytes.length}-${randomBytes(4).toString('hex')}.bin`);
	writeFileSync(path, bytes);
	return path;
}

/** Reads the whole file, releasing each chunk as an upload does once it was sent; returns copies. */
async function collect(path: string, size: number, buffers = new ChunkBuffers(CHUNK)): Promise<Buffer[]> {
	const chunks: Buffer[] = [];
	for await (const chunk of fileChunks(path, size, buffers)) {
		chunks.push(Buffer.from(chunk.bytes));
		buffers.release(chunk);
	}
	return chunks;
}

describe('fileChunks', () => {
	test.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 123])('cuts a file of %i bytes into exact chunks', async (size) => {
		const bytes = randomBytes(size);
		const chunks = await collect(fileOf(bytes), size);
		expect(chunks.length).toBe(Math.max(1, Math.ceil(size / CHUNK)));
		expect(chunks.slice(0, -1).every((chunk) => chunk.length === CHUNK)).toBe(true);
		expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
	});

	test('reads every full chunk into the same pooled buffer when each is released before the next', async () => {
		const buffers = new ChunkBuffers(CHUNK);
		const backing = new Set<ArrayBufferLike>();
		for await (const chunk of fileChunks(fileOf(randomBytes(4 * CHUNK)), 4 * CHUNK, buffers)) {
			backing.add(chunk.memory.buffer);
			buffers.release(chunk);
		}
		expect(backing.size).toBe(1);
	});

	test('refuses a file longer than its metadata before handing out any chunk', async () => {
		const yielded: number[] = [];
		const reading = (async () => {
			for await (const chunk of fileChunks(fileOf(randomBytes(2 * CHUNK + 1)), 2 * CHUNK, new ChunkBuffers(CHUNK))) yielded.push(chunk.length);
		})();
		await expect(reading).rejects.toThrow(new SizeMismatchError(2 * CHUNK, 2 * CHUNK + 1));
		expect(yielded).toEqual([]);
	});

	test('fails at the point where a file shorter than its metadata ends', async () => {
		const path = fileOf(randomBytes(CHUNK + 10));
		await expect(collect(path, 3 * CHUNK)).rejects.toThrow(new SizeMismatchError(3 * CHUNK, CHUNK + 10));
	});
});
