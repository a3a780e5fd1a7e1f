/**
 * What each modelled DocSpace-server release does differently. Every flag names the tag and the source
 * it was read from; docs/docspace-protocol.md ("Version timeline") has the same table with the details.
 */
export type ServerVersion = '2.0' | '2.5' | '2.6' | '3.7' | 'future';

export const SERVER_VERSIONS: readonly ServerVersion[] = ['2.0', '2.5', '2.6', '3.7', 'future'];

export interface VersionProfile {
	version: ServerVersion;
	/** The DocSpace-server tag the profile is read from. */
	tag: string;
	/** `GET settings/version/build` → `docSpace` (BuildVersion.GetDocSpaceVersion: config `version:number`). */
	docSpace: string;
	/** BuildVersion still sets `communityServer: "12.0.0"` (gone by v3.7.1-server). */
	communityServerField: boolean;
	/** The session object still has `bytes_uploaded` (ChunkedUploadSessionHelper, removed in v2.5.0). */
	sessionBytesUploaded: boolean;
	/** ChunkedRequestHelper.Type() knows `finalize` and `upload` (v2.5.0-server on). */
	numberedChunks: boolean;
	/** FilesSettingsDto.MaxUploadThreadCount (v2.6.0-server on). */
	maxUploadThreadCount: boolean;
	/** FileUploader.UploadChunkAsync throws "Empty file" for chunkLength <= 0 (up to v2.6). */
	refusesEmptyChunks: boolean;
	/**
	 * v2.0.2: a session without chunks appends each piece to a buffer and saves when BytesUploaded reaches
	 * BytesTotal (CommonChunkedUploadSessionHolder.UploadSingleChunkAsync); later: the first piece is the file.
	 */
	smallFileBuffer: boolean;
	/** The handler's answer for a session the cache or storage no longer has ("Missing sessions"). */
	missingSession: string;
	/** FileUploader.VerifyFileUploadAsync reserves a free title for createNewIfExist (v3.7.1-server on). */
	reservesFreeTitle: boolean;
	/** UploadController `files/{folderId}/session…` routes (v3.7.1-server on). */
	restSessionRoutes: boolean;
	/**
	 * `files/{folderId}/upload/check`: absent in v2.0.2; v2.5–2.6 UploadControllerHelper.CheckUploadAsync
	 * (a list, InvalidOperationException for a missing folder); v3.7.1 UploadController.CheckUploadAsync
	 * (a set, ItemNotFoundException, ArgumentNullException without filesTitle).
	 */
	uploadCheck: 'absent' | '2.5' | '3.7';
	/** `files/{folderId}/upload/create_session` is routed ([Obsolete] from v3.7.1, gone in the 'future' profile). */
	createSessionRoute: boolean;
	/** ChunkedUploader.ashx is mapped (FilesServerServiceExtensions.UseFilesServerMiddleware). */
	chunkedUploaderHandler: boolean;
	/**
	 * Folder listings read `withSubfolders` from the query on every route (v2.0.2 … v3.0.x); later releases
	 * fix it per route (see `withSubfolders` in api.ts).
	 */
	listingSubfoldersFromQuery: boolean;
}

/** "Object reference not set…": ChunkedUploadSessionHolder.GetSessionAsync dereferences the cache's null. */
export const NULL_REFERENCE = 'Object reference not set to an instance of an object.';
/** FilesCommonResource.ErrorMassage_FileNotFound, for the FileNotFoundException of a v2.0 session file. */
export const FILE_NOT_FOUND = 'The required file was not found';

const V2_5 = {
	communityServerField: true,
	sessionBytesUploaded: false,
	numberedChunks: true,
	refusesEmptyChunks: true,
	smallFileBuffer: false,
	missingSession: NULL_REFERENCE,
	reservesFreeTitle: false,
	restSessionRoutes: false,
	uploadCheck: '2.5' as const,
	createSessionRoute: true,
	chunkedUploaderHandler: true,
	listingSubfoldersFromQuery: true,
};

const V3_7: VersionProfile = {
	...V2_5,
	version: '3.7',
	tag: 'v3.7.1-server',
	docSpace: '3.7.1.2026',
	communityServerField: false,
	maxUploadThreadCount: true,
	refusesEmptyChunks: false,
	reservesFreeTitle: true,
	restSessionRoutes: true,
	uploadCheck: '3.7',
	listingSubfoldersFromQuery: false,
};

export const PROFILES: Record<ServerVersion, VersionProfile> = {
	'2.0': {
		...V2_5,
		version: '2.0',
		tag: 'v2.0.2-server',
		docSpace: '2.0.2.1520',
		sessionBytesUploaded: true,
		uploadCheck: 'absent',
		numberedChunks: false,
		maxUploadThreadCount: false,
		smallFileBuffer: true,
		missingSession: FILE_NOT_FOUND,
	},
	'2.5': { ...V2_5, version: '2.5', tag: 'v2.5.0-server', docSpace: '2.5.0.1646', maxUploadThreadCount: false },
	'2.6': { ...V2_5, version: '2.6', tag: 'v2.6.0-server', docSpace: '2.6.0.1800', maxUploadThreadCount: true },
	'3.7': V3_7,
	/** A release after 3.7 that dropped the obsolete create_session route and the .ashx handler. */
	future: {
		...V3_7,
		version: 'future',
		tag: 'master (v3.7.2) without the legacy upload paths',
		docSpace: '4.0.0.100',
		createSessionRoute: false,
		chunkedUploaderHandler: false,
	},
};

export function profileOf(version: ServerVersion): VersionProfile {
	const profile = PROFILES[version];
	if (!profile) throw new Error(`Unknown DocSpace server version '${version}' (known: ${SERVER_VERSIONS.join(', ')})`);
	return profile;
}
