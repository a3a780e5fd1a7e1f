import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Caller } from './auth';
import { fileDto, folderDto, sessionDto, utcDateTime } from './dto';
import { notFound, PortalError } from './errors';
import type { FaultPlan, FaultTarget } from './faults';
import { readJsonBody, sendApiError, sendChallenge, sendEnvelope, sendHtml, sendRateLimited } from './http';
import { FolderType, type Folder, type User } from './model';
import { foldedTitle, sameTitle, type CreateSessionRequest, type Portal } from './portal';
import type { LoggedRequest } from './request-log';
import { handleRestSession, type RestSessionAction } from './rest-session';
import type { VersionProfile } from './versions';

export interface ApiContext {
	portal: Portal;
	faults: FaultPlan;
	caller: Caller;
	request: IncomingMessage;
	/** The request body, read at the speed of the emulated network. */
	body: AsyncIterable<Buffer>;
	response: ServerResponse;
	log: LoggedRequest;
	url: URL;
	baseUrl: string;
	locationBase: string;
}

type Handler = (context: ApiContext, user: User, params: string[]) => Promise<unknown> | unknown;

interface Route {
	method: string;
	path: RegExp;
	/** Whether the modelled server version routes it (versions.ts); always, when absent. */
	routed?: (profile: VersionProfile) => boolean;
	anonymous?: boolean;
	fault?: FaultTarget;
	status?: number;
	handle: Handler;
}

/** A handler's marker that it has answered the request itself (a fault). */
const ANSWERED = Symbol('answered');

/** A payload with the HTTP status the action sets (`HttpContext.Response.StatusCode = 201`). */
class WithStatus {
	constructor(
		readonly payload: unknown,
		readonly status?: number,
	) {}
}

const FOLDER_ID = '(\\d+)';
const SESSION = `/api/2\\.0/files/${FOLDER_ID}/session/([^/]+)`;

/** A REST session route (v3.7.1+): the envelope around handleRestSession's answer, null for an answered fault. */
function restSession(method: string, path: string, action: RestSessionAction): Route {
	return {
		method,
		path: new RegExp(`^${path}$`),
		routed: (profile) => profile.restSessionRoutes,
		handle: async (context, _user, [, sessionId]) => {
			const result = await handleRestSession(context, action, sessionId);
			return result === undefined ? ANSWERED : new WithStatus(result.payload, result.status);
		},
	};
}

