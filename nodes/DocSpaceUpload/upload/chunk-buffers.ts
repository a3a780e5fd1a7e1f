/**
 * Full-size chunk buffers that go back to work once the upload is done with them. A long upload
 * then reuses a handful of buffers instead of allocating one per chunk: large buffers that outlive
 * a request are only freed by full garbage collections, which would otherwise run for every chunk.
 */
export class ChunkBuffers {
	private readonly free: Buffer[] = [];
	/** Weak: a buffer lost with a failed attempt is simply garbage, not held until the upload ends. */
	private readonly lent = new WeakSet<ArrayBufferLike>();

	constructor(readonly chunkSize: number) {}

	/** A buffer of `length` bytes: pooled when it is a full chunk, exact otherwise. */
	take(length: number): Buffer {
		if (length !== this.chunkSize) return Buffer.allocUnsafe(length);
		const buffer = this.free.pop() ?? Buffer.allocUnsafeSlow(this.chunkSize);
		this.lent.add(buffer.buffer);
		return buffer;
	}

	/** Hands a chunk back; chunks that did not come from here are ignored. */
	release(chunk: Buffer): void {
		if (!this.lent.delete(chunk.buffer)) return;
		this.free.push(chunk);
	}
}
