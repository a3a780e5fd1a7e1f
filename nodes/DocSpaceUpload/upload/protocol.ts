import type { IDataObject } from 'n8n-workflow';

import type { DocSpaceClient } from '../transport/client';
import { chunkUploadUrl } from '../transport/portal';
import { DocSpaceRequestError } from '../transport/request-error';
import { settle } from '../transport/settle';
import type { FramedChunk } from './multipart';
import type { DocSpaceFile, PortalSettings, SessionRequest, SessionRoutes, UploadSession } from './types';

/** DocSpace's default `files:uploader:chunk-size`, for servers that do not publish theirs. */
export const DEFAULT_CHUNK_SIZE = 10 * 1024 * 1024;
const DEFAULT_MAX_THREADS = 15;

/** The first DocSpace release whose chunk handler stores `upload=true&chunkNumber=N` by number (v2.5.0-server). */
const NUMBERED_SINCE = [2, 5];

/**
 * What the portal can do, asked once per run. `files/settings` publishes the chunk size on every
 * version (FilesSettingsHelper.ChunkUploadSize since v1.0) and `maxUploadThreadCount` since v2.6.0;
 * `settings/version/build` (anonymous, present in v2.0.2) names the version. Numbered chunks need 2.5:
 * the v2.0.2 handler stores `upload=true&chunkNumber=N` as the next sequential chunk, in arrival order.
 * When neither answer tells, numbered mode stays off: one chunk at a time is right on every version.
 */
export async function readPortalSettings(client: DocSpaceClient): Promise<PortalSettings> {
	const settings = await optional(client.api<{ chunkUploadSize?: unknown; maxUploadThreadCount?: unknown }>('GET', 'files/settings'));
	const version = await optional(client.api<{ docSpace?: unknown }>('GET', 'settings/version/build'));
	const chunkSize = Number(settings?.chunkUploadSize);
	const maxThreads = Number(settings?.maxUploadThreadCount);
	const threadsPublished = Number.isInteger(maxThreads) && maxThreads > 0;
	const release = typeof version?.docSpace === 'string' ? parseVersion(version.docSpace) : undefined;
	return {
		version: release ? String(version?.docSpace) : undefined,
		chunkSize: Number.isInteger(chunkSize) && chunkSize > 0 ? chunkSize : DEFAULT_CHUNK_SIZE,
		numberedChunks: release ? atLeast(release, NUMBERED_SINCE) : threadsPublished,
		maxThreads: threadsPublished ? maxThreads : DEFAULT_MAX_THREADS,
	};
}

/** The answer of a settings request, or undefined when the portal does not have that route (404). */
async function optional<T>(request: Promise<T>): Promise<T | undefined> {
	const answer = await settle(request);
	if (answer.ok) return answer.value;
	const { error } = answer;
	if (error instanceof DocSpaceRequestError && error.info.kind === 'http' && error.info.status === 404) return undefined;
	throw error;
}

