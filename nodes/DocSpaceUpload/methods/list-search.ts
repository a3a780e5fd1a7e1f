import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { toNodeError } from '../errors';
import { folderPath, FOLDERS_ONLY, listFolder, type FolderContent, type FolderEntry } from '../transport/api';
import { DocSpaceClient } from '../transport/client';
import { DocSpaceRequestError } from '../transport/request-error';
import { settle } from '../transport/settle';

const PAGE_SIZE = 50;
/** Server pages read for one page of the picker at most: a search through many folders the user may not upload into still answers. */
const MAX_READS_PER_PAGE = 10;
/** Breadcrumb look-ups run at once when naming search results by their path. */
const PATH_LOOKUPS_AT_ONCE = 6;
const MY_DOCUMENTS = 'My documents';
const ROOMS = 'Rooms';
/** FolderType.VirtualRooms: the Rooms section itself, where only rooms are created. */
const ROOMS_SECTION = 14;

/** A folder the user can browse to: its id, the names leading to it, and where its room link points. */
interface Place {
	id: number;
	path: string[];
	/** `shared` for rooms and their folders, `personal` for My documents. */
	section: 'shared' | 'personal';
	roomId?: number;
}

/**
 * One server listing the picker reads page by page: `@my`, `rooms` (the rooms only) or a folder id (for the Rooms
 * section, its id searches the rooms and the folders inside them). `deep` searches every folder below, not only the children.
 */
interface Source {
	folder: number | '@my' | 'rooms';
	path: string[];
	section: Place['section'];
	roomId?: number;
	deep: boolean;
	/** Lists the folder itself first when it matches (My documents at the top level). */
	withSelf?: boolean;
}

/** Where the next page continues: the listings still to read, the first from `start`. */
interface PageToken {
	sources: Source[];
	start: number;
}

/**
 * The folder picker: rooms, My documents and the folders in them the user may upload into, named by their path
 * ("Rooms / Sales / Q3 reports"). Typing a name searches them all, at any depth, on the server; typing a path ending
 * in "/" ("Sales/") lists the subfolders there, and a path with a name after it ("Sales/q3") searches below it.
 * Each page holds up to PAGE_SIZE results: n8n shows an empty first page as "No results" and asks for the next page
 * only when the user scrolls, so a page is filled from as many server pages (and listings) as it takes.
 */
export async function searchFolders(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	try {
		const client = await DocSpaceClient.create(this, { timeoutMs: 30_000 });
		const segments = (filter ?? '').split('/').map((segment) => segment.trim());
		const search = segments.pop() ?? '';
		const names = segments.filter(Boolean);
		const token = paginationToken ? (JSON.parse(paginationToken) as PageToken) : await firstToken(client, names, search);
		return await readPage(client, token, search);
	} catch (error) {
		throw toNodeError(this.getNode(), error, { itemIndex: 0 });
	}
}

async function firstToken(client: DocSpaceClient, names: string[], search: string): Promise<PageToken> {
	if (names.length > 0) {
		const parent = await resolvePath(client, names);
		const sources: Source[] = parent ? [{ folder: parent.id, path: parent.path, section: parent.section, roomId: parent.roomId, deep: search !== '' }] : [];
		return { sources, start: 0 };
	}
	const myDocuments: Source = { folder: '@my', path: [MY_DOCUMENTS], section: 'personal', deep: search !== '', withSelf: true };
	if (search === '') return { sources: [myDocuments, { folder: 'rooms', path: [ROOMS], section: 'shared', deep: false }], start: 0 };
	// Only `files/{folderId}` searches inside the rooms on every version (`files/rooms` stopped reading withSubfolders in v3.1.0).
	const roomsSection = await listFolder(client, 'rooms', { startIndex: 0, count: 1 });
	const rooms: Source[] = roomsSection.current ? [{ folder: roomsSection.current.id, path: [ROOMS], section: 'shared', deep: true }] : [];
	return { sources: [myDocuments, ...rooms], start: 0 };
}

async function readPage(client: DocSpaceClient, token: PageToken, search: string): Promise<INodeListSearchResult> {
	const results: INodeListSearchItems[] = [];
	let { sources, start } = token;
	for (let reads = 0; sources.length > 0 && results.length < PAGE_SIZE && reads < MAX_READS_PER_PAGE; reads++) {
		const [source, ...rest] = sources;
		const content = await list(client, source, search, start);
		if (content?.current) results.push(...(await itemsOf(client, source, content, search, start)));
		start += PAGE_SIZE;
		if (!content || start >= (content.total ?? 0)) {
			sources = rest;
			start = 0;
		}
	}
	return { results, paginationToken: sources.length > 0 ? JSON.stringify({ sources, start }) : undefined };
}

