import { ChunkBuffers } from './chunk-buffers';

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
 * Re-cuts whatever a stream yields (16 KiB pieces, or the whole file at once) into chunks of exactly
 * `chunkSize` bytes, the last one shorter. A piece that covers whole chunks is sliced without copying;
 * smaller pieces are copied once into the chunk they belong to, taken from `buffers`. The last chunk
 * is handed out only once the stream has ended with exactly `expectedSize` bytes, so a file that is
 * longer than its metadata says is never completed on the server.
 */
export async function* exactChunks(
	pieces: AsyncIterable<Uint8Array>,
	chunkSize: number,
	expectedSize: number,
	buffers = new ChunkBuffers(chunkSize),
): AsyncGenerator<Buffer> {
	let chunk: Buffer | undefined;
	let filled = 0;
	let total = 0;
	let last: Buffer | undefined = expectedSize === 0 ? Buffer.alloc(0) : undefined;
	for await (const raw of pieces) {
		let piece = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
		total += piece.length;
		if (total > expectedSize) throw new SizeMismatchError(expectedSize, total);
		while (piece.length > 0) {
			let ready: Buffer | undefined;
			if (filled === 0 && piece.length >= chunkSize) {
				ready = piece.subarray(0, chunkSize);
				piece = piece.subarray(chunkSize);
			} else {
				chunk ??= buffers.take(Math.min(chunkSize, expectedSize - (total - piece.length)));
				const taken = piece.copy(chunk, filled, 0, Math.min(piece.length, chunk.length - filled));
				filled += taken;
				piece = piece.subarray(taken);
				if (filled === chunk.length) {
					ready = chunk;
					chunk = undefined;
					filled = 0;
				}
			}
			if (!ready) continue;
			if (total - piece.length === expectedSize) last = ready;
			else yield ready;
		}
	}
	if (total !== expectedSize) throw new SizeMismatchError(expectedSize, total);
	yield last!;
}