/** "2.5.0.1234" → [2, 5, 0, 1234]; undefined for text that is not a version. */
export function parseVersion(text: string): number[] | undefined {
	const match = /^\s*(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
	return match ? match.slice(1).filter((part) => part !== undefined).map(Number) : undefined;
}

function atLeast(version: number[], minimum: number[]): boolean {
	for (let index = 0; index < minimum.length; index++) {
		const part = version[index] ?? 0;
		if (part !== minimum[index]) return part > minimum[index];
	}
	return true;
}

interface RawSession {
	id?: unknown;
	location?: unknown;
	path?: unknown;
	created?: unknown;
	bytes_total?: unknown;
}

/**
 * Opens an upload session: `POST files/{folderId}/upload/create_session` (every version), or where the
 * portal has no such route (404/405 without DocSpace's error), `POST files/{folderId}/session`
 * (UploadController.CreateUploadSessionInFolder, v3.7.1-server on), remembered for the rest of the run.
 */
export async function createSession(client: DocSpaceClient, folderId: number, request: SessionRequest, routes: SessionRoutes): Promise<UploadSession> {
	if (!routes.createSessionGone) {
		const legacy = await settle(client.api<{ data?: RawSession } & RawSession>('POST', `files/${folderId}/upload/create_session`, request as unknown as IDataObject));
		if (legacy.ok) return sessionFrom(client, folderId, request, legacy.value?.data ?? legacy.value ?? {}, 'handler');
		if (!isMissingRoute(legacy.error)) throw legacy.error;
		routes.createSessionGone = true;
	}
	const answer = await client.api<RawSession>('POST', `files/${folderId}/session`, request as unknown as IDataObject);
	return sessionFrom(client, folderId, request, answer ?? {}, 'rest');
}

/** ASP.NET's answer for a path it does not route: 404 (or 405 for another method), no DocSpace error. */
export function isMissingRoute(error: unknown): boolean {
	return error instanceof DocSpaceRequestError && error.info.kind === 'http' && (error.info.status === 404 || error.info.status === 405) && !error.info.serverMessage;
}

function sessionFrom(client: DocSpaceClient, folderId: number, request: SessionRequest, raw: RawSession, routes: UploadSession['routes']): UploadSession {
	if (typeof raw.id !== 'string' || (routes === 'handler' && typeof raw.location !== 'string')) {
		throw new DocSpaceRequestError(`DocSpace created an upload session without an id${routes === 'handler' ? ' or location' : ''}`, {
			kind: 'malformed', delivery: 'refused', transient: false,
		});
	}
	return {
		id: raw.id,
		routes,
		url: routes === 'handler' ? chunkUploadUrl(client.origin, raw.location) : '',
		folderId,
		path: Array.isArray(raw.path) ? raw.path.map(Number) : [folderId],
		created: typeof raw.created === 'string' ? raw.created : undefined,
		bytesTotal: Number(raw.bytes_total ?? request.fileSize),
	};
}

function sessionPath(session: UploadSession): string {
	return `files/${session.folderId}/session/${session.id}`;
}

/** The 201 answer that completes an upload: the file DocSpace committed. */
interface UploadedAnswer {
	id?: number;
	uploaded?: boolean;
	file?: DocSpaceFile;
}

export type ChunkOutcome = { completed: false } | { completed: true; file: DocSpaceFile };

function outcome(status: number, data: UploadedAnswer | undefined): ChunkOutcome {
	if (status !== 201) return { completed: false };
	return { completed: true, file: describedFile(status, data) };
}

function describedFile(status: number, data: UploadedAnswer | undefined): DocSpaceFile {
	if (!data?.file || typeof data.file.id !== 'number') {
		throw new DocSpaceRequestError('DocSpace completed the upload but did not describe the file', {
			kind: 'malformed', delivery: 'unknown', transient: false, status,
		});
	}
	return data.file;
}

/** Assembling a large file can take the server a while: requests that commit may take this much longer. */
const COMMIT_TIMEOUT_FACTOR = 4;

/**
 * Sequential mode: the server numbers chunks by arrival and answers 201 with the file once they add
 * up. The `last` chunk makes it commit.
 */
export async function sendSequentialChunk(client: DocSpaceClient, session: UploadSession, chunk: FramedChunk, last: boolean): Promise<ChunkOutcome> {
	const timeoutMs = last ? client.timeoutMs * COMMIT_TIMEOUT_FACTOR : undefined;
	const answer =
		session.routes === 'rest'
			? await client.sessionRoute<UploadedAnswer>('POST', sessionPath(session), chunk, timeoutMs)
			: await client.chunkHandler<UploadedAnswer>(session.url, chunk, timeoutMs);
	return outcome(answer.status, answer.data);
}

/**
 * Numbered mode (DocSpace 2.5+): the chunk is stored under its number; sending it again replaces it.
 * It never completes the upload of a file of several chunks: a 201 means the server took it for a
 * sequential chunk (as before 2.5) and committed what it had.
 */
export async function sendNumberedChunk(client: DocSpaceClient, session: UploadSession, number: number, chunk: FramedChunk): Promise<ChunkOutcome> {
	const answer =
		session.routes === 'rest'
			? await client.sessionRoute<UploadedAnswer>('POST', `${sessionPath(session)}/upload?chunkNumber=${number}`, chunk)
			: await client.chunkHandler<UploadedAnswer>(`${session.url}&upload=true&chunkNumber=${number}`, chunk);
	return answer.status === 201 ? { completed: true, file: describedFile(answer.status, answer.data) } : { completed: false };
}

/** Numbered mode: asks the server to assemble the chunks; 201 with the file. */
export async function finalizeSession(client: DocSpaceClient, session: UploadSession): Promise<DocSpaceFile> {
	const timeoutMs = client.timeoutMs * COMMIT_TIMEOUT_FACTOR;
	const answer =
		session.routes === 'rest'
			? await client.sessionRoute<UploadedAnswer>('PUT', `${sessionPath(session)}/finalize`, undefined, timeoutMs)
			: await client.chunkHandler<UploadedAnswer>(`${session.url}&finalize=true`, undefined, timeoutMs);
	const result = outcome(answer.status, answer.data);
	if (!result.completed) {
		throw new DocSpaceRequestError(`DocSpace answered the finalize request with HTTP ${answer.status} instead of 201`, {
			kind: 'malformed', delivery: 'unknown', transient: false, status: answer.status,
		});
	}
	return result.file;
}

/** The request that drops the session, for sending after the execution was canceled. */
export function abortRequest(client: DocSpaceClient, session: UploadSession): { url: string; method: 'POST' | 'DELETE' } {
	return session.routes === 'rest'
		? { url: `${client.origin}/api/2.0/${sessionPath(session)}`, method: 'DELETE' }
		: { url: `${session.url}&abort=true`, method: 'POST' };
}

/** Drops the session and its stored chunks on the server. */
export async function abortSession(client: DocSpaceClient, session: UploadSession): Promise<void> {
	if (session.routes === 'rest') await client.sessionRoute('DELETE', sessionPath(session));
	else await client.chunkHandler(`${session.url}&abort=true`);
}

/**
 * DocSpace's Global.ReplaceInvalidCharsAndTruncate for names the node lets through (at most 170
 * characters, no slashes): the characters it replaces, each UTF-16 unit of an emoji included.
 */
export function storedTitle(name: string): string {
	return name.trim().replace(/[\t*+:"<>?|]|[\u{10000}-\u{10FFFF}]|[\uD800-\uDFFF]/gu, (match) => '_'.repeat(match.length));
}

/**
 * The files in the target folder that an upload whose answer was lost may have committed: the title
 * DocSpace gives this name (or, with "Keep Both", that title numbered like "name (1).ext"), the size
 * sent, and a change after the session was created; the latest change first. Another upload of the
 * same name and size matches as well: only the content can tell them apart.
 */
export async function findCommitCandidates(
	client: DocSpaceClient,
	session: UploadSession,
	request: Pick<SessionRequest, 'fileName' | 'createNewIfExist'>,
	size: number,
): Promise<DocSpaceFile[]> {
	const folderId = session.path[session.path.length - 1];
	const since = session.created ? Date.parse(session.created) : Number.NaN;
	const title = storedTitle(request.fileName);
	const dot = title.lastIndexOf('.');
	const [base, extension] = dot > 0 ? [title.slice(0, dot), title.slice(dot)] : [title, ''];
	const content = await client.api<{ files?: DocSpaceFile[] }>('GET', `files/${folderId}`, undefined, {
		filterValue: base,
		filterType: 1,
		count: 100,
	});
	const numbered = new RegExp(`^${escapeRegExp(base)} \\(\\d+\\)${escapeRegExp(extension)}$`);
	const titled = (file: DocSpaceFile) => file.title === title || (request.createNewIfExist === true && numbered.test(file.title));
	const changed = (file: DocSpaceFile) => (file.updated === undefined ? Number.NaN : Date.parse(file.updated));
	return (content?.files ?? [])
		.filter((file) => titled(file) && file.pureContentLength === size && (Number.isNaN(since) || changed(file) >= since - 1000))
		.sort((a, b) => (changed(b) || 0) - (changed(a) || 0));
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
