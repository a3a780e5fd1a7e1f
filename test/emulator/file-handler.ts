import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

import type { User } from './model';
import type { Portal } from './portal';

/**
 * FileHandler.ashx `action=download` (products/ASC.Files/Core/HttpHandlers/FileHandler.ashx.cs,
 * DownloadFile, v2.0.2-server and v3.7.1-server alike): the stored bytes of `fileid`, of `version` when
 * given, else the latest. An unknown file or one the caller cannot read answers 404 without a body.
 */
export async function handleFileDownload(portal: Portal, user: User | undefined, query: URLSearchParams, request: IncomingMessage, response: ServerResponse): Promise<void> {
	request.resume();
	const file = portal.files.get(Number(query.get('fileid')));
	const folder = file && portal.folder(file.folderId);
	const wanted = Number(query.get('version'));
	const version = file && (wanted > 0 ? file.versions.find((candidate) => candidate.version === wanted) : file.versions[file.versions.length - 1]);
	if (query.get('action')?.toLowerCase() !== 'download' || !user || !folder || !version || !portal.canRead(user, folder)) {
		response.writeHead(404, { 'Content-Length': 0 });
		response.end();
		return;
	}
	response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': version.size });
	await pipeline(createReadStream(version.path), response);
}