const routes: Route[] = [
	{ method: 'GET', path: /^\/api\/2\.0\/authentication(?:\.json)?$/, anonymous: true, handle: ({ caller }) => Boolean(caller.user) },
	{ method: 'POST', path: /^\/api\/2\.0\/authentication(?:\.json)?$/, anonymous: true, handle: ({ portal, request }) => login(portal, request) },
	{
		method: 'GET',
		path: /^\/api\/2\.0\/settings\/version\/build$/,
		anonymous: true,
		handle: ({ portal }) => buildVersion(portal),
	},
	{ method: 'GET', path: /^\/api\/2\.0\/people\/@self$/, handle: (_context, user) => ({ id: user.id, displayName: user.displayName, email: user.email, isAdmin: user.isAdmin }) },
	// [AllowAnonymous] at every tag: bad or missing credentials still get the settings.
	{ method: 'GET', path: /^\/api\/2\.0\/files\/settings$/, anonymous: true, fault: 'settings', handle: ({ portal }) => filesSettings(portal) },
	{
		// UploadController.CreateUploadSession: [Obsolete] from v3.7.1, still routed there.
		method: 'POST',
		path: new RegExp(`^/api/2\\.0/files/${FOLDER_ID}/upload/create_session$`),
		routed: (profile) => profile.createSessionRoute,
		fault: 'create-session',
		handle: async (context, user, [folderId]) => {
			const session = await createSession(context, user, folderId);
			return { success: true, data: sessionDto(context.portal, session, context.locationBase, true) };
		},
	},
	{
		// UploadController.CreateUploadSessionInFolder: the session itself, no success/data wrapper.
		method: 'POST',
		path: new RegExp(`^/api/2\\.0/files/${FOLDER_ID}/session$`),
		routed: (profile) => profile.restSessionRoutes,
		fault: 'create-session',
		handle: async (context, user, [folderId]) => sessionDto(context.portal, await createSession(context, user, folderId), context.locationBase, true),
	},
	{
		method: 'POST',
		path: new RegExp(`^/api/2\\.0/files/${FOLDER_ID}/upload/check$`),
		routed: (profile) => profile.uploadCheck !== 'absent',
		handle: async (context, user, [folderId]) => await checkUpload(context, user, Number(folderId)),
	},
	restSession('POST', SESSION, 'sequential'),
	restSession('POST', `${SESSION}/upload`, 'numbered'),
	restSession('PUT', `${SESSION}/finalize`, 'finalize'),
	restSession('DELETE', SESSION, 'abort'),
	{
		method: 'GET',
		path: /^\/api\/2\.0\/files\/file\/(\d+)$/,
		handle: ({ portal, baseUrl }, user, [fileId]) => {
			const file = portal.files.get(Number(fileId));
			const folder = file && portal.folder(file.folderId);
			if (!file || !folder || !portal.canRead(user, folder)) throw new PortalError(404, 'The required file was not found', 'System.IO.FileNotFoundException');
			return fileDto(portal, file, baseUrl);
		},
	},
	{ method: 'GET', path: /^\/api\/2\.0\/files\/@my$/, handle: (context, user) => folderContent(context, user, myDocuments(context.portal, user), 'my') },
	{ method: 'GET', path: /^\/api\/2\.0\/files\/rooms$/, handle: (context, user) => folderContent(context, user, context.portal.folder(1002)!, 'rooms') },
	{ method: 'GET', path: new RegExp(`^/api/2\\.0/files/folder/${FOLDER_ID}$`), handle: (context, user, [id]) => folderDto(context.portal, readableFolder(context.portal, user, id), user, context.baseUrl) },
	{
		// FoldersController.GetFolderPath (v2.0.2 … master): EntryManager.GetBreadCrumbsAsync, from the section root down to the folder itself.
		method: 'GET',
		path: new RegExp(`^/api/2\\.0/files/folder/${FOLDER_ID}/path$`),
		handle: ({ portal, baseUrl }, user, [id]) =>
			portal.pathOf(readableFolder(portal, user, id).id).map((partId) => folderDto(portal, portal.folder(partId)!, user, baseUrl)),
	},
	{
		method: 'GET',
		path: new RegExp(`^/api/2\\.0/files/${FOLDER_ID}/subfolders$`),
		handle: ({ portal, baseUrl }, user, [id]) =>
			children(portal, user, readableFolder(portal, user, id)).map((folder) => folderDto(portal, folder, user, baseUrl)),
	},
	{ method: 'GET', path: new RegExp(`^/api/2\\.0/files/${FOLDER_ID}$`), handle: (context, user, [id]) => folderContent(context, user, readableFolder(context.portal, user, id), 'folder') },
];

