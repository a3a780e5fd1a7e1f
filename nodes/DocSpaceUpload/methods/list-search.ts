import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { toNodeError } from '../errors';
import { DocSpaceClient } from '../transport/client';
import { DocSpaceRequestError } from '../transport/request-error';
import { settle } from '../transport/settle';

const PAGE_SIZE = 50;
const MY_DOCUMENTS = 'My documents';
const ROOMS = 'Rooms';

interface FolderDto {
	id: number;
	title: string;
	security?: { Create?: boolean };
}

interface FolderContent {
	folders?: FolderDto[];
	current?: FolderDto;
	total?: number;
}

/** A folder the user can browse to: its id, the names leading to it, and where its room link points. */
interface Place {
	id: number;
	path: string[];
	/** `shared` for rooms and their folders, `personal` for My documents. */
	section: 'shared' | 'personal';
	roomId?: number;
}

/** Where the next page of results continues: a search at the top level, or inside one folder. */
interface PageToken {
	phase: 'my-documents' | 'rooms' | 'inside';
	start: number;
}

function parseToken(token: string | undefined): PageToken | undefined {
	if (!token) return undefined;
	return JSON.parse(token) as PageToken;
}

/**
 * The folder picker: rooms, My documents and their subfolders the user may upload into, named by
 * their path ("Rooms / Sales / Q3 reports"). Typing a name searches rooms and the folders of My
 * documents on the server; typing a path ending in "/" ("Sales/") lists the subfolders there.
 */
export async function searchFolders(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	try {
		const client = await DocSpaceClient.create(this, { timeoutMs: 30_000 });
		const segments = (filter ?? '').split('/').map((segment) => segment.trim());
		const search = segments.pop() ?? '';
		const token = parseToken(paginationToken);
		if (segments.filter(Boolean).length > 0) return await listInside(client, segments.filter(Boolean), search, token);
		return await listTopLevel(client, search, token);
	} catch (error) {
		throw toNodeError(this.getNode(), error, { itemIndex: 0 });
	}
}

async function listTopLevel(client: DocSpaceClient, search: string, token: PageToken | undefined): Promise<INodeListSearchResult> {
	const results: INodeListSearchItems[] = [];
	const phase = token?.phase ?? 'my-documents';
	if (phase === 'my-documents') {
		const start = token?.start ?? 0;
		// Guests may have no My documents: then the list starts with the rooms.
		const answer = await settle(children(client, '@my', search, start));
		if (!answer.ok && !(answer.error instanceof DocSpaceRequestError && [403, 404].includes(answer.error.info.status ?? 0))) throw answer.error;
		const content = answer.ok ? answer.value : {};
		const root = content.current;
		if (root && start === 0 && root.security?.Create && matches(MY_DOCUMENTS, search)) {
			results.push(item(client, { id: root.id, path: [MY_DOCUMENTS], section: 'personal' }));
		}
		if (root) results.push(...creatable(content).map((folder) => item(client, { id: folder.id, path: [MY_DOCUMENTS, folder.title], section: 'personal' })));
		const next = start + PAGE_SIZE;
		const nextToken: PageToken = next < (content.total ?? 0) ? { phase: 'my-documents', start: next } : { phase: 'rooms', start: 0 };
		return { results, paginationToken: JSON.stringify(nextToken) };
	}
	const content = await client.api<FolderContent>('GET', 'files/rooms', undefined, page(search, token!.start));
	results.push(...creatable(content).map((room) => item(client, { id: room.id, path: [ROOMS, room.title], section: 'shared', roomId: room.id })));
	const next = token!.start + PAGE_SIZE;
	return { results, paginationToken: next < (content.total ?? 0) ? JSON.stringify({ phase: 'rooms', start: next }) : undefined };
}

/** Follows a path of names (a room or My documents, then folders) and lists what is inside the last one. */
async function listInside(client: DocSpaceClient, names: string[], search: string, token: PageToken | undefined): Promise<INodeListSearchResult> {
	const parent = await resolvePath(client, names);
	if (!parent) return { results: [] };
	const start = token?.start ?? 0;
	const content = await children(client, String(parent.id), search, start);
	const results = creatable(content).map((folder) =>
		item(client, { id: folder.id, path: [...parent.path, folder.title], section: parent.section, roomId: parent.roomId }),
	);
	const next = start + PAGE_SIZE;
	return { results, paginationToken: next < (content.total ?? 0) ? JSON.stringify({ phase: 'inside', start: next }) : undefined };
}

async function resolvePath(client: DocSpaceClient, names: string[]): Promise<Place | undefined> {
	const [first, ...rest] = equalsIgnoringCase(names[0], ROOMS) && names.length > 1 ? names.slice(1) : names;
	let place: Place | undefined;
	if (equalsIgnoringCase(first, MY_DOCUMENTS)) {
		const content = await children(client, '@my', '', 0);
		if (content.current) place = { id: content.current.id, path: [MY_DOCUMENTS], section: 'personal' };
	} else {
		const content = await client.api<FolderContent>('GET', 'files/rooms', undefined, page(first, 0));
		const room = content.folders?.find((folder) => equalsIgnoringCase(folder.title, first));
		if (room) place = { id: room.id, path: [ROOMS, room.title], section: 'shared', roomId: room.id };
	}
	for (const name of rest) {
		if (!place) return undefined;
		const content = await children(client, String(place.id), name, 0);
		const folder = content.folders?.find((candidate) => equalsIgnoringCase(candidate.title, name));
		place = folder ? { ...place, id: folder.id, path: [...place.path, folder.title] } : undefined;
	}
	return place;
}

async function children(client: DocSpaceClient, folder: string, search: string, start: number): Promise<FolderContent> {
	// filterType 2: folders only.
	return await client.api<FolderContent>('GET', `files/${folder}`, undefined, { ...page(search, start), filterType: 2 });
}

function page(search: string, start: number) {
	return { filterValue: search, startIndex: start, count: PAGE_SIZE };
}

function creatable(content: FolderContent): FolderDto[] {
	return (content.folders ?? []).filter((folder) => folder.security?.Create);
}

function item(client: DocSpaceClient, place: Place): INodeListSearchItems {
	const room = place.section === 'shared' && place.roomId !== undefined ? `/${place.roomId}` : '';
	return {
		name: place.path.join(' / '),
		value: String(place.id),
		url: `${client.origin}/rooms/${place.section}${room}/filter?folder=${place.id}`,
	};
}

function matches(title: string, search: string): boolean {
	return title.toLowerCase().includes(search.toLowerCase());
}

function equalsIgnoringCase(a: string, b: string): boolean {
	return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}
