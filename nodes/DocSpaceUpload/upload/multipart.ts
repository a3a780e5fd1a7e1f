import { randomBytes } from 'node:crypto';

/**
 * The framing of a chunk request: `multipart/form-data` with one file part, byte for byte what
 * form-data writes for `append('file', chunk, { filename: 'blob', contentType: 'application/octet-stream' })`.
 *
 * In numbered mode DocSpace does not count the part body: the chunk handler's UploadAsync
 * (v2.5.0-server to v3.7.2-server; transport/api.ts names the handler) takes Content-Length minus, for each part header, the UTF-16 length
 * of its name and value plus 2, minus twice (`\r\n--boundary` + 2), minus 6. That is the chunk's
 * length only for exactly two part headers, ASCII header values and a closing `--boundary--\r\n`.
 * The server takes the file's name from the session, so the part always says `blob`.
 */
const head = (boundary: string) =>
	`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\nContent-Type: application/octet-stream\r\n\r\n`;
const tail = (boundary: string) => `\r\n--${boundary}--\r\n`;

/** 26 dashes and 24 random hex digits, as form-data makes them; never derived from the file. */
const newBoundary = () => `${'-'.repeat(26)}${randomBytes(12).toString('hex')}`;

const BOUNDARY_LENGTH = newBoundary().length;
/** Room a chunk needs before and after it to be framed where it lies. */
export const HEAD_ROOM = head('-'.repeat(BOUNDARY_LENGTH)).length;
export const TAIL_ROOM = tail('-'.repeat(BOUNDARY_LENGTH)).length;

/**
 * A chunk of the file laid out in memory between its part head and the closing boundary: the
 * reader fills `bytes`, and `body` (head, chunk, tail) goes out as the request without a copy.
 */
export class FramedChunk {
	/** The chunk's bytes, filled by the reader. */
	readonly bytes: Buffer;
	/** The whole request body. */
	readonly body: Buffer;
	readonly contentType: string;

	/** `memory` holds at least HEAD_ROOM + length + TAIL_ROOM bytes; its head and tail are written now. */
	constructor(
		readonly memory: Buffer,
		length: number,
	) {
		const boundary = newBoundary();
		memory.write(head(boundary), 0, 'latin1');
		memory.write(tail(boundary), HEAD_ROOM + length, 'latin1');
		this.bytes = memory.subarray(HEAD_ROOM, HEAD_ROOM + length);
		this.body = memory.subarray(0, HEAD_ROOM + length + TAIL_ROOM);
		this.contentType = `multipart/form-data; boundary=${boundary}`;
	}

	get length(): number {
		return this.bytes.length;
	}
}
