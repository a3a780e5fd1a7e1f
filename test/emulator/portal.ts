import { randomBytes, randomUUID } from 'node:crypto';

import { accessDenied, notFound, PortalError, quotaExceeded } from './errors';
import { FolderType, RoomType, type Folder, type StoredFile, type UploadSession, type User } from './model';
import type { Storage } from './storage';
import { profileOf, type ServerVersion, type VersionProfile } from './versions';

export type { ServerVersion } from './versions';

export interface PortalConfig {
	/** `files:uploader:chunk-size`, DocSpace's default is 10 MiB. */
	chunkUploadSize: number;
	maxUploadThreadCount: number;
	/** The largest file the tariff and free space allow (`MaxChunkedUploadSize`). */
	maxFileSize: number;
	/** The DocSpace-server release the portal answers as (versions.ts, docs "Version timeline"). */
	serverVersion: ServerVersion;
}

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
const MAX_TITLE = 170;
// The server's regex is [\t*\+:"<>?|\\/\p{Cs}] over UTF-16: each surrogate of an emoji is replaced.
const INVALID_TITLE_CHARS = /[\t*+:"<>?|\\/]|[\u{10000}-\u{10FFFF}]|[\uD800-\uDFFF]/gu;

export interface CreateSessionRequest {
	fileName: string;
	fileSize: number;
	relativePath?: string;
	createOn?: string;
	encrypted?: boolean;
	createNewIfExist?: boolean;
}

/** Users, folders, files and upload sessions of one portal, with DocSpace's rules for them. */
export class Portal {
	readonly users: User[] = [];
	readonly folders = new Map<number, Folder>();
	readonly files = new Map<number, StoredFile>();
	readonly sessions = new Map<string, UploadSession>();
	/** Tokens issued by POST /api/2.0/authentication, to user id. */
	readonly loginTokens = new Map<string, string>();
	private nextFolderId = 5000;
	private nextFileId = 70000;

	constructor(
		readonly config: PortalConfig,
		readonly storage: Storage,
	) {}

	get profile(): VersionProfile {
		return profileOf(this.config.serverVersion);
	}

	get owner(): User {
		return this.users[0];
	}

	addUser(displayName: string, email: string, type: 'admin' | 'user' | 'guest'): User {
		const user: User = {
			id: randomUUID(),
			displayName,
			email,
			password: `${email.split('@')[0]}-password`,
			isAdmin: type === 'admin',
			isGuest: type === 'guest',
			authKey: randomBytes(48).toString('base64url'),
			apiKey: `sk-${randomBytes(32).toString('hex')}`,
		};
		this.users.push(user);
		return user;
	}

	addFolder(init: Omit<Folder, 'created' | 'creators' | 'readers'> & Partial<Pick<Folder, 'creators' | 'readers'>>): Folder {
		const folder: Folder = {
			created: new Date(),
			creators: new Set(),
			readers: new Set(),
			...init,
		};
		this.folders.set(folder.id, folder);
		return folder;
	}

	folder(id: number): Folder | undefined {
		return this.folders.get(id);
	}

	/** Breadcrumb of folder ids from the section root down to `id`. */
	pathOf(id: number): number[] {
		const path: number[] = [];
		for (let folder = this.folders.get(id); folder; folder = this.folders.get(folder.parentId)) {
			path.unshift(folder.id);
		}
		return path;
	}

	canRead(user: User, folder: Folder): boolean {
		return folder.readers.has(user.id) || folder.creators.has(user.id);
	}

	canCreate(user: User, folder: Folder): boolean {
		return (
			folder.folderType !== FolderType.VirtualRooms &&
			folder.folderType !== FolderType.Archive &&
			folder.creators.has(user.id)
		);
	}

	/** FileUploader.VerifyChunkedUploadAsync + InitiateUploadAsync (docs "Creating a session", "Same title"). */
	createSession(user: User, folderId: number, request: CreateSessionRequest): UploadSession {
		const fileSize = Number(request.fileSize ?? 0);
		if (fileSize > this.config.maxFileSize) throw quotaExceeded(this.config.maxFileSize);
		const folder = this.resolveTargetFolder(user, folderId, request.relativePath);
		const { title, targetFileId } = this.verifyFileUpload(user, folder, sanitizeTitle(String(request.fileName ?? '')), !request.createNewIfExist);
		const now = new Date();
		const session: UploadSession = {
			id: randomBytes(16).toString('hex'),
			userId: user.id,
			folderId: folder.id,
			title,
			bytesTotal: fileSize,
			// CommonChunkedUploadSessionHolder.InitAsync
			useChunks: !(fileSize < this.config.chunkUploadSize && fileSize !== -1),
			chunks: new Map(),
			chunksUploaded: 0,
			bytesUploaded: 0,
			smallFileBuffer: [],
			targetFileId,
			createOn: request.createOn ? new Date(request.createOn) : undefined,
			encrypted: Boolean(request.encrypted),
			created: now,
			expired: new Date(now.getTime() + SESSION_LIFETIME_MS),
		};
		this.sessions.set(session.id, session);
		return session;
	}

	/**
	 * FileUploader.VerifyFileUploadAsync: a same-titled file the user may edit gets the upload as a new
	 * version; with createNewIfExist, 3.7.1+ reserves a free title now (Global.GetAvailableTitleAsync);
	 * otherwise the upload becomes a second file with the same title.
	 */
	private verifyFileUpload(user: User, folder: Folder, title: string, updateIfExists: boolean): { title: string; targetFileId?: number } {
		const existing = this.fileTitled(folder.id, title);
		if (updateIfExists && existing && this.canEditOnUpload(user, existing)) return { title, targetFileId: existing.id };
		if (!updateIfExists && existing && this.profile.reservesFreeTitle) return { title: this.availableTitle(folder.id, title) };
		return { title };
	}

	private fileTitled(folderId: number, title: string): StoredFile | undefined {
		return [...this.files.values()].find((file) => file.folderId === folderId && sameTitle(file.title, title));
	}

	/**
	 * FileUploader.CanEditAsync: FileSecurity's Edit right (room manager or content creator in a room,
	 * ReadWrite in My documents: the users with Create here) and not a guest.
	 */
	canEditOnUpload(user: User, file: StoredFile): boolean {
		const folder = this.folders.get(file.folderId);
		return Boolean(folder) && folder!.creators.has(user.id) && !user.isGuest;
	}

	/** Global.GetAvailableTitleAsync: " (1)" before the last dot (or at the end), then counts up. */
	availableTitle(folderId: number, requested: string): string {
		const taken = (title: string) => this.fileTitled(folderId, title) !== undefined;
		if (!taken(requested)) return requested;
		const dot = requested.lastIndexOf('.');
		let title = dot === -1 ? `${requested} (1)` : `${requested.slice(0, dot)} (1)${requested.slice(dot)}`;
		while (taken(title)) {
			title = title.replace(/ \((\d+)\)(\.[^.]*)?$/, (_match, index: string, extension = '') => ` (${Number(index) + 1})${extension}`);
		}
		return title;
	}

	/** FileUploader.GetFolderIdAsync: checks the folder and creates the subfolders of relativePath. */
	private resolveTargetFolder(user: User, folderId: number, relativePath: string | undefined): Folder {
		let folder = this.folders.get(folderId);
		if (!folder) throw notFound();
		if (!this.canCreate(user, folder)) throw accessDenied();
		for (const segment of (relativePath ?? '').split('/')) {
			const title = sanitizeTitle(segment);
			if (!title) break;
			const parentId: number = folder.id;
			folder =
				[...this.folders.values()].find((child) => child.parentId === parentId && sameTitle(child.title, title)) ??
				this.addFolder({
					id: this.nextFolderId++,
					parentId,
					title,
					folderType: FolderType.Default,
					createdBy: user.id,
					creators: new Set(folder.creators),
					readers: new Set(folder.readers),
				});
		}
		return folder;
	}

	/** The session the cache still has: undefined once expired, finished or aborted. */
	liveSession(id: string | null | undefined): UploadSession | undefined {
		const session = id ? this.sessions.get(id) : undefined;
		if (session && session.expired.getTime() <= Date.now()) {
			void this.dropSession(session);
			return undefined;
		}
		return session;
	}

	touch(session: UploadSession): void {
		session.expired = new Date(Date.now() + SESSION_LIFETIME_MS);
	}

	chunkCount(session: UploadSession): number {
		return Math.ceil(session.bytesTotal / this.config.chunkUploadSize);
	}

	/** ChunkedUploadSessionHolder.GetChunksAsync: booked bytes of chunks 1…count, up to the first gap. */
	transferredBytes(session: UploadSession): number {
		let sum = 0;
		for (let number = 1; number <= this.chunkCount(session); number++) {
			const chunk = session.chunks.get(number);
			if (!chunk) break;
			sum += chunk.length;
		}
		return sum;
	}

	async commitChunks(session: UploadSession): Promise<StoredFile> {
		const numbers = [...session.chunks.keys()].sort((a, b) => a - b);
		const count = this.profile.numberedChunks ? this.chunkCount(session) : numbers.length;
		const paths = numbers.slice(0, count).map((number) => session.chunks.get(number)!.path);
		const file = await this.commit(session, paths);
		await this.dropSession(session);
		return file;
	}

	/** Saves the content as a new file, or as a new version of the file the session targets. */
	async commit(session: UploadSession, chunkPaths: string[]): Promise<StoredFile> {
		const target = session.targetFileId ?? session.committedFileId;
		const existing = target === undefined ? undefined : this.files.get(target);
		const file: StoredFile = existing ?? {
			id: this.nextFileId++,
			folderId: session.folderId,
			title: session.title,
			createdBy: session.userId,
			created: session.createOn ?? new Date(),
			updated: new Date(),
			versions: [],
		};
		const version = file.versions.length + 1;
		const content = await this.storage.commit(chunkPaths, file.id, version);
		file.versions.push({ version, created: new Date(), ...content });
		file.updated = new Date();
		this.files.set(file.id, file);
		return file;
	}

	/** Cuts the last byte off a file's latest version, as a faulty storage would. */
	async damageLatestVersion(fileId: number): Promise<void> {
		const file = this.files.get(fileId)!;
		const latest = file.versions[file.versions.length - 1];
		const damaged = await this.storage.truncate(latest.path, Math.max(0, latest.size - 1));
		Object.assign(latest, damaged);
	}

	async dropSession(session: UploadSession): Promise<void> {
		this.sessions.delete(session.id);
		await this.storage.dropSession(session.id);
	}

	async dropAllSessions(): Promise<void> {
		await Promise.all([...this.sessions.values()].map(async (session) => await this.dropSession(session)));
	}

	/**
	 * A fresh portal: an owner with My documents and two rooms, a user who may only view the room "Sales",
	 * and a guest who is a content creator in "Sales" (may add files there, never new versions).
	 */
	seed(): void {
		const owner = this.addUser('Alex Owner', 'owner@docspace.test', 'admin');
		const guest = this.addUser('Grace Guest', 'guest@docspace.test', 'user');
		const creator = this.addUser('Casey Creator', 'creator@docspace.test', 'guest');
		const both = [owner.id, guest.id];
		this.addFolder({ id: 1001, parentId: 0, title: 'My documents', folderType: FolderType.USER, createdBy: owner.id, creators: new Set([owner.id]) });
		this.addFolder({ id: 1002, parentId: 0, title: 'Rooms', folderType: FolderType.VirtualRooms, createdBy: owner.id, readers: new Set([...both, creator.id]) });
		this.addFolder({ id: 1003, parentId: 0, title: 'Archive', folderType: FolderType.Archive, createdBy: owner.id, readers: new Set([owner.id]) });
		this.addFolder({ id: 1004, parentId: 0, title: 'My documents', folderType: FolderType.USER, createdBy: guest.id, creators: new Set([guest.id]) });
		this.addFolder({
			id: 2001, parentId: 1002, title: 'Sales', folderType: FolderType.CustomRoom, roomType: RoomType.CustomRoom,
			createdBy: owner.id, creators: new Set([owner.id, creator.id]), readers: new Set([guest.id]),
		});
		this.addFolder({
			id: 2002, parentId: 1002, title: 'Contracts', folderType: FolderType.EditingRoom, roomType: RoomType.EditingRoom,
			createdBy: owner.id, creators: new Set([owner.id]),
		});
		this.addFolder({
			id: 3001, parentId: 2001, title: 'Q3 reports', folderType: FolderType.Default,
			createdBy: owner.id, creators: new Set([owner.id]), readers: new Set([guest.id]),
		});
	}
}

/** Global.ReplaceInvalidCharsAndTruncate: trims, keeps 170 UTF-16 units (and the extension), replaces invalid characters. */
export function sanitizeTitle(title: string): string {
	let result = title.trim();
	if (result.length > MAX_TITLE) {
		const dot = result.lastIndexOf('.');
		result =
			MAX_TITLE - 20 < dot
				? result.slice(0, MAX_TITLE - (result.length - dot)) + result.slice(dot)
				: result.slice(0, MAX_TITLE);
	}
	return result.replace(INVALID_TITLE_CHARS, (match) => '_'.repeat(match.length));
}

export { PortalError };

/**
 * Two titles as the database compares them: the `title` columns of files and folders are utf8_general_ci
 * (products/ASC.Files/Core/Core/EF/DbFile.cs and DbFolder.cs, v3.7.1-server), blind to case and accents.
 */
export function sameTitle(a: string, b: string): boolean {
	return foldedTitle(a) === foldedTitle(b);
}

/** A title as utf8_general_ci weighs it: lower case, accents taken off. */
export function foldedTitle(title: string): string {
	return title.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

