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

/** What the portal can do for uploads: GET /api/2.0/files/settings and settings/version/build. */
export interface PortalSettings {
	/** The DocSpace version the portal names, like "2.5.0.1646", when it names one. */
	version?: string;
	chunkSize: number;
	/** Numbered chunks (`upload=true&chunkNumber=N`, then `finalize=true`): DocSpace 2.5 and later. */
	numberedChunks: boolean;
	/** Requests in flight the portal allows one user: `maxUploadThreadCount` (2.6+), else DocSpace's default 15. */
	maxThreads: number;
}