/** Routes `/api/2.0/…` as DocSpace's API does, with its envelope, error shapes and 401 challenge. */
export async function handleApi(context: ApiContext): Promise<void> {
	const { request, response, url, caller, portal } = context;
	const routed = routes.filter((candidate) => (candidate.routed?.(portal.profile) ?? true) && candidate.path.test(url.pathname));
	const route = routed.find((candidate) => candidate.method === request.method);
	if (!route) {
		// Endpoint routing without a match: 405 when the path exists for another method, else 404; no body.
		sendEmpty(response, routed.length ? 405 : 404);
		return;
	}
	if (!route.anonymous && !caller.user) {
		sendChallenge(response);
		return;
	}
	const fault = route.fault ? context.faults.take(route.fault) : undefined;
	if (fault?.kind === 'reset-before-store') {
		request.socket.destroy();
		return;
	}
	if (fault?.kind === 'too-many-requests') {
		sendRateLimited(response, 1500, fault.retryAfterSeconds ?? 1);
		return;
	}
	if (fault?.kind === 'html-502' || fault?.kind === 'html-503') {
		sendHtml(response, fault.kind === 'html-502' ? 502 : 503, fault.kind === 'html-502' ? 'Bad Gateway' : 'Service Temporarily Unavailable');
		return;
	}
	if (fault?.kind === 'null-reference') {
		sendApiError(response, new PortalError(500, 'Object reference not set to an instance of an object.', 'System.NullReferenceException'));
		return;
	}
	try {
		const params = route.path.exec(url.pathname)!.slice(1);
		const result = await route.handle(context, caller.user!, params);
		if (result === ANSWERED) return;
		if (fault?.kind === 'slow-answer') await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 30_000));
		const { status, payload } = result instanceof WithStatus ? result : { status: route.status, payload: result };
		sendEnvelope(response, request, url.href, payload, status);
	} catch (error) {
		if (error instanceof PortalError && error.status === 401) {
			// AuthenticationException: no type or stack in the body.
			response.writeHead(401, { 'Content-Type': 'application/json; charset=utf-8' });
			response.end(JSON.stringify({ error: { message: error.message, hresult: 0 }, status: 1, statusCode: 401 }));
			return;
		}
		if (error instanceof PortalError) sendApiError(response, error);
		else sendApiError(response, new PortalError(500, String(error instanceof Error ? error.message : error), 'System.Exception'));
	}
}

function sendEmpty(response: ServerResponse, status: number): void {
	response.writeHead(status, { 'Content-Length': 0 });
	response.end();
}

/** `upload/check` `{filesTitle}`: the titles that already name a file in the folder (docs "Upload check"). */
async function checkUpload({ portal, request }: ApiContext, user: User, folderId: number): Promise<string[]> {
	const latest = portal.profile.uploadCheck === '3.7';
	const body = (await readJsonBody(request)) as { filesTitle?: unknown; FilesTitle?: unknown };
	const titles = body.filesTitle ?? body.FilesTitle;
	if (!Array.isArray(titles)) {
		if (latest) throw new PortalError(400, "Value cannot be null. (Parameter 'filesTitle')", 'System.ArgumentNullException');
		throw new PortalError(500, 'Object reference not set to an instance of an object.', 'System.NullReferenceException');
	}
	const folder = portal.folder(folderId);
	if (!folder) throw latest ? new PortalError(404, 'The required folder was not found', 'ASC.Files.Core.ItemNotFoundException') : new PortalError(403, 'The required folder was not found', 'System.InvalidOperationException');
	if (!portal.canCreate(user, folder)) throw new PortalError(403, "You don't have enough permission to create", 'System.InvalidOperationException');
	const existing = titles.map(String).filter((title) => [...portal.files.values()].some((file) => file.folderId === folderId && sameTitle(file.title, title)));
	return latest ? [...new Set(existing)] : existing;
}

/** UploadControllerHelper.CreateUploadSessionAsync: the same for create_session and `POST …/session`. */
async function createSession(context: ApiContext, user: User, folderId: string) {
	const body = (await readJsonBody(context.request)) as unknown as CreateSessionRequest;
	return context.portal.createSession(user, Number(folderId), caseInsensitive(body));
}

async function login(portal: Portal, request: IncomingMessage) {
	const body = caseInsensitive(await readJsonBody(request));
	const user = portal.users.find((candidate) => candidate.email === body.userName && candidate.password === body.password);
	if (!user) throw new PortalError(401, 'User authentication failed', 'System.Security.Authentication.AuthenticationException');
	const token = randomBytes(48).toString('base64url');
	portal.loginTokens.set(token, user.id);
	return { token, expires: utcDateTime(new Date(Date.now() + 365 * 24 * 3600 * 1000)), sms: false, tfa: false };
}

