import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';

import type { Caller } from './auth';
import { sessionDto } from './dto';
import type { FaultPlan, FaultRule } from './faults';
import { sendHandlerResult } from './http';
import type { StoredFile, UploadSession } from './model';
import { boundaryOf, lengthFromContentLength, readFirstPart, type FirstPart } from './multipart';
import type { Portal } from './portal';
import type { ChunkLogEntry } from './request-log';
import { drain, injectBeforeHandling, uploadAnswer } from './session-answers';
import { abortSession, finalizeSession, uploadChunk, type ReceivedPiece } from './upload-session';
import type { VersionProfile } from './versions';

export type ChunkRequestType = 'abort' | 'finalize' | 'numbered' | 'sequential' | 'none';

/** ChunkedRequestHelper.Type(): the first matching query wins (docs "Chunk handler: request types"). */
export function chunkRequestType(query: URLSearchParams, profile: VersionProfile): ChunkRequestType {
	const uid = query.get('uid');
	if (!uid) return 'none';
	if (query.get('abort') === 'true') return 'abort';
	// v2.0.2 knows neither: such requests fall through to the sequential upload.
	if (profile.numberedChunks && query.get('finalize') === 'true') return 'finalize';
	if (profile.numberedChunks && query.get('upload') === 'true') return 'numbered';
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

/** `ChunkedUploader.ashx`, the `location` of an upload session (docs "Chunk handler"). */
export async function handleChunkedUpload(context: HandlerContext): Promise<void> {
	const { portal, request, response, query, log } = context;
	if (request.method === 'OPTIONS') {
		response.writeHead(200, { 'Content-Length': 0 });
		response.end();
		return;
	}
	const type = chunkRequestType(query, portal.profile);
	log.mode = type;
	log.sessionId = query.get('uid') ?? undefined;

	const preview = portal.sessions.get(query.get('uid') ?? '');
	const position = type === 'numbered' ? chunkNumberOf(query) : type === 'sequential' && preview ? preview.chunksUploaded + 1 : undefined;
	log.chunkNumber = position;
	const fault =
		type === 'numbered' || type === 'sequential'
			? context.faults.take('chunk', position)
			: type === 'finalize'
				? context.faults.take('finalize')
				: undefined;
	log.fault = fault?.kind;
	if (fault && (await injectBeforeHandling({ ...context, sessionId: query.get('uid') ?? '', fail: (message) => sendHandlerResult(response, false, null, message) }, fault))) return;

	try {
		const session = await authorize(context, type);
		if (!session) throw new Error(NOT_AUTHORIZED);
		const answer = await runRequest(context, type as Exclude<ChunkRequestType, 'none'>, session, fault);
		if (fault?.kind === 'short-commit' && answer.file) {
			await portal.damageLatestVersion(answer.file.id);
			answer.data = uploadAnswer(portal, portal.files.get(answer.file.id)!, context.baseUrl, true);
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
		// The handler answers every exception as HTTP 200 success:false with its (inner) message.
		const message = error instanceof Error ? error.message : String(error);
		log.success = false;
		log.message = message;
		sendHandlerResult(response, false, null, message);
	}
}

/**
 * ChunkedUploaderHandler.TryAuthorizeAsync: a caller who is not signed in, a request without `uid` and
 * another user's session get "Not authorized…" (undefined here). A session the cache no longer has
 * throws before the owner is compared: ChunkedUploadSessionHolder.GetSessionAsync (docs "Missing sessions").
 */
async function authorize({ portal, caller, query }: HandlerContext, type: ChunkRequestType): Promise<UploadSession | undefined> {
	if (!caller.user || type === 'none') return undefined;
	const session = portal.liveSession(query.get('uid'));
	if (!session) throw new Error(portal.profile.missingSession);
	return session.userId === caller.user.id ? session : undefined;
}

interface HandlerAnswer {
	data: unknown;
	status?: number;
	/** The file this request committed. */
	file?: StoredFile;
}

async function runRequest(
	context: HandlerContext,
	type: Exclude<ChunkRequestType, 'none'>,
	session: UploadSession,
	fault: FaultRule | undefined,
): Promise<HandlerAnswer> {
	const { portal } = context;
	switch (type) {
		case 'abort':
			await drain(context.request);
			await abortSession(portal, session);
			return { data: null };
		case 'finalize': {
			await drain(context.request);
			const file = await finalizeSession(portal, session);
			return { data: uploadAnswer(portal, file ?? session, context.baseUrl, true), status: 201, file };
		}
		case 'numbered':
			return await storeNumberedChunk(context, session);
		case 'sequential':
			return await storeSequentialChunk(context, session, fault?.kind === 'replay');
	}
}

/** `upload=true&chunkNumber=N`: booked under N with the length computed from Content-Length (UploadAsync). */
async function storeNumberedChunk(context: HandlerContext, session: UploadSession): Promise<HandlerAnswer> {
	const { portal, request, query, log } = context;
	const contentLength = request.headers['content-length'];
	if (contentLength === undefined) throw new Error('Nullable object must have a value.');
	const boundary = boundaryOf(request.headers['content-type']);
	if (!boundary) throw new Error('Missing content-type boundary.');
	const { path, part } = await receivePart(portal, context.body, boundary);
	if (!part) throw new Error('Unexpected end of Stream, the content may have already been read by another component.');
	const booked = lengthFromContentLength(Number(contentLength), boundary, part.headers);
	log.booked = booked;
	log.received = part.length;
	await accept(portal, { path, booked, received: part.length }, async (piece) => await uploadChunk(portal, session, piece, chunkNumberOf(query)));
	return { data: sessionAnswer(context, session) };
}

/** Only `uid`: the server numbers the chunk itself and commits when the upload is complete (Upload). */
async function storeSequentialChunk(context: HandlerContext, session: UploadSession, replayed: boolean): Promise<HandlerAnswer> {
	const { portal, request, log } = context;
	const contentType = request.headers['content-type'];
	const boundary = boundaryOf(contentType);
	if (!boundary) {
		await drain(request);
		// v2.0.2 reads Request.Form directly; later versions wrap every failure of ReadFormAsync.
		throw new Error(portal.profile.numberedChunks || contentType?.toLowerCase().startsWith('multipart/form-data') ? 'HttpRequest.Files is empty' : `Incorrect Content-Type: ${contentType ?? ''}`);
	}
	const { path, part } = await receivePart(portal, context.body, boundary);
	if (!part || part.fileName === undefined) {
		await portal.storage.discard(path);
		throw new Error('HttpRequest.Files is empty');
	}
	log.booked = part.length;
	log.received = part.length;
	const outcome = await accept(portal, { path, booked: part.length, received: part.length }, async (piece) => await uploadChunk(portal, session, piece, undefined, { replayed }));
	if (outcome.kind === 'committed') return { data: uploadAnswer(portal, outcome.file, context.baseUrl, true), status: 201, file: outcome.file };
	// A session without chunks answers 201 with its file even when the piece was ignored (v2.5+).
	if (outcome.kind === 'small') return { data: uploadAnswer(portal, outcome.file ?? session, context.baseUrl, true), status: 201, file: outcome.file };
	return { data: sessionAnswer(context, session) };
}

/** ChunkedUploadSessionHelper.ToResponseObjectAsync(session): `path` is just the folder. */
function sessionAnswer(context: HandlerContext, session: UploadSession) {
	return sessionDto(context.portal, session, context.locationBase, false);
}

/** Reads the first part of the body into a piece, a temporary file until the session's rules accept it. */
export async function receivePart(portal: Portal, body: AsyncIterable<Buffer>, boundary: string): Promise<{ path: string; part: FirstPart | undefined }> {
	const { path, stream } = portal.storage.openPiece();
	try {
		const part = await readFirstPart(body, boundary, stream);
		return { path, part };
	} finally {
		stream.end();
		await finished(stream).catch(() => undefined);
	}
}

/** Runs the session's rules on a received piece; a refused piece is removed. */
export async function accept<T>(portal: Portal, piece: ReceivedPiece, rules: (piece: ReceivedPiece) => Promise<T>): Promise<T> {
	try {
		return await rules(piece);
	} catch (error) {
		await portal.storage.discard(piece.path);
		throw error;
	}
}

/** `chunkNumber` as ChunkedRequestHelper.ChunkNumber parses it: no number means the server numbers it. */
export function chunkNumberOf(query: URLSearchParams): number | undefined {
	const value = query.get('chunkNumber');
	return value !== null && /^[+-]?\d+$/.test(value.trim()) ? Number(value) : undefined;
}


async function delay(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}
