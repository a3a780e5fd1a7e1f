import { formatSize, PortalError } from './errors';
import type { StoredFile, UploadSession } from './model';
import type { Portal } from './portal';

/**
 * What happens to an upload session's chunks, whichever API carries them (ChunkedUploader.ashx or the
 * REST session routes): FileUploader.UploadChunkAsync / FinalizeUploadSessionAsync / AbortUploadAsync and
 * FileDao.UploadChunkAsync. docs/docspace-protocol.md, "Chunks", "Completion", "Sessions without chunks".
 */

/** One file part received for a session, on disk under a temporary name. */
export interface ReceivedPiece {
	path: string;
	/** The length the server books: IFormFile.Length, or the Content-Length arithmetic of `upload=true`. */
	booked: number;
	/** Bytes in the part body. */
	received: number;
}

export type ChunkOutcome =
	/** Stored; the upload is not complete. */
	| { kind: 'stored'; chunkNumber?: number }
	/** This request completed the upload: the file (or its new version) is saved. */
	| { kind: 'committed'; file: StoredFile }
	/**
	 * A session without chunks (fileSize < chunk size) took the request: the piece was saved as the whole
	 * file (`file`), or, when larger than bytes_total, silently ignored (no `file`).
	 */
	| { kind: 'small'; file?: StoredFile };

/**
 * FileUploader.UploadChunkAsync. `chunkNumber` comes from `upload=true&chunkNumber=N` or the REST
 * `…/upload?chunkNumber=N`; without it the server numbers the chunk itself (ChunksUploaded + 1), and
 * only then does a complete upload commit in the same request.
 */
export async function uploadChunk(
	portal: Portal,
	session: UploadSession,
	piece: ReceivedPiece,
	chunkNumber: number | undefined,
	options: { replayed?: boolean } = {},
): Promise<ChunkOutcome> {
	const { profile } = portal;
	if (profile.refusesEmptyChunks && piece.booked <= 0) throw new PortalError(500, 'Empty file', 'System.Exception');
	if (piece.booked > portal.config.chunkUploadSize) throw chunkTooLarge(portal);
	portal.touch(session);

	if (!session.useChunks) return await uploadToSmallSession(portal, session, piece);

	const sequential = chunkNumber === undefined;
	const number = sequential ? ++session.chunksUploaded : chunkNumber;
	const path = await portal.storage.keepChunk(piece.path, session.id, number);
	session.chunks.set(number, { length: piece.booked, received: piece.received, path });
	session.bytesUploaded += piece.booked;
	if (sequential && options.replayed) {
		// A proxy delivered the request twice: the server numbered and booked it twice.
		const again = ++session.chunksUploaded;
		session.chunks.set(again, { length: piece.booked, received: piece.received, path: await portal.storage.keepChunk(path, session.id, again, true) });
		session.bytesUploaded += piece.booked;
	}
	if (!sequential) return { kind: 'stored', chunkNumber: number };

	// v2.0.2: BytesUploaded == BytesTotal; from v2.5.0: chunks 1…ceil(total / chunk size) add up.
	const complete = profile.numberedChunks ? portal.transferredBytes(session) === session.bytesTotal : session.bytesUploaded === session.bytesTotal;
	if (!complete) return { kind: 'stored', chunkNumber: number };
	return { kind: 'committed', file: await portal.commitChunks(session) };
}

/**
 * FileDao.UploadChunkAsync with UseChunks = false. v2.5+: a piece no larger than bytes_total is saved as
 * the whole file (again as a new version on a later request; the session stays until it expires); a
 * larger one is ignored. v2.0.2 (UploadSingleChunkAsync): pieces are appended until they add up to
 * bytes_total, then saved and the session removed.
 */
async function uploadToSmallSession(portal: Portal, session: UploadSession, piece: ReceivedPiece): Promise<ChunkOutcome> {
	if (session.bytesTotal === 0) session.bytesTotal = piece.booked;
	if (piece.booked > session.bytesTotal) {
		await portal.storage.discard(piece.path);
		return { kind: 'small', file: committedFile(portal, session) };
	}
	if (!portal.profile.smallFileBuffer) {
		const file = await portal.commit(session, [piece.path]);
		session.committedFileId = file.id;
		await portal.storage.discard(piece.path);
		return { kind: 'small', file };
	}
	session.smallFileBuffer.push(piece.path);
	session.bytesUploaded += piece.booked;
	if (session.bytesUploaded !== session.bytesTotal) return { kind: 'stored' };
	const file = await portal.commit(session, session.smallFileBuffer);
	await portal.dropSession(session);
	return { kind: 'committed', file };
}

/**
 * FinalizeUploadSessionAsync (v2.5+): a session with chunks commits if chunks 1…count add up, else
 * ArgumentException "uploadSize != bytesTotal" and the session stays. A session without chunks commits
 * nothing and stays: the answer is its file, saved or not (`undefined`: the placeholder).
 */
export async function finalizeSession(portal: Portal, session: UploadSession): Promise<StoredFile | undefined> {
	if (!session.useChunks) return committedFile(portal, session);
	if (portal.transferredBytes(session) !== session.bytesTotal) throw new PortalError(400, 'uploadSize != bytesTotal', 'System.ArgumentException');
	return await portal.commitChunks(session);
}

function committedFile(portal: Portal, session: UploadSession): StoredFile | undefined {
	return session.committedFileId === undefined ? undefined : portal.files.get(session.committedFileId);
}

/** FileUploader.AbortUploadAsync: the chunks are deleted and the session removed. */
export async function abortSession(portal: Portal, session: UploadSession): Promise<void> {
	await portal.dropSession(session);
}

/** FileSizeComment.GetFileSizeException(SetupInfo.MaxUploadSize): a TenantQuotaException, 402 on the API. */
export function chunkTooLarge(portal: Portal): PortalError {
	return new PortalError(
		402,
		`The maximum file size is exceeded (${formatSize(Math.min(100 * 1024 * 1024, portal.config.maxFileSize))}).`,
		'ASC.Core.Tenants.TenantQuotaException',
	);
}