/** BuildVersion.GetCurrentBuildVersionAsync (docs "Server version"). */
function buildVersion(portal: Portal) {
	const { docSpace, communityServerField } = portal.profile;
	return { docSpace, ...(communityServerField ? { communityServer: '12.0.0' } : {}), documentServer: '9.1.0' };
}

/**
 * SettingsController.GetFilesSettings (docs "Files settings"): v2.0.2 returns FilesSettingsHelper, which
 * already has ChunkUploadSize; FilesSettingsDto adds MaxUploadThreadCount in v2.6.0.
 */
function filesSettings(portal: Portal) {
	const common = { storeOriginalFiles: true, confirmDelete: true, updateIfExist: true, externalShare: true, canSearchByContent: false };
	return {
		...common,
		chunkUploadSize: portal.config.chunkUploadSize,
		...(portal.profile.maxUploadThreadCount ? { maxUploadThreadCount: portal.config.maxUploadThreadCount } : {}),
	};
}

/** Binding is case-insensitive: `FileName` and `fileName` are the same field. */
function caseInsensitive<T extends object>(body: T): T {
	const fields: Record<string, string> = {
		filename: 'fileName', filesize: 'fileSize', relativepath: 'relativePath', createon: 'createOn',
		encrypted: 'encrypted', createnewifexist: 'createNewIfExist', username: 'userName', password: 'password',
	};
	const result: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(body)) result[fields[key.toLowerCase()] ?? key] = value;
	return result as T;
}

function myDocuments(portal: Portal, user: User): Folder {
	const folder = [...portal.folders.values()].find((f) => f.folderType === FolderType.USER && f.createdBy === user.id);
	if (!folder) throw notFound();
	return folder;
}

function readableFolder(portal: Portal, user: User, id: string): Folder {
	const folder = portal.folder(Number(id));
	if (!folder) throw notFound();
	if (!portal.canRead(user, folder)) throw new PortalError(403, 'Access denied', 'System.Security.SecurityException');
	return folder;
}

function children(portal: Portal, user: User, folder: Folder): Folder[] {
	return [...portal.folders.values()].filter((child) => child.parentId === folder.id && portal.canRead(user, child));
}

/** Which listing route was called: `GET files/@my`, `GET files/rooms` or `GET files/{folderId}`. */
type ListingRoute = 'my' | 'rooms' | 'folder';

/**
 * Whether a listing searches below the folder's children, as each route passes `withSubfolders` on:
 * - v2.0.2 … v3.0.x read it from the query on all three routes (`withsubfolders`, bound case-insensitively), default false
 *   (FoldersController.GetFolderAsync / GetMyFolderAsync, VirtualRoomsController.GetRoomsFolderAsync).
 * - v3.1.0 … v3.6.x pass `true` for `@my` and `files/{folderId}` whatever the query says (FoldersController.GetMyFolder,
 *   GetFolderByFolderId: `folderContentDtoHelper.GetAsync(…, true, true, …)`), and `false` for `files/rooms`.
 * - v3.7.1 … master read `withSubFolders` on `files/{folderId}` with default true (GetFolderRequestDto, `inDto.WithSubFolders ?? true`);
 *   `@my` still passes true and `files/rooms` false.
 * The profiles 2.0, 2.5 and 2.6 answer as v2.0.2 … v3.0.x, the others as v3.7.1 and later.
 */
function withSubfolders(portal: Portal, url: URL, route: ListingRoute): boolean {
	const asked = [...url.searchParams.entries()].find(([name]) => name.toLowerCase() === 'withsubfolders')?.[1]?.toLowerCase();
	if (portal.profile.listingSubfoldersFromQuery) return asked === 'true';
	if (route === 'my') return true;
	if (route === 'rooms') return false;
	return asked === undefined ? true : asked === 'true';
}

