import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface StoredContent {
	path: string;
	size: number;
	sha256: string;
}

/**
 * The portal's disk: chunks of open upload sessions and the content of committed file versions.
 * With `keepContent` off (for benchmarks of many gigabytes) a commit only hashes the chunks.
 */
export class Storage {
	private pieces = 0;

	constructor(
		readonly root: string,
		private readonly keepContent = true,
	) {}

	async init(): Promise<void> {
		await mkdir(join(this.root, 'sessions'), { recursive: true });
		await mkdir(join(this.root, 'pieces'), { recursive: true });
		await mkdir(join(this.root, 'files'), { recursive: true });
	}

	chunkPath(sessionId: string, chunkNumber: number): string {
		return join(this.root, 'sessions', sessionId, String(chunkNumber));
	}

	/**
	 * A file part as it arrives, before the session's rules accept it under a chunk number. Pieces live
	 * outside the sessions' folders: a session that expires while a chunk of it is still arriving does
	 * not take the floor from under that chunk (the server had read the session before the body).
	 */
	openPiece(): { path: string; stream: WriteStream } {
		const path = join(this.root, 'pieces', `piece-${++this.pieces}`);
		const stream = createWriteStream(path);
		// A failed write surfaces where the handler awaits the stream; it must not crash the process.
		stream.on('error', () => undefined);
		return { path, stream };
	}

	/** Books an accepted piece as chunk `chunkNumber`, replacing an earlier chunk of that number. */
	async keepChunk(piecePath: string, sessionId: string, chunkNumber: number, copy = false): Promise<string> {
		const path = this.chunkPath(sessionId, chunkNumber);
		await mkdir(join(this.root, 'sessions', sessionId), { recursive: true });
		await (copy ? copyFile(piecePath, path) : rename(piecePath, path));
		return path;
	}

	async discard(path: string): Promise<void> {
		await rm(path, { force: true });
	}

	async dropSession(sessionId: string): Promise<void> {
		// A chunk booked meanwhile may add a file while the folder is emptied: rm then tries again.
		await rm(join(this.root, 'sessions', sessionId), { recursive: true, force: true, maxRetries: 3 });
	}

	/** Concatenates chunk files, in the given order, into the content of a file version. */
	async commit(chunkPaths: string[], fileId: number, version: number): Promise<StoredContent> {
		if (!this.keepContent) return await hashOnly(chunkPaths);
		const path = join(this.root, 'files', `${fileId}.v${version}`);
		const hash = createHash('sha256');
		const out = createWriteStream(path);
		for (const chunkPath of chunkPaths) {
			await pipeline(
				createReadStream(chunkPath),
				async function* (source: AsyncIterable<Buffer>) {
					for await (const piece of source) {
						hash.update(piece);
						yield piece;
					}
				},
				out,
				{ end: false },
			);
		}
		await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
		const { size } = await stat(path);
		return { path, size, sha256: hash.digest('hex') };
	}

	async truncate(path: string, size: number): Promise<StoredContent> {
		await truncate(path, size);
		return { path, size, sha256: await hashFile(path) };
	}

	async destroy(): Promise<void> {
		await rm(this.root, { recursive: true, force: true });
	}
}

async function hashFile(path: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
	return hash.digest('hex');
}

async function hashOnly(chunkPaths: string[]): Promise<StoredContent> {
	const hash = createHash('sha256');
	let size = 0;
	for (const chunkPath of chunkPaths) {
		for await (const piece of createReadStream(chunkPath)) {
			hash.update(piece as Buffer);
			size += (piece as Buffer).length;
		}
	}
	return { path: '', size, sha256: hash.digest('hex') };
}
