import { ChunkBuffers } from '../../nodes/DocSpaceUpload/upload/chunk-buffers';
import { HEAD_ROOM, TAIL_ROOM } from '../../nodes/DocSpaceUpload/upload/multipart';

const CHUNK = 1024;

test('a full chunk handed back lends its memory to the next full chunk', () => {
	const buffers = new ChunkBuffers(CHUNK);
	const first = buffers.take(CHUNK);
	expect(first.memory.length).toBe(HEAD_ROOM + CHUNK + TAIL_ROOM);
	buffers.release(first);
	expect(buffers.take(CHUNK).memory).toBe(first.memory);
});

test('memory still lent is not lent again', () => {
	const buffers = new ChunkBuffers(CHUNK);
	const first = buffers.take(CHUNK);
	expect(buffers.take(CHUNK).memory).not.toBe(first.memory);
});

test('a shorter last chunk gets memory of its own size, which never goes into the pool', () => {
	const buffers = new ChunkBuffers(CHUNK);
	const last = buffers.take(10);
	expect(last.memory.length).toBe(HEAD_ROOM + 10 + TAIL_ROOM);
	buffers.release(last);
	const next = buffers.take(CHUNK);
	expect(next.memory).not.toBe(last.memory);
	expect(next.length).toBe(CHUNK);
});

test('a chunk handed back twice lends its memory to one chunk only', () => {
	const buffers = new ChunkBuffers(CHUNK);
	const chunk = buffers.take(CHUNK);
	buffers.release(chunk);
	buffers.release(chunk);
	expect(buffers.take(CHUNK).memory).not.toBe(buffers.take(CHUNK).memory);
});
