import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';

import { fileDto, pureContentLength } from './dto';
import { formatSize } from './errors';
import type { FaultRule } from './faults';
import { sendHtml, sendRateLimited } from './http';
import type { StoredFile, UploadSession } from './model';
import type { Portal } from './portal';

/**
 * The upload answer both APIs give (ChunkedUploaderHandler.ToResponseObject, UploadSessionResponseDto):
 * `{id, folderId, version, title, uploaded, file}`. For a session that has saved nothing yet it describes
 * the session's `File`, which is not in the database: id 0 for a new file (docs "Sessions without chunks").
 */
export function uploadAnswer(portal: Portal, saved: StoredFile | UploadSession, baseUrl: string, uploaded: boolean) {
	if ('versions' in saved) {
		return { id: saved.id, folderId: saved.folderId, version: saved.versions.length, title: saved.title, uploaded, file: fileDto(portal, saved, baseUrl) };
	}
	const target = saved.targetFileId === undefined ? undefined : portal.files.get(saved.targetFileId);
	if (target) {
		const version = target.versions.length + 1;
		return { id: target.id, folderId: target.folderId, version, title: target.title, uploaded, file: { ...fileDto(portal, target, baseUrl), version } };
	}
	const dot = saved.title.lastIndexOf('.');
	return {
		id: 0,
		folderId: saved.folderId,
		version: 1,
		title: saved.title,
		uploaded,
		file: {
			folderId: saved.folderId,
			version: 1,
			versionGroup: 1,
			contentLength: formatSize(saved.bytesTotal),
			pureContentLength: pureContentLength(saved.bytesTotal),
			id: 0,
			title: saved.title,
			fileExst: dot >= 0 ? saved.title.slice(dot).toLowerCase() : '',
			fileEntryType: 2,
		},
	};
}

interface FaultContext {
	portal: Portal;
	request: IncomingMessage;
	response: ServerResponse;
	sessionId: string;
	/** Answers a failure the way the API in question does. */
	fail: (message: string) => void;
}

/** Faults that strike before the request is handled (faults.ts). Returns true when the request was answered. */
export async function injectBeforeHandling(context: FaultContext, fault: FaultRule): Promise<boolean> {
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
			sendRateLimited(response, 1500, fault.retryAfterSeconds ?? 1);
			return true;
		case 'handler-error':
			await drain(request);
			context.fail('The process cannot access the file because it is being used by another process.');
			return true;
		case 'session-expired': {
			const session = portal.sessions.get(context.sessionId);
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

export async function drain(request: IncomingMessage): Promise<void> {
	if (request.readableEnded) return;
	request.resume();
	await finished(request);
}
