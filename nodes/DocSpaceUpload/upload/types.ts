import type { IDataObject } from 'n8n-workflow';

/** DocSpace's FileDto, as returned for an uploaded file (fields this package reads; the rest pass through). */
export interface DocSpaceFile extends IDataObject {
	id: number;
	title: string;
	folderId: number;
	version: number;
	pureContentLength: number;
	updated?: string;
}

/** An upload session from create_session, with its chunk address moved onto the portal's origin. */
export interface UploadSession {
	id: string;
	/** Chunk handler address: ChunkedUploader.ashx?uid=… on the portal. */
	url: string;
	/** Folder ids from the section root to the folder the file goes to. */
	path: number[];
	created?: string;
	bytesTotal: number;
}

export interface SessionRequest {
	fileName: string;
	fileSize: number;
	relativePath?: string;
	createOn?: string;
	encrypted?: boolean;
	createNewIfExist?: boolean;
}

/** What the portal says about uploads in GET /api/2.0/files/settings. */
export interface PortalSettings {
	chunkSize: number;
	/** Numbered chunks (`upload=true&chunkNumber=N`, then `finalize=true`): DocSpace 2.5 and later. */
	numberedChunks: boolean;
	maxThreads: number;
}
