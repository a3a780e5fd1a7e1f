/** The portal's data, shaped after DocSpace's own entities (FolderType, File<T>, ChunkedUploadSession<T>). */

export const FolderType = {
	USER: 5,
	VirtualRooms: 14,
	FillingFormsRoom: 15,
	EditingRoom: 16,
	CustomRoom: 19,
	Archive: 20,
	PublicRoom: 22,
	Default: 0,
} as const;

export const RoomType = {
	FillingFormsRoom: 1,
	EditingRoom: 2,
	CustomRoom: 5,
	PublicRoom: 6,
} as const;

export interface User {
	id: string;
	displayName: string;
	email: string;
	password: string;
	isAdmin: boolean;
	/**
	 * A guest (EmployeeType.Guest; "User" type in 2.0): may be a room's content creator, but an upload never
	 * becomes a new version of a file for them (FileUploader.CanEditAsync).
	 */
	isGuest: boolean;
	/** The `asc_auth_key` token of a signed-in session. */
	authKey: string;
	/** A DocSpace API key, sent as `Authorization: Bearer sk-…`. */
	apiKey: string;
}

export interface Folder {
	id: number;
	parentId: number;
	title: string;
	folderType: number;
	roomType?: number;
	createdBy: string;
	created: Date;
	/** Users who may create files here (the Create right). */
	creators: Set<string>;
	/** Users who may see the folder. */
	readers: Set<string>;
}

export interface FileVersion {
	version: number;
	size: number;
	sha256: string;
	path: string;
	created: Date;
}

export interface StoredFile {
	id: number;
	folderId: number;
	title: string;
	createdBy: string;
	created: Date;
	updated: Date;
	versions: FileVersion[];
}

export interface StoredChunk {
	/** The length the server booked for the chunk (in numbered mode: computed from Content-Length). */
	length: number;
	/** Bytes actually received in the part body. */
	received: number;
	path: string;
}

export interface UploadSession {
	id: string;
	userId: string;
	folderId: number;
	title: string;
	bytesTotal: number;
	/** False for files smaller than one chunk: the first chunk request saves the whole file. */
	useChunks: boolean;
	chunks: Map<number, StoredChunk>;
	/** The counter the sequential mode numbers chunks with (`ChunksUploaded`). */
	chunksUploaded: number;
	/** Bytes booked so far, the completion rule of servers before 2.5. */
	bytesUploaded: number;
	/** v2.0 sessions without chunks: the pieces appended so far (`ChunksBuffer`). */
	smallFileBuffer: string[];
	/** Set when the upload becomes a new version of this file. */
	targetFileId?: number;
	/** The file a small-file session already committed. */
	committedFileId?: number;
	createOn?: Date;
	encrypted: boolean;
	created: Date;
	expired: Date;
}
