/**
 * The package frames chunk requests itself; form-data, which it used before, is the reference: for
 * the same part and boundary the bytes must be the same, and DocSpace's numbered-mode arithmetic
 * (as the emulator models it) must book exactly the chunk's length.
 */
import FormData from 'form-data';
import { randomBytes } from 'node:crypto';
import { PassThrough, Writable } from 'node:stream';

import { ChunkBuffers } from '../../nodes/DocSpaceUpload/upload/chunk-buffers';
import type { FramedChunk } from '../../nodes/DocSpaceUpload/upload/multipart';
import { boundaryOf, lengthFromContentLength, readFirstPart } from '../emulator/multipart';

const CHUNK = 256 * 1024;

/** Everything form-data writes for the chunk as one file part, read from its stream to the end. */
async function formDataBytes(bytes: Buffer, boundary: string): Promise<{ body: Buffer; contentType: string; length: number }> {
	const form = new FormData();
	form.setBoundary(boundary);
	form.append('file', Buffer.from(bytes), { filename: 'blob', contentType: 'application/octet-stream', knownLength: bytes.length });
	const length = form.getLengthSync();
	const sink = new PassThrough();
	const pieces: Buffer[] = [];
	sink.on('data', (piece: Buffer) => pieces.push(piece));
	const ended = new Promise((resolve) => sink.on('end', resolve));
	form.pipe(sink);
	await ended;
	return { body: Buffer.concat(pieces), contentType: form.getHeaders()['content-type'], length };
}

function filled(buffers: ChunkBuffers, length: number): FramedChunk {
	const chunk = buffers.take(length);
	randomBytes(length).copy(chunk.bytes);
	return chunk;
}

const LENGTHS = [0, 1, 2, 3, 77, 1000, 4095, 4096, 65_537, CHUNK - 1, CHUNK];

test.each(LENGTHS)('a chunk of %i bytes is framed exactly as form-data frames it', async (length) => {
	const chunk = filled(new ChunkBuffers(CHUNK), length);
	const boundary = boundaryOf(chunk.contentType)!;
	const reference = await formDataBytes(chunk.bytes, boundary);
	expect(chunk.contentType).toBe(reference.contentType);
	expect(chunk.body.length).toBe(reference.length);
	expect(chunk.body.equals(reference.body)).toBe(true);
});

test.each(LENGTHS)('DocSpace\'s numbered-mode arithmetic books a chunk of %i bytes at its exact length', async (length) => {
	const chunk = filled(new ChunkBuffers(CHUNK), length);
	const boundary = boundaryOf(chunk.contentType)!;
	const received: Buffer[] = [];
	const sink = new Writable({ write: (piece: Buffer, _encoding, done) => (received.push(Buffer.from(piece)), done()) });
	const part = await readFirstPart((async function* () { yield chunk.body; })(), boundary, sink);
	expect(part?.fileName).toBe('blob');
	expect(Buffer.concat(received).equals(chunk.bytes)).toBe(true);
	expect(lengthFromContentLength(chunk.body.length, boundary, part!.headers)).toBe(length);
});

test('pooled memory used again gets a new boundary and the same framing as form-data', async () => {
	const buffers = new ChunkBuffers(CHUNK);
	const first = filled(buffers, CHUNK);
	buffers.release(first);
	const again = filled(buffers, CHUNK);
	expect(again.memory).toBe(first.memory);
	expect(again.contentType).not.toBe(first.contentType);
	const reference = await formDataBytes(again.bytes, boundaryOf(again.contentType)!);
	expect(again.body.equals(reference.body)).toBe(true);
});

test('the body is a view of the chunk\'s memory: no copy of the chunk', () => {
	const chunk = filled(new ChunkBuffers(CHUNK), CHUNK);
	expect(chunk.body.buffer).toBe(chunk.memory.buffer);
	expect(chunk.bytes.buffer).toBe(chunk.memory.buffer);
	chunk.bytes[0] ^= 0xff;
	expect(chunk.body.includes(chunk.bytes)).toBe(true);
});

test('the emulator\'s part reader fails with the storage\'s error instead of waiting for it forever', async () => {
	const chunk = filled(new ChunkBuffers(CHUNK), CHUNK);
	const boundary = boundaryOf(chunk.contentType)!;
	const sink = new Writable({ highWaterMark: 1, write: (_piece, _encoding, done) => done(new Error('ENOENT: no such file or directory')) });
	sink.on('error', () => undefined); // as the emulator's storage does
	const body = (async function* () {
		yield chunk.body.subarray(0, 1000);
		yield chunk.body.subarray(1000);
	})();
	await expect(readFirstPart(body, boundary, sink)).rejects.toThrow('ENOENT: no such file or directory');
}, 5000);
