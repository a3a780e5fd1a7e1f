import { formatSize } from './errors';
import type { Folder, StoredFile, UploadSession, User } from './model';
import type { Portal } from './portal';

/** ApiDateTime: seven fractional digits and the portal's offset (the emulator's portal runs on UTC). */
export function apiDateTime(date: Date): string {
	return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000+00:00');
}

/** A plain System.Text.Json DateTime in UTC. */
export function utcDateTime(date: Date): string {
	return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

export function sessionDto(portal: Portal, session: UploadSession, locationBase: string, fullPath: boolean) {
	return {
		id: session.id,
		path: fullPath ? portal.pathOf(session.folderId) : [session.folderId],
		created: utcDateTime(session.created),
		expired: utcDateTime(session.expired),
		location: `${locationBase}/ChunkedUploader.ashx?uid=${session.id}`,
		...(portal.profile.sessionBytesUploaded ? { bytes_uploaded: session.bytesUploaded } : {}),
		bytes_total: session.bytesTotal,
	};
}

function userDto(user: User | undefined, baseUrl: string) {
	return {
		id: user?.id,
		displayName: user?.displayName,
		avatarSmall: '/static/images/default_user_photo_size_32-32.png',
		profileUrl: `${baseUrl}/accounts/people/filter?search=${encodeURIComponent(user?.email ?? '')}`,
		hasAvatar: false,
		isAnonim: false,
	};
}

const FILE_TYPES: Record<string, number> = {
	'.docx': 7, '.doc': 7, '.odt': 7, '.txt': 7, '.rtf': 7,
	'.xlsx': 5, '.xls': 5, '.csv': 5, '.ods': 5,
	'.pptx': 6, '.ppt': 6, '.odp': 6,
	'.pdf': 10,
	'.png': 4, '.jpg': 4, '.jpeg': 4, '.gif': 4,
	'.mp4': 3, '.mp3': 2, '.zip': 1,
};

/**
 * FileDto's `PureContentLength = file.ContentLength.NullIfDefault()` (v2.0.2-server FileDto.cs:223,
 * v3.7.1-server :490), and DocSpace writes no nulls (JsonIgnoreCondition.WhenWritingNull: the API in
 * v2.0.2 BaseStartup.cs:285 and v3.7.1 DynamicIgnoreResolver.cs:177, ChunkedUploaderHandler.WriteSuccess
 * in both): an empty file's JSON has no `pureContentLength` at all.
 */
export function pureContentLength(bytes: number): number | undefined {
	return bytes === 0 ? undefined : bytes;
}

export function fileDto(portal: Portal, file: StoredFile, baseUrl: string) {
	const latest = file.versions[file.versions.length - 1];
	const dot = file.title.lastIndexOf('.');
	const extension = dot > 0 ? file.title.slice(dot).toLowerCase() : '';
	const author = portal.users.find((user) => user.id === file.createdBy);
	const folder = portal.folder(file.folderId);
	const root = portal.folder(portal.pathOf(file.folderId)[0]);
	return {
		folderId: file.folderId,
		version: latest.version,
		versionGroup: latest.version,
		contentLength: formatSize(latest.size),
		pureContentLength: pureContentLength(latest.size),
		fileStatus: 0,
		mute: false,
		viewUrl: `${baseUrl}/filehandler.ashx?action=download&fileid=${file.id}`,
		webUrl: `${baseUrl}/doceditor?fileid=${file.id}&version=${latest.version}`,
		fileType: FILE_TYPES[extension] ?? 0,
		fileExst: extension,
		comment: file.versions.length > 1 ? 'Uploaded' : 'Created',
		thumbnailStatus: 0,
		viewAccessibility: { ImageView: false, MediaView: false, WebView: false, WebEdit: false, CanConvert: false },
		id: file.id,
		rootFolderId: root?.id,
		rootFolderType: root?.folderType,
		parentRoomType: folder?.roomType,
		canShare: true,
		security: { Read: true, Edit: true, Delete: true, Download: true, Rename: true },
		title: file.title,
		access: 0,
		shared: false,
		created: apiDateTime(file.created),
		createdBy: userDto(author, baseUrl),
		updated: apiDateTime(file.updated),
		updatedBy: userDto(author, baseUrl),
		fileEntryType: 2,
	};
}

export function folderDto(portal: Portal, folder: Folder, user: User, baseUrl: string) {
	const root = portal.folder(portal.pathOf(folder.id)[0]);
	const author = portal.users.find((candidate) => candidate.id === folder.createdBy);
	return {
		parentId: folder.parentId,
		filesCount: [...portal.files.values()].filter((file) => file.folderId === folder.id).length,
		foldersCount: [...portal.folders.values()].filter((child) => child.parentId === folder.id).length,
		new: 0,
		mute: false,
		pinned: false,
		private: false,
		roomType: folder.roomType,
		type: folder.folderType,
		id: folder.id,
		rootFolderId: root?.id,
		rootFolderType: root?.folderType,
		canShare: true,
		security: { Read: portal.canRead(user, folder), Create: portal.canCreate(user, folder) },
		title: folder.title,
		access: 0,
		shared: false,
		created: apiDateTime(folder.created),
		createdBy: userDto(author, baseUrl),
		updated: apiDateTime(folder.created),
		fileEntryType: 1,
	};
}
