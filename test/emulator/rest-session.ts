import type { ApiContext } from './api';
import { accept, chunkNumberOf, receivePart } from './chunked-uploader';
import { sessionDto } from './dto';
import { PortalError } from './errors';
import type { FaultRule } from './faults';
import { sendApiError } from './http';
import type { UploadSession } from './model';
import { boundaryOf } from './multipart';
import { drain, injectBeforeHandling, uploadAnswer } from './session-answers';
import { abortSession, finalizeSession, uploadChunk } from './upload-session';
import { NULL_REFERENCE } from './versions';

/**
 * UploadController's session routes (v3.7.1-server on; docs "REST session routes"). They share the
 * session store with create_session and ChunkedUploader.ashx, answer in the API envelope, and unlike the
 * handler do not check that the session belongs to the caller.
 */
export type RestSessionAction = 'sequential' | 'numbered' | 'finalize' | 'abort';

export interface RestResult {
	payload: unknown;
	status?: number;
}

/** ChunkedUploadSessionHolder.GetSessionAsync on a session the cache does not have: NullReferenceException → 500. */
function sessionOrNullReference(context: ApiContext, sessionId: string): UploadSession {
	const session = context.portal.liveSession(sessionId);
	if (!session) throw new PortalError(500, NULL_REFERENCE, 'System.NullReferenceException');
	return session;
}

/** Runs one REST session request; undefined when a fault already answered it. */
export async function handleRestSession(context: ApiContext, action: RestSessionAction, sessionId: string): Promise<RestResult | undefined> {
	const { portal, log, url } = context;
	log.mode = action;
	log.sessionId = sessionId;
	// Helpers that group chunk requests by `query.uid` see both APIs alike.
	log.query.uid = sessionId;
	const preview = portal.sessions.get(sessionId);
	const position = action === 'numbered' ? chunkNumberOf(url.searchParams) : action === 'sequential' && preview ? preview.chunksUploaded + 1 : undefined;
	log.chunkNumber = position;
	const fault = action === 'finalize' ? context.faults.take('finalize') : action === 'abort' ? undefined : context.faults.take('chunk', position);
	log.fault = fault?.kind;
	const answered =
		fault &&
		(await injectBeforeHandling(
			{ ...context, sessionId, fail: (message) => sendApiError(context.response, new PortalError(500, message, 'System.IO.IOException')) },
			fault,
		));
	if (answered) return undefined;
	try {
		const result = await run(context, action, sessionId, fault);
		log.success = true;
		if (fault?.kind === 'reset-after-store') {
			context.request.socket.destroy();
			return undefined;
		}
		if (fault?.kind === 'slow-answer') await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 30_000));
		return result;
	} catch (error) {
		await drain(context.request);
		log.success = false;
		log.message = error instanceof Error ? error.message : String(error);
		throw error;
	}
}

async function run(context: ApiContext, action: RestSessionAction, sessionId: string, fault: FaultRule | undefined): Promise<RestResult> {
	const { portal, baseUrl } = context;
	switch (action) {
		case 'abort':
			await abortSession(portal, sessionOrNullReference(context, sessionId));
			return { payload: null };
		case 'finalize': {
			const session = sessionOrNullReference(context, sessionId);
			const file = await finalizeSession(portal, session);
			return await withFault(context, fault, { payload: uploadAnswer(portal, file ?? session, baseUrl, true), status: 201 }, file?.id);
		}
		case 'numbered': {
			const session = sessionOrNullReference(context, sessionId);
			const piece = await receiveFormFile(context);
			await accept(portal, piece, async (accepted) => await uploadChunk(portal, session, accepted, chunkNumberOf(context.url.searchParams)));
			return { payload: sessionDto(portal, session, context.locationBase, false) };
		}
		case 'sequential': {
			const session = sessionOrNullReference(context, sessionId);
			const piece = await receiveFormFile(context);
			const outcome = await accept(portal, piece, async (accepted) => await uploadChunk(portal, session, accepted, undefined, { replayed: fault?.kind === 'replay' }));
			if (outcome.kind === 'stored') return { payload: uploadAnswer(portal, session, baseUrl, false) };
			const file = outcome.file;
			return await withFault(context, fault, { payload: uploadAnswer(portal, file ?? session, baseUrl, true), status: 201 }, file?.id);
		}
	}
}

/** `IFormFile File`: the form's file part named `file`; its length is IFormFile.Length, the bytes received. */
async function receiveFormFile(context: ApiContext) {
	const boundary = boundaryOf(context.request.headers['content-type']);
	if (!boundary) throw new PortalError(500, NULL_REFERENCE, 'System.NullReferenceException');
	const { path, part } = await receivePart(context.portal, context.body, boundary);
	if (!part || part.fileName === undefined || part.fieldName?.toLowerCase() !== 'file') {
		await context.portal.storage.discard(path);
		throw new PortalError(500, NULL_REFERENCE, 'System.NullReferenceException');
	}
	context.log.booked = part.length;
	context.log.received = part.length;
	return { path, booked: part.length, received: part.length };
}

async function withFault(context: ApiContext, fault: FaultRule | undefined, result: RestResult, fileId: number | undefined): Promise<RestResult> {
	if (fault?.kind === 'short-commit' && fileId !== undefined) {
		await context.portal.damageLatestVersion(fileId);
		return { ...result, payload: uploadAnswer(context.portal, context.portal.files.get(fileId)!, context.baseUrl, true) };
	}
	return result;
}
