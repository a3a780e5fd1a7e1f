import { FramedChunk, HEAD_ROOM, TAIL_ROOM } from './multipart';

/**
 * Memory for chunks, with room for their framing, that goes back to work once the upload is done
 * with a chunk. A long upload then reuses a handful of buffers instead of allocating one per chunk:
 * large buffers that outlive a request are only freed by full garbage collections, which would
 * otherwise run for every chunk.
 */
export class ChunkBuffers {
	private readonly free: Buffer[] = [];
	/** Weak: memory lost with a failed attempt is simply garbage, not held until the upload ends. */
	private readonly lent = new WeakSet<Buffer>();

	constructor(readonly chunkSize: number) {}

	/** A chunk of `length` bytes, framed: pooled memory when it is a full chunk, exact otherwise. */
	take(length: number): FramedChunk {
		if (length !== this.chunkSize) return new FramedChunk(Buffer.allocUnsafe(HEAD_ROOM + length + TAIL_ROOM), length);
		const memory = this.free.pop() ?? Buffer.allocUnsafeSlow(HEAD_ROOM + this.chunkSize + TAIL_ROOM);
		this.lent.add(memory);
		return new FramedChunk(memory, length);
	}

	/** Hands a chunk's memory back; chunks whose memory did not come from the pool are ignored. */
	release(chunk: FramedChunk): void {
		if (!this.lent.delete(chunk.memory)) return;
		this.free.push(chunk.memory);
	}
}
