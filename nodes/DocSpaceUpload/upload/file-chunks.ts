import { open } from 'node:fs/promises';

import type { ChunkBuffers } from './chunk-buffers';
import { SizeMismatchError } from './exact-chunks';
import type { FramedChunk } from './multipart';

/**
 * Reads a file in chunks of exactly `buffers.chunkSize` bytes (the last one shorter), each read
 * straight into a pooled buffer: no stream pieces to allocate and copy. The file must hold exactly
 * `expectedSize` bytes; that is checked before the first chunk is handed out.
 */
export async function* fileChunks(path: string, expectedSize: number, buffers: ChunkBuffers): AsyncGenerator<FramedChunk> {
	const handle = await open(path, 'r');
	try {
		const { size } = await handle.stat();
		if (size > expectedSize) throw new SizeMismatchError(expectedSize, size);
		let offset = 0;
		do {
			const chunk = buffers.take(Math.min(buffers.chunkSize, expectedSize - offset));
			let filled = 0;
			while (filled < chunk.length) {
				const { bytesRead } = await handle.read(chunk.bytes, filled, chunk.length - filled, offset + filled);
				if (bytesRead === 0) throw new SizeMismatchError(expectedSize, offset + filled);
				filled += bytesRead;
			}
			offset += chunk.length;
			yield chunk;
		} while (offset < expectedSize);
	} finally {
		await handle.close();
	}
}