/** Every folder below `folder` (the `files_folder_tree` rows with `parent_id = folder.id` and `level != 0`). */
function descendants(portal: Portal, folder: Folder): Folder[] {
	const below = [...portal.folders.values()].filter((child) => child.parentId === folder.id);
	return below.flatMap((child) => [child, ...descendants(portal, child)]);
}

/**
 * The folders a listing looks at before the text search, as EntryManager.GetEntriesAsync picks them (v2.0.2 … master):
 * - the Rooms section (FolderType.VirtualRooms) goes to FileSecurity.GetVirtualRoomsAsync: the rooms the caller can see,
 *   and with subfolders also every folder inside them (FolderDao.BuildRoomsWithSubfoldersQuery, then
 *   `.Where(r => withSubfolders || r.IsRoom)`);
 * - any other folder goes to FolderDao.GetFoldersAsync → GetFoldersQueryWithFilters: its children, or every descendant
 *   when `withSubfolders && (filterType != None || subjectId != Empty || searchText != "")` (the folder tree join).
 */
function listedFolders(portal: Portal, user: User, folder: Folder, subfolders: boolean, filtered: boolean): Folder[] {
	const readable = (candidate: Folder) => portal.canRead(user, candidate);
	if (folder.folderType === FolderType.VirtualRooms) {
		const rooms = children(portal, user, folder);
		return subfolders ? rooms.flatMap((room) => [room, ...descendants(portal, room).filter(readable)]) : rooms;
	}
	return subfolders && filtered ? descendants(portal, folder).filter(readable) : children(portal, user, folder);
}

/**
 * FolderContentDto, with DocSpace's paging (`startIndex`, `count`, `total`: folders first, then files) and search.
 * The search (`filterValue`) is AbstractDao.BuildSearch with SearchType.Any (v2.0.2 … master): the trimmed, lower-cased
 * text contained anywhere in the lower-cased title, compared by LIKE in the title's utf8_general_ci collation, so blind
 * to accents too. (With ElasticSearch configured the server asks its index instead; the emulator models the database
 * search every portal has.)
 */
function folderContent({ portal, url, baseUrl }: ApiContext, user: User, folder: Folder, route: ListingRoute) {
	const search = foldedTitle((url.searchParams.get('filterValue') ?? '').trim());
	const startIndex = Number(url.searchParams.get('startIndex') ?? 0);
	const count = Number(url.searchParams.get('count') ?? 100);
	const filterType = url.searchParams.get('filterType');
	const foldersOnly = filterType === '2';
	const filesOnly = filterType === '1';
	const filtered = search !== '' || (filterType !== null && filterType !== '0');
	const matches = (title: string) => foldedTitle(title).includes(search);
	const subfolders = withSubfolders(portal, url, route);
	const listed = listedFolders(portal, user, folder, subfolders, filtered);
	const folders = filesOnly ? [] : listed.filter((child) => matches(child.title));
	// FileDao.GetFilesQueryWithFilters: with subfolders and a filter, the files of every folder below too (v3.7.1; v2.0.2 …
	// v2.6.0 also without a filter, a listing the node never asks for).
	const holders = new Set([folder.id, ...(subfolders && filtered ? listed.map((child) => child.id) : [])]);
	const files = foldersOnly ? [] : [...portal.files.values()].filter((file) => holders.has(file.folderId) && matches(file.title));
	const total = folders.length + files.length;
	const pageFolders = folders.slice(startIndex, startIndex + count);
	const pageFiles = files.slice(Math.max(0, startIndex - folders.length), Math.max(0, startIndex + count - folders.length));
	return {
		files: pageFiles.map((file) => fileDto(portal, file, baseUrl)),
		folders: pageFolders.map((child) => folderDto(portal, child, user, baseUrl)),
		current: folderDto(portal, folder, user, baseUrl),
		pathParts: portal.pathOf(folder.id).map((id) => {
			const part = portal.folder(id)!;
			return { id, title: part.title, folderType: part.folderType, roomType: part.roomType };
		}),
		startIndex,
		count: pageFolders.length + pageFiles.length,
		total,
		new: 0,
	};
}
