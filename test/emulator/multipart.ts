import type { Writable } from 'node:stream';

export interface PartHeader {
	name: string;
	value: string;
}

export interface FirstPart {
	headers: PartHeader[];
	/** `filename` from Content-Disposition; undefined means the part is a plain field, not a file. */
	fileName?: string;
	/** `name` from Content-Disposition: the form field (ASP.NET binds IFormFile `File` to the field `file`). */
	fieldName?: string;
	/** Bytes of the part body written to the sink. */
	length: number;
}

export class MultipartError extends Error {}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export function boundaryOf(contentType: string | undefined): string | undefined {
	const match = /^multipart\/form-data\s*;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
	return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * Streams the body of the first part of a multipart request into `sink` and drains the rest,
 * the way ASP.NET's MultipartReader hands the first section to DocSpace's chunk handler.
 */
export async function readFirstPart(
	body: AsyncIterable<Buffer>,
	boundary: string,
	sink: Writable,
): Promise<FirstPart | undefined> {
	const opening = Buffer.from(`--${boundary}\r\n`);
	const delimiter = Buffer.from(`\r\n--${boundary}`);
	let state: 'preamble' | 'headers' | 'body' | 'epilogue' = 'preamble';
	let pending: Buffer = Buffer.alloc(0);
	let part: FirstPart | undefined;

	const write = async (data: Buffer) => {
		if (data.length === 0) return;
		part!.length += data.length;
		if (!sink.write(data)) await drained(sink);
	};

	for await (const piece of body) {
		if (state === 'epilogue') continue;
		pending = pending.length ? Buffer.concat([pending, piece]) : piece;

		if (state === 'preamble') {
			const at = pending.indexOf(opening);
			if (at < 0) {
				pending = pending.subarray(Math.max(0, pending.length - opening.length));
				continue;
			}
			pending = pending.subarray(at + opening.length);
			state = 'headers';
		}
		if (state === 'headers') {
			const end = pending.indexOf(HEADER_END);
			const headerBlock = end >= 0 ? pending.subarray(0, end) : undefined;
			if (headerBlock === undefined) {
				if (pending.length > 16 * 1024) throw new MultipartError('Part headers are too long');
				continue;
			}
			part = { headers: parseHeaders(headerBlock), length: 0 };
			part.fileName = dispositionParameter(part.headers, 'filename');
			part.fieldName = dispositionParameter(part.headers, 'name');
			pending = pending.subarray(end + HEADER_END.length);
			state = 'body';
		}
		if (state === 'body') {
			const at = pending.indexOf(delimiter);
			if (at >= 0) {
				await write(pending.subarray(0, at));
				pending = Buffer.alloc(0);
				state = 'epilogue';
				continue;
			}
			// Keep a tail that could be the start of a delimiter split across two reads.
			const safe = pending.length - (delimiter.length - 1);
			if (safe > 0) {
				await write(pending.subarray(0, safe));
				pending = pending.subarray(safe);
			}
		}
	}
	if (state === 'body') throw new MultipartError('Multipart body ended before the closing boundary');
	return part;
}

/** Waits until the sink takes more; a sink that failed, or fails meanwhile, rejects with its error. */
async function drained(sink: Writable): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const ready = () => {
			sink.off('close', failed);
			resolve();
		};
		const failed = () => {
			sink.off('drain', ready);
			reject(sink.errored ?? new Error('The storage closed before the part was written'));
		};
		if (sink.destroyed) return failed();
		sink.once('drain', ready);
		sink.once('close', failed);
	});
}

function parseHeaders(block: Buffer): PartHeader[] {
	const headers: PartHeader[] = [];
	let start = 0;
	while (start < block.length) {
		let end = block.indexOf(CRLF, start);
		if (end < 0) end = block.length;
		const line = block.subarray(start, end).toString('utf8');
		const colon = line.indexOf(':');
		if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
		start = end + CRLF.length;
	}
	return headers;
}

function dispositionParameter(headers: PartHeader[], parameter: 'name' | 'filename'): string | undefined {
	const disposition = headers.find((header) => header.name.toLowerCase() === 'content-disposition');
	const match = new RegExp(`;\\s*${parameter}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition?.value ?? '');
	return match ? match[1] : undefined;
}

/**
 * The chunk length DocSpace's handler computes in numbered mode (`upload=true`): it does not count
 * the part body but derives it from Content-Length (ChunkedUploaderHandler.cs, UploadAsync), which is
 * exact only for a part with two headers followed by `--boundary--\r\n`.
 */
export function lengthFromContentLength(contentLength: number, boundary: string, headers: PartHeader[]): number {
	const boundaryLength = Buffer.byteLength(`\r\n--${boundary}`) + 2;
	const headersLength = headers.reduce((sum, header) => sum + header.value.length + header.name.length + 2, 0);
	return contentLength - headersLength - boundaryLength * 2 - 6;
}
