import { existingTitles, FILES_ONLY, FOLDERS_ONLY, listFolder } from '../transport/api';
import type { DocSpaceClient } from '../transport/client';
import { sameTitle, storedTitle } from './stored-title';
import type { DocSpaceFile } from './types';

/** Whether the run found that the portal has no `upload/check` (DocSpace 2.0.x), so it is not asked again. */
export interface CheckRoute {
	gone: boolean;
}

const PAGE_SIZE = 100;

/** An entry of a folder listing: a FileDto (with its folderId) or a FolderDto (with its parentId). */
interface Listed {
	id: number;
	title: string;
	parentId?: unknown;
	folderId?: unknown;
}

/**
 * The file an upload of `fileName` into the folder (and `relativePath` below it) would meet: the one
 * DocSpace makes a new version of, found as the uploader finds it (FileUploader.VerifyFileUploadAsync:
 * each path segment and the name as Global.ReplaceInvalidCharsAndTruncate stores them, v2.0.2 … v3.7.1).
 * Subfolders that do not exist yet are not created: such a folder holds nothing. Asks `upload/check`
 * (UploadControllerHelper.CheckUploadAsync 2.5–2.6, UploadController.CheckUploadAsync 3.7.1: the titles
 * fileDao.GetFileAsync finds), then the listing for the file's JSON; on 2.0.x only the listing.
 */
export async function findExistingFile(
	client: DocSpaceClient,
	folderId: number,
	relativePath: string | undefined,
	fileName: string,
	checkRoute: CheckRoute,
): Promise<DocSpaceFile | undefined> {
	let target = folderId;
	for (const segment of relativePath ? relativePath.split('/') : []) {
		const parent = target;
		const folder = await findListed<Listed>(client, parent, storedTitle(segment), FOLDERS_ONLY, (entry) => entry.parentId === parent);
		if (!folder) return undefined;
		target = folder.id;
	}
	const title = storedTitle(fileName);
	if (!checkRoute.gone) {
		const existing = await existingTitles(client, target, [title]);
		if (existing?.length === 0) return undefined;
		if (!existing) checkRoute.gone = true;
	}
	const folder = target;
	return await findListed<DocSpaceFile>(client, folder, title, FILES_ONLY, (entry) => entry.folderId === folder);
}

/**
 * The folder's entry with the title, read page by page from a listing searched for it. The search finds
 * titles that contain the text whatever their case and accents; the exact title wins, else one that
 * DocSpace takes for the same (sameTitle).
 */
async function findListed<T extends Listed>(
	client: DocSpaceClient,
	folderId: number,
	title: string,
	filterType: number,
	inFolder: (entry: T) => boolean,
): Promise<T | undefined> {
	let sameForDocSpace: T | undefined;
	for (let startIndex = 0; ; startIndex += PAGE_SIZE) {
		const content = await listFolder<T, T>(client, folderId, { filterValue: title, filterType, startIndex, count: PAGE_SIZE });
		const page = [...(content.folders ?? []), ...(content.files ?? [])].filter(inFolder);
		const exact = page.find((entry) => entry.title === title);
		if (exact) return exact;
		sameForDocSpace ??= page.find((entry) => sameTitle(entry.title, title));
		const total = Number(content.total);
		const listed = (content.folders?.length ?? 0) + (content.files?.length ?? 0);
		if (listed === 0 || !Number.isFinite(total) || startIndex + PAGE_SIZE >= total) return sameForDocSpace;
	}
}
