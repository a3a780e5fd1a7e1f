import type { DocSpaceClient } from '../transport/client';
import { FILES_ONLY, listFolder, storedBytes } from '../transport/api';
import { sameTitle, storedTitle } from './stored-title';
import type { DocSpaceFile, SessionRequest, UploadSession } from './types';

/**
 * The files in the target folder that an upload whose answer was lost may have committed: the title
 * DocSpace gives this name, or one it takes for the same (a new version keeps the existing file's title;
 * with "Keep Both", the title numbered like "name (1).ext"), the size
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
	const content = await listFolder(client, folderId, { filterValue: base, filterType: FILES_ONLY, count: 100 });
	const numbered = new RegExp(`^${escapeRegExp(base)} \\(\\d+\\)${escapeRegExp(extension)}$`);
	const titled = (file: DocSpaceFile) => sameTitle(file.title, title) || (request.createNewIfExist === true && numbered.test(file.title));
	const changed = (file: DocSpaceFile) => (file.updated === undefined ? Number.NaN : Date.parse(file.updated));
	return (content.files ?? [])
		.filter((file) => titled(file) && storedBytes(file) === size && (Number.isNaN(since) || changed(file) >= since - 1000))
		.sort((a, b) => (changed(b) || 0) - (changed(a) || 0));
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
