import type { IncomingMessage, ServerResponse } from 'node:http';
import { copyFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';

import type { Caller } from './auth';
import { fileDto, sessionDto } from './dto';
import { formatSize, PortalError } from './errors';
import type { FaultPlan, FaultRule } from './faults';
import { sendHandlerResult, sendHtml } from './http';
import type { UploadSession } from './model';
import { boundaryOf, lengthFromContentLength, readFirstPart } from './multipart';
import type { Portal } from './portal';
import type { ChunkLogEntry } from './request-log';

export type ChunkRequestType = 'abort' | 'finalize' | 'numbered' | 'sequential' | 'none';

/** ChunkedRequestHelper.Type(): the first matching query wins. */
export function chunkRequestType(query: URLSearchParams, serverVersion: Portal['config']['serverVersion']): ChunkRequestType {
	const uid = query.get('uid');
	if (!uid) return 'none';
	if (query.get('abort') === 'true') return 'abort';
	// Servers before 2.5 know neither mode: such requests fall through to the sequential upload.
	if (serverVersion !== '2.0' && query.get('finalize') === 'true') return 'finalize';
	if (serverVersion !== '2.0' && query.get('upload') === 'true') return 'numbered';
	return 'sequential';
}

const NOT_AUTHORIZED = 'Not authorized or session with specified upload id already expired';

interface HandlerContext {
	portal: Portal;
	faults: FaultPlan;
	caller: Caller;
	request: IncomingMessage;
	/** The request body, read at the speed of the emulated network. */
	body: AsyncIterable<Buffer>;
	response: ServerResponse;
	query: URLSearchParams;
	baseUrl: string;
	locationBase: string;
	log: ChunkLogEntry;
}

/** `ChunkedUploader.ashx`, the `location` of an upload session. */
export async function handleChunkedUpload(context: HandlerContext): Promise<void> {
	const { portal, request, response, query, log } = context;
	if (request.method === 'OPTIONS') {
		response.writeHead(200, { 'Content-Length': 0 });
		response.end();
		return;
	}
	const type = chunkRequestType(query, portal.config.serverVersion);
	log.mode = type;
	if (type === 'none') {
		await drain(request);
		response.writeHead(200, { 'Content-Length': 0 });
		response.end();
		return;
	}

	const preview = portal.sessions.get(query.get('uid')!);
	const position = type === 'numbered' ? Number(query.get('chunkNumber') ?? 0) : preview ? preview.chunksUploaded + 1 : 0;
	log.chunkNumber = type === 'numbered' || type === 'sequential' ? position : undefined;
	const fault =
		type === 'numbered' || type === 'sequential'
			? context.faults.take('chunk', position)
			: type === 'finalize'
				? context.faults.take('finalize')
				: undefined;
	log.fault = fault?.kind;
	if (fault && (await injectBeforeHandling(context, fault))) return;

	const session = portal.sessionFor(context.caller.user, query.get('uid'));
	if (!session) {
		await drain(request);
		sendHandlerResult(response, false, null, NOT_AUTHORIZED);
		return;
	}

	try {
		const answer = await runRequest(context, type, session, fault);
		if (fault?.kind === 'short-commit' && answer.status === 201) {
			await portal.damageLatestVersion((answer.data as { id: number }).id);
			(answer.data as { file: unknown }).file = fileDto(portal, portal.files.get((answer.data as { id: number }).id)!, context.baseUrl);
		}
		if (fault?.kind === 'reset-after-store') {
			request.socket.destroy();
			return;
		}
		if (fault?.kind === 'slow-answer') await delay(fault.delayMs ?? 30_000);
		log.success = true;
		sendHandlerResult(response, true, answer.data, '', answer.status);
	} catch (error) {
		await drain(request);
		const message = error instanceof Error ? error.message : String(error);
		log.success = false;
		log.message = message;
		sendHandlerResult(response, false, null, message);
	}
}

async function runRequest(
	context: HandlerContext,
	type: Exclude<ChunkRequestType, 'none'>,
	session: UploadSession,
	fault: FaultRule | undefined,
): Promise<{ data: unknown; status?: number }> {
	const { portal } = context;
	switch (type) {
		case 'abort':
			await portal.dropSession(session);
			return { data: null };
		case 'finalize': {
			await drain(context.request);
			if (!session.useChunks) {
				const file = session.committedFileId === undefined ? undefined : portal.files.get(session.committedFileId);
				if (!file) throw new Error('Object reference not set to an instance of an object.');
				await portal.dropSession(session);
				return { data: uploadedFile(context, file.id), status: 201 };
			}
			if (portal.transferredBytes(session) !== session.bytesTotal) throw new Error('uploadSize != bytesTotal');
			const file = await portal.commitChunks(session);
			return { data: uploadedFile(context, file.id), status: 201 };
		}
		case 'numbered':
			return await storeNumberedChunk(context, session);
		case 'sequential':
			return await storeSequentialChunk(context, session, fault?.kind === 'replay');
	}
}

/** `upload=true&chunkNumber=N`: the chunk is booked under N with the length computed from Content-Length. */
async function storeNumberedChunk(context: HandlerContext, session: UploadSession): Promise<{ data: unknown }> {
	const { portal, request, query, log } = context;
	const contentLength = request.headers['content-length'];
	if (contentLength === undefined) throw new Error('Nullable object must have a value.');
	const boundary = boundaryOf(request.headers['content-type']);
	if (!boundary) throw new Error('Missing content-type boundary.');
	const number = Number(query.get('chunkNumber') ?? session.chunksUploaded + 1);
	const sink = await portal.storage.openChunk(session.id, number);
	const part = await readFirstPart(context.body, boundary, sink);
	sink.end();
	await finished(sink);
	if (!part) throw new Error('Unexpected end of Stream, the content may have already been read by another component.');
	const booked = lengthFromContentLength(Number(contentLength), boundary, part.headers);
	log.booked = booked;
	log.received = part.length;
	checkChunkSize(portal, booked);
	portal.touch(session);
	session.chunks.set(number, { length: booked, received: part.length, path: portal.storage.chunkPath(session.id, number) });
	session.chunksUploaded = Math.max(session.chunksUploaded, number);
	if (!session.useChunks) await saveSmallFile(portal, session, booked, [portal.storage.chunkPath(session.id, number)]);
	return { data: sessionDto(portal, session, context.locationBase, false) };
}

/** Only `uid`: the server numbers the chunk itself and commits when the booked bytes add up. */
async function storeSequentialChunk(
	context: HandlerContext,
	session: UploadSession,
	replayed: boolean,
): Promise<{ data: unknown; status?: number }> {
	const { portal, request, log } = context;
	const boundary = boundaryOf(request.headers['content-type']);
	const number = session.chunksUploaded + 1;
	const sink = await portal.storage.openChunk(session.id, number);
	const part = boundary ? await readFirstPart(context.body, boundary, sink) : (await drain(request), undefined);
	sink.end();
	await finished(sink);
	if (!part || part.fileName === undefined) throw new Error('HttpRequest.Files is empty');
	log.booked = part.length;
	log.received = part.length;
	checkChunkSize(portal, part.length);
	if (portal.config.serverVersion === '2.0' && part.length === 0) throw new Error('Empty file');
	portal.touch(session);
	const path = portal.storage.chunkPath(session.id, number);

	if (!session.useChunks) {
		await saveSmallFile(portal, session, part.length, [path]);
		return { data: uploadedFile(context, session.committedFileId!), status: 201 };
	}
	const copies = replayed ? [number, number + 1] : [number];
	for (const copy of copies) {
		if (copy !== number) await copyFile(path, portal.storage.chunkPath(session.id, copy));
		session.chunks.set(copy, { length: part.length, received: part.length, path: portal.storage.chunkPath(session.id, copy) });
		session.bytesUploaded += part.length;
	}
	session.chunksUploaded = copies[copies.length - 1];
	const complete =
		portal.config.serverVersion === '2.0'
			? session.bytesUploaded === session.bytesTotal
			: portal.transferredBytes(session) === session.bytesTotal;
	if (!complete) return { data: sessionDto(portal, session, context.locationBase, false) };
	const file = await portal.commitChunks(session);
	return { data: uploadedFile(context, file.id), status: 201 };
}

function checkChunkSize(portal: Portal, length: number): void {
	if (length > portal.config.chunkUploadSize) {
		throw new PortalError(402, `The maximum file size is exceeded (${formatSize(Math.min(100 * 1024 * 1024, portal.config.maxFileSize))}).`, 'TenantQuotaException');
	}
}

/** FileDao.UploadChunkAsync for a session without chunks: the first request saves the whole file. */
async function saveSmallFile(portal: Portal, session: UploadSession, length: number, paths: string[]): Promise<void> {
	if (session.bytesTotal === 0) session.bytesTotal = length;
	if (length > session.bytesTotal) throw new Error('uploadSize != bytesTotal');
	const file = await portal.commit(session, paths);
	session.committedFileId = file.id;
}

function uploadedFile(context: HandlerContext, fileId: number) {
	const file = context.portal.files.get(fileId)!;
	return {
		id: file.id,
		folderId: file.folderId,
		version: file.versions.length,
		title: file.title,
		uploaded: true,
		file: fileDto(context.portal, file, context.baseUrl),
	};
}

/** Faults that strike before the handler runs. Returns true when the request was answered. */
async function injectBeforeHandling(context: HandlerContext, fault: FaultRule): Promise<boolean> {
	const { request, response, portal } = context;
	switch (fault.kind) {
		case 'reset-before-store':
			request.socket.destroy();
			return true;
		case 'html-502':
			await drain(request);
			sendHtml(response, 502, 'Bad Gateway');
			return true;
		case 'html-503':
			await drain(request);
			sendHtml(response, 503, 'Service Temporarily Unavailable');
			return true;
		case 'too-many-requests':
			await drain(request);
			sendHtml(response, 429, 'Too Many Requests', { 'Retry-After': String(fault.retryAfterSeconds ?? 1) });
			return true;
		case 'handler-error':
			await drain(request);
			sendHandlerResult(response, false, null, 'The process cannot access the file because it is being used by another process.');
			return true;
		case 'session-expired': {
			const session = portal.sessions.get(context.query.get('uid') ?? '');
			if (session) await portal.dropSession(session);
			return false;
		}
		case 'server-restart':
			await portal.dropAllSessions();
			return false;
		default:
			return false;
	}
}

async function drain(request: IncomingMessage): Promise<void> {
	if (request.readableEnded) return;
	request.resume();
	await finished(request);
}

async function delay(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}