/** One server page of a listing; undefined when the user has no My documents (guests may have none). */
async function list(client: DocSpaceClient, source: Source, search: string, start: number): Promise<FolderContent | undefined> {
	const answer = await settle(listFolder(client, source.folder, query(search, start, source.deep)));
	if (answer.ok) return answer.value;
	const missing = answer.error instanceof DocSpaceRequestError && [403, 404].includes(answer.error.info.status ?? 0);
	if (source.folder === '@my' && missing) return undefined;
	throw answer.error;
}

/**
 * `withSubFolders` is read by v2.0.2 … v3.0.x and from v3.7.1 on; v3.1 … v3.6 always search below `@my` and
 * `files/{folderId}` when a filter is given, so a listing of the children keeps only the folders whose parent is the one listed.
 */
function query(search: string, start: number, deep: boolean) {
	return { filterType: FOLDERS_ONLY, filterValue: search, withSubFolders: deep, startIndex: start, count: PAGE_SIZE };
}

async function itemsOf(client: DocSpaceClient, source: Source, content: FolderContent, search: string, start: number): Promise<INodeListSearchItems[]> {
	const current = content.current!;
	const scope: Place = { id: current.id, path: source.path, section: source.section, roomId: source.roomId };
	const self = source.withSelf && start === 0 && current.security?.Create && contains(source.path[0], search) ? [item(client, scope)] : [];
	const found = creatable(content).filter((folder) => source.deep || folder.parentId === current.id);
	const parents = await pathsOf(client, scope, found);
	return [...self, ...found.map((folder) => item(client, placeOf(scope, parents.get(folder.parentId ?? scope.id) ?? [], folder)))];
}

/** The folders between the listed one and each found folder's parent, by parent id (none for its children). */
async function pathsOf(client: DocSpaceClient, scope: Place, found: FolderEntry[]): Promise<Map<number, FolderEntry[]>> {
	const paths = new Map<number, FolderEntry[]>([[scope.id, []]]);
	const parents = [...new Set(found.map((folder) => folder.parentId ?? scope.id))].filter((id) => !paths.has(id));
	for (let index = 0; index < parents.length; index += PATH_LOOKUPS_AT_ONCE) {
		const batch = parents.slice(index, index + PATH_LOOKUPS_AT_ONCE);
		const crumbs = await Promise.all(batch.map(async (id) => await folderPath(client, id)));
		batch.forEach((id, at) => {
			const below = crumbs[at].findIndex((crumb) => crumb.id === scope.id);
			paths.set(id, crumbs[at].slice(below + 1));
		});
	}
	return paths;
}

function placeOf(scope: Place, between: FolderEntry[], folder: FolderEntry): Place {
	const roomId = scope.roomId ?? (scope.section === 'shared' ? (between[0] ?? folder).id : undefined);
	return { id: folder.id, path: [...scope.path, ...between.map((crumb) => crumb.title), folder.title], section: scope.section, roomId };
}

/** Follows a path of names (a room or My documents, then folders) to the place it names. */
async function resolvePath(client: DocSpaceClient, names: string[]): Promise<Place | undefined> {
	const [first, ...rest] = equalsIgnoringCase(names[0], ROOMS) && names.length > 1 ? names.slice(1) : names;
	let place: Place | undefined;
	if (equalsIgnoringCase(first, MY_DOCUMENTS)) {
		const content = await listFolder(client, '@my', query('', 0, false));
		if (content.current) place = { id: content.current.id, path: [MY_DOCUMENTS], section: 'personal' };
	} else {
		const content = await listFolder(client, 'rooms', query(first, 0, false));
		const room = content.folders?.find((folder) => equalsIgnoringCase(folder.title, first));
		if (room) place = { id: room.id, path: [ROOMS, room.title], section: 'shared', roomId: room.id };
	}
	for (const name of rest) {
		if (!place) return undefined;
		const parentId = place.id;
		const content = await listFolder(client, parentId, query(name, 0, false));
		const folder = content.folders?.find((candidate) => candidate.parentId === parentId && equalsIgnoringCase(candidate.title, name));
		place = folder ? { ...place, id: folder.id, path: [...place.path, folder.title] } : undefined;
	}
	return place;
}

function creatable(content: FolderContent): FolderEntry[] {
	return (content.folders ?? []).filter((folder) => folder.security?.Create && folder.type !== ROOMS_SECTION);
}

function item(client: DocSpaceClient, place: Place): INodeListSearchItems {
	const room = place.section === 'shared' && place.roomId !== undefined ? `/${place.roomId}` : '';
	return {
		name: place.path.join(' / '),
		value: String(place.id),
		url: `${client.origin}/rooms/${place.section}${room}/filter?folder=${place.id}`,
	};
}

function contains(title: string, search: string): boolean {
	return title.toLowerCase().includes(search.toLowerCase());
}

function equalsIgnoringCase(a: string, b: string): boolean {
	return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}
