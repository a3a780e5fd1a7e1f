import type { ICredentialTestRequest, IDataObject, IHttpRequestHelper } from 'n8n-workflow';

import type { FramedChunk } from '../upload/multipart';
import type { DocSpaceFile, PortalSettings, SessionRequest, SessionRoutes, UploadSession } from '../upload/types';
import type { DocSpaceClient } from './client';
import { parseUrl } from './portal';
import { DocSpaceRequestError } from './request-error';
import { settle } from './settle';
import { SignInError } from './sign-in-error';

/**
 * Every DocSpace request this package makes, named here and nowhere else, with the shape of each
 * answer checked before it is used. The routes are those of DocSpace-server's controllers and
 * handlers at the tags named beside them.
 */
const API = '/api/2.0';

/** DocSpace's default `files:uploader:chunk-size`, for servers that do not publish theirs. */
const DEFAULT_CHUNK_SIZE = 10 * 1024 * 1024;
const DEFAULT_MAX_THREADS = 15;

/** The first DocSpace release whose chunk handler stores `upload=true&chunkNumber=N` by number (v2.5.0-server). */
const NUMBERED_SINCE: Release = [2, 5];

// ---- Signing in and the credential test (AuthenticationController) ----

/** `POST /api/2.0/authentication`: a session token for an e-mail and password, or a SignInError saying why not. */
export async function signIn(
	helpers: IHttpRequestHelper['helpers'],
	origin: string,
	email: string,
	password: string,
	ignoreSslIssues: boolean,
): Promise<string> {
	const answer = await settle(
		helpers.httpRequest({
			method: 'POST',
			url: `${origin}${API}/authentication`,
			body: { userName: email, password },
			json: true,
			disableFollowRedirect: true,
			skipSslCertificateValidation: ignoreSslIssues,
		}) as Promise<{ response?: { token?: string; tfa?: boolean; sms?: boolean } } | undefined>,
	);
	if (!answer.ok) {
		const { error } = answer;
		const status = (error as { response?: { status?: number } }).response?.status ?? (error as { httpCode?: string }).httpCode;
		if (String(status) === '401') throw SignInError.refused(email);
		throw error;
	}
	const signedIn = answer.value?.response;
	if (!signedIn?.token) throw signedIn?.tfa || signedIn?.sms ? SignInError.secondFactor() : SignInError.noToken();
	return signedIn.token;
}

/**
 * The credential test's request: `GET /api/2.0/authentication` answers every caller with DocSpace's
 * envelope, `response: true` when the credential signed the caller in and `false` when not.
 */
export const CREDENTIAL_TEST_REQUEST: ICredentialTestRequest['request'] = {
	baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "")}}',
	url: `${API}/authentication`,
	skipSslCertificateValidation: '={{$credentials.ignoreSslIssues}}',
	// A redirect could carry the key to another host.
	disableFollowRedirect: true,
	sendCredentialsOnCrossOriginRedirect: false,
};

// ---- What the portal can do (FilesSettingsController, SettingsController) ----

/**
 * Asked once per run. `files/settings` publishes the chunk size on every version
 * (FilesSettingsHelper.ChunkUploadSize since v1.0) and `maxUploadThreadCount` since v2.6.0;
 * `settings/version/build` (anonymous, present in v2.0.2) names the version. Numbered chunks need 2.5:
 * the v2.0.2 handler stores `upload=true&chunkNumber=N` as the next sequential chunk, in arrival order.
 * When neither answer tells, numbered mode stays off: one chunk at a time is right on every version.
 */
export async function readPortalSettings(client: DocSpaceClient): Promise<PortalSettings> {
	const settings = await unlessMissing(client.api<{ chunkUploadSize?: unknown; maxUploadThreadCount?: unknown }>('GET', `${API}/files/settings`));
	const version = await unlessMissing(client.api<{ docSpace?: unknown }>('GET', `${API}/settings/version/build`));
	const chunkSize = Number(settings?.chunkUploadSize);
	const maxThreads = Number(settings?.maxUploadThreadCount);
	const threadsPublished = Number.isInteger(maxThreads) && maxThreads > 0;
	const versionText = typeof version?.docSpace === 'string' ? version.docSpace : '';
	const release = parseVersion(versionText);
	return {
		version: release ? versionText : undefined,
		chunkSize: Number.isInteger(chunkSize) && chunkSize > 0 ? chunkSize : DEFAULT_CHUNK_SIZE,
		numberedChunks: release ? atLeast(release, NUMBERED_SINCE) : threadsPublished,
		maxThreads: threadsPublished ? maxThreads : DEFAULT_MAX_THREADS,
	};
}

