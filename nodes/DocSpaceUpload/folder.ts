import type { INodeParameterResourceLocator } from 'n8n-workflow';

import { InputError } from './input-error';
import { parseUrl } from './transport/portal';

/** A folder as the user pointed at it: a numeric id, or `@my` for the user's My documents. */
export type FolderReference = { id: number } | { myDocuments: true };

const ID_HINT = 'Enter the number DocSpace shows in the folder\'s address (…?folder=2001), "@my" for My documents, or switch to "By URL" and paste the link.';

export function parseFolderId(value: unknown): FolderReference {
	const text = String(value ?? '').trim();
	if (/^@my$/i.test(text)) return { myDocuments: true };
	if (/^\d+$/.test(text) && Number(text) > 0) return { id: Number(text) };
	throw new InputError(text ? `"${text}" is not a DocSpace folder ID` : 'No folder is set', ID_HINT);
}

/**
 * Reads the folder from a link copied out of DocSpace: the web client keeps the open folder in the
 * `folder` query parameter (`/rooms/shared/filter?folder=2001`, `/rooms/personal/filter?folder=…`)
 * and room links carry the room id in the path (`/rooms/shared/2001/filter`).
 */
export function parseFolderUrl(value: unknown, portalOrigin: string): FolderReference {
	const text = String(value ?? '').trim();
	const url = parseUrl(text);
	if (!url) {
		throw new InputError(
			text ? `"${text}" is not a link` : 'No folder link is set',
			'Open the room or folder in DocSpace and copy the address from the browser, e.g. https://example.onlyoffice.com/rooms/shared/2001/filter?folder=2001',
		);
	}
	if (url.origin !== portalOrigin) {
		throw new InputError(
			`The link is for ${url.origin}, but the credential connects to ${portalOrigin}`,
			'Use a link from the same portal as the credential, or a credential for that portal.',
		);
	}
	const params = new URLSearchParams([...url.searchParams].map(([key, v]): [string, string] => [key.toLowerCase(), v]));
	if (params.has('fileid') || /doceditor/i.test(url.pathname)) {
		throw new InputError('The link opens a file, not a folder', 'Open the room or folder that should receive the files and copy its link instead.');
	}
	const folder = params.get('folder');
	if (folder && /^\d+$/.test(folder)) return { id: Number(folder) };
	const room = /\/rooms\/(?:shared|personal|archived)\/(\d+)(?:\/|$)/i.exec(url.pathname);
	if (room) return { id: Number(room[1]) };
	if (params.has('key') || /\/s\//.test(url.pathname)) {
		throw new InputError(
			'The link is a public share link, which does not name a folder the credential can upload to',
			'Open the room or folder while signed in to DocSpace and copy the address from the browser instead.',
		);
	}
	throw new InputError(
		'The link does not name a DocSpace room or folder',
		'Open the room or folder in DocSpace and copy the address from the browser; it contains "?folder=" followed by a number.',
	);
}

export function parseFolderLocator(locator: INodeParameterResourceLocator | string, portalOrigin: string): FolderReference {
	if (typeof locator !== 'object' || locator === null) return parseFolderId(locator);
	// 'list' (the picker) and 'id' both hold a folder id.
	return locator.mode === 'url' ? parseFolderUrl(locator.value, portalOrigin) : parseFolderId(locator.value);
}
