import FormData from 'form-data';

/**
 * One chunk as `multipart/form-data` with a single file part. In numbered mode DocSpace computes the
 * chunk's length from Content-Length minus the framing it expects: exactly two part headers, an ASCII
 * file name and a closing `--boundary--\r\n`, which is what form-data writes. The buffer is streamed
 * as it is, not copied; the part name and file name are ignored by the server.
 */
export function chunkForm(chunk: Buffer): FormData {
	const form = new FormData();
	form.append('file', chunk, { filename: 'blob', contentType: 'application/octet-stream', knownLength: chunk.length });
	return form;
}