/** The answer of a request, or undefined when the portal does not have that route (404). */
async function unlessMissing<T>(request: Promise<T>): Promise<T | undefined> {
	const answer = await settle(request);
	if (answer.ok) return answer.value;
	const { error } = answer;
	if (error instanceof DocSpaceRequestError && error.info.kind === 'http' && error.info.status === 404) return undefined;
	throw error;
}

/** A DocSpace release as major and minor version. */
type Release = [major: number, minor: number];

/** "2.5.0.1234" → [2, 5]; undefined for text that is not a version. */
function parseVersion(text: string): Release | undefined {
	const match = /^\s*(\d+)\.(\d+)/.exec(text);
	return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function atLeast([major, minor]: Release, [minimumMajor, minimumMinor]: Release): boolean {
	// Stryker disable next-line EqualityOperator: equivalent, the majors differ where `>` is asked
	return major === minimumMajor ? minor >= minimumMinor : major > minimumMajor;
}

/** ASP.NET's answer for a path it does not route: 404 (or 405 for another method), no DocSpace error. */
function isMissingRoute(error: unknown): boolean {
	return error instanceof DocSpaceRequestError && error.info.kind === 'http' && (error.info.status === 404 || error.info.status === 405) && !error.info.serverMessage;
}

// ---- Folders (FoldersController) ----

/** A FolderDto of a listing (the fields this package reads). */
export interface FolderEntry {
	id: number;
	parentId?: number;
	title: string;
	type?: number;
	security?: { Create?: boolean };
}

/** A folder's content: `files/{folderId}`, `files/@my` or `files/rooms`, one page of it. */
export interface FolderContent<File = DocSpaceFile, Folder = FolderEntry> {
	files?: File[];
	folders?: Folder[];
	current?: FolderEntry;
	total?: number;
}

/** FilterType.FilesOnly and FilterType.FoldersOnly of a folder listing. */
export const FILES_ONLY = 1;
export const FOLDERS_ONLY = 2;

export interface ListingQuery extends IDataObject {
	filterType?: number;
	filterValue?: string;
	withSubFolders?: boolean;
	startIndex?: number;
	count?: number;
}

/** One page of a folder, of the user's My documents (`@my`) or of the Rooms section (`rooms`). */
export async function listFolder<File = DocSpaceFile, Folder = FolderEntry>(
	client: DocSpaceClient,
	folder: number | '@my' | 'rooms',
	query: ListingQuery,
): Promise<FolderContent<File, Folder>> {
	const content = await client.api<FolderContent<File, Folder> | null>('GET', `${API}/files/${folder}`, undefined, query);
	return content ?? {};
}

/** The folders from the section root down to `folderId`: `files/folder/{folderId}/path`. */
export async function folderPath(client: DocSpaceClient, folderId: number): Promise<FolderEntry[]> {
	const crumbs = await client.api<unknown>('GET', `${API}/files/folder/${folderId}/path`);
	if (!Array.isArray(crumbs)) throw malformed(`DocSpace did not list the path of folder ${folderId}`);
	return crumbs as FolderEntry[];
}

/**
 * `POST files/{folderId}/upload/check` (UploadControllerHelper.CheckUploadAsync 2.5–2.6,
 * UploadController.CheckUploadAsync 3.7.1): the titles of the list that already exist in the folder;
 * undefined on a portal without the route (2.0.x).
 */
export async function existingTitles(client: DocSpaceClient, folderId: number, titles: string[]): Promise<unknown[] | undefined> {
	const answer = await settle(client.api<unknown>('POST', `${API}/files/${folderId}/upload/check`, { filesTitle: titles }));
	if (answer.ok) return Array.isArray(answer.value) ? answer.value : [];
	if (isMissingRoute(answer.error)) return undefined;
	throw answer.error;
}

/**
 * The stored bytes of one version of a file, as a stream (FileHandler.ashx `action=download`, every
 * DocSpace version): read back only to prove which upload a file came from.
 */
export async function downloadFile(client: DocSpaceClient, fileId: number, version: number): Promise<AsyncIterable<Buffer>> {
	return await client.stream('/filehandler.ashx', { action: 'download', fileid: fileId, version });
}

// ---- Upload sessions (UploadController, ChunkedUploaderHandler) ----

export interface RawSession {
	id?: unknown;
	location?: unknown;
	path?: unknown;
	created?: unknown;
}

/**
 * Opens an upload session: `POST files/{folderId}/upload/create_session` (every version), or where the
 * portal has no such route (404/405 without DocSpace's error), `POST files/{folderId}/session`
 * (UploadController.CreateUploadSessionInFolder, v3.7.1-server on), remembered for the rest of the run.
 */
export async function createSession(client: DocSpaceClient, folderId: number, request: SessionRequest, routes: SessionRoutes): Promise<UploadSession> {
	if (!routes.createSessionGone) {
		const legacy = await settle(client.api<{ data?: RawSession } & RawSession>('POST', `${API}/files/${folderId}/upload/create_session`, request as unknown as IDataObject));
		if (legacy.ok) return sessionFrom(client.origin, folderId, legacy.value?.data ?? legacy.value ?? {}, 'handler');
		if (!isMissingRoute(legacy.error)) throw legacy.error;
		routes.createSessionGone = true;
	}
	const answer = await client.api<RawSession>('POST', `${API}/files/${folderId}/session`, request as unknown as IDataObject);
	return sessionFrom(client.origin, folderId, answer ?? {}, 'rest');
}

/** The upload session an answer to one of the two routes above describes, made on the portal at `origin`. */
export function sessionFrom(origin: string, folderId: number, raw: RawSession, routes: UploadSession['routes']): UploadSession {
	// Stryker disable next-line ConditionalExpression: equivalent against DocSpace, whose REST session answer has a location too (ChunkedUploadSessionResponse.Location, v3.7.1-server)
	if (typeof raw.id !== 'string' || (routes === 'handler' && typeof raw.location !== 'string')) {
		throw malformed(`DocSpace created an upload session without an id${routes === 'handler' ? ' or location' : ''}`);
	}
	return {
		id: raw.id,
		routes,
		// Stryker disable next-line ConditionalExpression: equivalent against DocSpace, a REST session's url is never read and its answer has a location to make one of
		url: routes === 'handler' ? chunkUploadUrl(origin, raw.location) : '',
		folderId,
		path: Array.isArray(raw.path) ? raw.path.map(Number) : [folderId],
		created: typeof raw.created === 'string' ? raw.created : undefined,
	};
}

/**
 * The chunk upload address on the portal itself. DocSpace builds the session's `location` from
 * its own idea of its URL, which behind a proxy can name an internal host: only the path and query
 * are taken from it, so chunks and the credentials they carry never go anywhere but the portal.
 */
export function chunkUploadUrl(origin: string, location: unknown): string {
	const target = parseUrl(String(location), origin);
	if (!target || !/\/ChunkedUploader\.ashx$/i.test(target.pathname) || !target.searchParams.get('uid')) {
		throw malformed(`DocSpace returned an unexpected upload location: "${String(location)}"`);
	}
	return `${origin}${target.pathname}${target.search}`;
}

function sessionPath(session: UploadSession): string {
	return `${API}/files/${session.folderId}/session/${session.id}`;
}

/** The 201 answer that completes an upload: the file DocSpace committed. */
interface UploadedAnswer {
	id?: number;
	uploaded?: boolean;
	file?: DocSpaceFile;
}

/**
 * The bytes DocSpace stored for a file. Its FileDto sets `PureContentLength = ContentLength.NullIfDefault()`
 * and DocSpace writes no nulls (v2.0.2-server FileDto.cs, BaseStartup.cs; v3.7.1-server FileDto.cs,
 * DynamicIgnoreResolver.cs; ChunkedUploaderHandler.WriteSuccess in both), so an empty file has none.
 */
export function storedBytes(file: DocSpaceFile): number {
	return Number(file.pureContentLength ?? 0);
}

export type ChunkOutcome = { completed: false } | { completed: true; file: DocSpaceFile };

function outcome(status: number, data: UploadedAnswer | undefined): ChunkOutcome {
	// Stryker disable next-line ObjectLiteral: equivalent, an absent `completed` reads as false
	if (status !== 201) return { completed: false };
	return { completed: true, file: describedFile(status, data) };
}

function describedFile(status: number, data: UploadedAnswer | undefined): DocSpaceFile {
	if (!data?.file || typeof data.file.id !== 'number') {
		throw new DocSpaceRequestError('DocSpace completed the upload but did not describe the file', { kind: 'malformed', status });
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
	return outcome(answer.status, answer.data);
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
		throw new DocSpaceRequestError(`DocSpace answered the finalize request with HTTP ${answer.status} instead of 201`, { kind: 'malformed', status: answer.status });
	}
	return result.file;
}

/** The request that drops the session, for sending after the execution was canceled. */
export function abortRequest(client: DocSpaceClient, session: UploadSession): { url: string; method: 'POST' | 'DELETE' } {
	return session.routes === 'rest'
		? { url: `${client.origin}${sessionPath(session)}`, method: 'DELETE' }
		: { url: `${session.url}&abort=true`, method: 'POST' };
}

/** Drops the session and its stored chunks on the server. */
export async function abortSession(client: DocSpaceClient, session: UploadSession): Promise<void> {
	if (session.routes === 'rest') await client.sessionRoute('DELETE', sessionPath(session));
	else await client.chunkHandler(`${session.url}&abort=true`);
}

function malformed(message: string): DocSpaceRequestError {
	return new DocSpaceRequestError(message, { kind: 'malformed' });
}
