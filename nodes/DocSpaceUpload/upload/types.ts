import type { IDataObject } from 'n8n-workflow';

/** DocSpace's FileDto, as returned for an uploaded file (fields this package reads; the rest pass through). */
export interface DocSpaceFile extends IDataObject {
	id: number;
	title: string;
	folderId: number;
	version: number;
	/** Left out for an empty file: read it with storedBytes (transport/api.ts). */
	pureContentLength?: number;
	updated?: string;
}

/**
 * An upload session: from create_session, whose chunks go to the chunk handler (its address moved onto
 * the portal's origin), or from the REST session routes (DocSpace 3.7.1+), where they go when a
 * portal no longer has create_session.
 */
export interface UploadSession {
	id: string;
	routes: 'handler' | 'rest';
	/** The chunk handler's address on the portal, with the session's uid (handler sessions). */
	url: string;
	/** The folder the session was opened in: part of every REST session route. */
	folderId: number;
	/** Folder ids from the section root to the folder the file goes to. */
	path: number[];
	created?: string;
}

export interface SessionRequest {
	fileName: string;
	fileSize: number;
	relativePath?: string;
	createOn?: string;
	encrypted?: boolean;
	createNewIfExist?: boolean;
}

/** Which way a run opens sessions: create_session until the portal shows it no longer has that route. */
export interface SessionRoutes {
	createSessionGone: boolean;
}

/** What the portal can do for uploads: its files settings and version (transport/api.ts readPortalSettings). */
export interface PortalSettings {
	/** The DocSpace version the portal names, like "2.5.0.1646", when it names one. */
	version?: string;
	chunkSize: number;
	/** Numbered chunks (`upload=true&chunkNumber=N`, then `finalize=true`): DocSpace 2.5 and later. */
	numberedChunks: boolean;
	/** Requests in flight the portal allows one user: `maxUploadThreadCount` (2.6+), else DocSpace's default 15. */
	maxThreads: number;
}
