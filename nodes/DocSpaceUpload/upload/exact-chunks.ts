import type { ChunkBuffers } from './chunk-buffers';
import type { FramedChunk } from './multipart';

/** The stream held a different number of bytes than its metadata promised. */
export class SizeMismatchError extends Error {
	constructor(
		readonly expected: number,
		readonly actual: number,
	) {
		super(
			actual > expected
				? `The binary data holds more than the ${expected} bytes its metadata states`
				: `The binary data ended after ${actual} of the ${expected} bytes its metadata states`,
		);
	}
}

/**
 * Re-cuts whatever a stream yields (small pieces, or the whole file at once) into chunks of exactly
 * `buffers.chunkSize` bytes, the last one shorter, copying each piece once into the framed chunk it
 * belongs to. The stream must hold exactly `expectedSize` bytes:
 * - the last chunk is handed out only once the stream has ended, so a file longer than its metadata
 *   says is never completed on the server;
 * - the first chunk is handed out only once the second is complete (or, if that is the last, once the
 *   stream has ended), so such a file of up to two chunks is refused before any chunk is sent.
 */
export async function* exactChunks(pieces: AsyncIterable<Uint8Array>, expectedSize: number, buffers: ChunkBuffers): AsyncGenerator<FramedChunk> {
	let chunk: FramedChunk | undefined;
	let filled = 0;
	let total = 0;
	let first: FramedChunk | undefined;
	let completed = 0;
	let last: FramedChunk | undefined;
	for await (const raw of pieces) {
		let piece = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
		total += piece.length;
		if (total > expectedSize) throw new SizeMismatchError(expectedSize, total);
		while (piece.length > 0) {
			chunk ??= buffers.take(Math.min(buffers.chunkSize, expectedSize - (total - piece.length)));
			const taken = piece.copy(chunk.bytes, filled);
			filled += taken;
			piece = piece.subarray(taken);
			if (filled < chunk.length) continue;
			const ready = chunk;
			chunk = undefined;
			filled = 0;
			completed++;
			if (total - piece.length === expectedSize) {
				last = ready;
			} else if (completed === 1) {
				first = ready;
			} else {
				if (first) yield first;
				first = undefined;
				yield ready;
			}
		}
	}
	if (total !== expectedSize) throw new SizeMismatchError(expectedSize, total);
	if (first) yield first;
	yield last ?? buffers.take(0);
}
