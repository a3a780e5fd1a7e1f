import {
	abortRequest,
	abortSession,
	createSession,
	downloadFile,
	finalizeSession,
	sendNumberedChunk,
	sendSequentialChunk,
	storedBytes,
} from '../transport/api';
import type { DocSpaceClient } from '../transport/client';
import { settle } from '../transport/settle';
import type { BinarySource } from './binary-source';
import { ChunkBuffers } from './chunk-buffers';
import { findCommitCandidates } from './commit-candidates';
import { finalizePhase, type Phase } from './failure-policy';
import type { RequestSlots } from './request-slots';
import { backoffDelay, cancelled, pause, RestartUpload, sendWithPolicy, type FailureHandling, type RetryPolicy } from './retry';
import { sameBytes } from './same-bytes';
import { forEachConcurrently, readAhead } from './streams';
import type { DocSpaceFile, PortalSettings, SessionRequest, SessionRoutes, UploadSession } from './types';

export type UploadMode = 'auto' | 'sequential' | 'numbered';
export type ChunkMode = Exclude<UploadMode, 'auto'>;

export interface UploadOptions {
	folderId: number;
	session: Omit<SessionRequest, 'fileSize'>;
	mode: UploadMode;
	/** Chunks of one file in flight at once, numbered mode only. */
	parallelChunks: number;
	retry: RetryPolicy;
	/** New sessions allowed after a session was lost or its state became unknown. */
	maxRestarts: number;
	/** Which session routes the portal has, learned by the run's first upload. */
	routes: SessionRoutes;
	/** The run's limit on upload requests in flight, shared by its items. */
	slots: RequestSlots;
	/** File versions ("id:version") the uploads of this run reported as theirs; none is reported twice. */
	claims: Set<string>;
}

export interface UploadHooks {
	signal?: AbortSignal;
	debug(message: string, details?: Record<string, unknown>): void;
}

export interface UploadReport {
	file: DocSpaceFile;
	mode: ChunkMode;
	bytes: number;
	chunks: number;
	chunkSize: number;
	retries: number;
	restarts: number;
	durationMs: number;
}

/**
 * The server did something that leaves the committed file in doubt: it completed the upload before
 * the last chunk, never completed it, or stored a different size. Never retried.
 */
export class UploadIntegrityError extends Error {
	constructor(
		message: string,
		readonly fileId?: number,
		/** What to do about it, when it differs from checking the named file. */
		readonly hint?: string,
	) {
		super(message);
	}
}

function claimOf(file: DocSpaceFile): string {
	return `${file.id}:${file.version}`;
}

/** The portal cannot do what the options ask for. */
export class UnsupportedModeError extends Error {}

/**
 * A file of one chunk always goes in a single sequential request: in numbered mode the server
 * would already commit it with its first request, so re-sending that request could commit it twice.
 */
export function chooseMode(requested: UploadMode, settings: PortalSettings, chunkCount: number): ChunkMode {
	if (requested === 'numbered' && !settings.numberedChunks) {
		throw new UnsupportedModeError(
			`This portal does not support numbered chunks: DocSpace 2.5 or later is needed, and the portal ${settings.version ? `runs ${settings.version}` : 'does not name its version'}. Use the upload mode "Auto" or "One Chunk at a Time"`,
		);
	}
	if (chunkCount === 1 || requested === 'sequential') return 'sequential';
	return settings.numberedChunks ? 'numbered' : 'sequential';
}

/** Waits before each look for a file whose commit may still be running on the server (ms). */
const COMMIT_CHECKS_MS = [0, 1000, 2000, 4000];

/**
 * Uploads one file: session, chunks, completion. What a failed request leads to (a retry, a look for
 * the commit, a new session) is the failure policy's to say (failure-policy.ts).
 */
export class FileUpload {
	private retries = 0;
	private restarts = 0;
	/** Bytes the portal has confirmed in the current session. */
	private confirmed = 0;
	private readonly chunkSize: number;
	private readonly chunkCount: number;
	private readonly buffers: ChunkBuffers;
	private readonly mode: ChunkMode;

	constructor(
		private readonly client: DocSpaceClient,
		settings: PortalSettings,
		private readonly source: BinarySource,
		private readonly options: UploadOptions,
		private readonly hooks: UploadHooks,
	) {
		this.chunkSize = settings.chunkSize;
		this.chunkCount = Math.max(1, Math.ceil(source.size / settings.chunkSize));
		this.buffers = new ChunkBuffers(settings.chunkSize);
		this.mode = chooseMode(options.mode, settings, this.chunkCount);
	}

	async run(): Promise<UploadReport> {
		const started = Date.now();
		for (;;) {
			const request = { ...this.options.session, fileSize: this.source.size };
			const session = await this.send('create-session', () =>
				this.options.slots.use(() => createSession(this.client, this.options.folderId, request, this.options.routes)),
			);
			this.hooks.debug('Upload session created', {
				session: session.id, mode: this.mode, bytes: this.source.size, chunks: this.chunkCount, chunkSize: this.chunkSize,
			});
			const sent = await settle(this.mode === 'numbered' ? this.sendNumbered(session) : this.sendSequential(session));
			if (sent.ok) {
				this.checkCommitted(sent.value);
				this.options.claims.add(claimOf(sent.value));
				return {
					file: sent.value, mode: this.mode, bytes: this.source.size, chunks: this.chunkCount, chunkSize: this.chunkSize,
					retries: this.retries, restarts: this.restarts, durationMs: Date.now() - started,
				};
			}
			await this.abort(session);
			if (!(sent.error instanceof RestartUpload)) throw sent.error;
			if (this.canceled) throw sent.error.reason;
			this.restarts++;
			const delayMs = backoffDelay(this.options.retry, this.restarts - 1, sent.error.reason);
			this.hooks.debug('Upload restarts in a new session', { reason: (sent.error.reason as Error).message, restart: this.restarts, delayMs });
			await pause(delayMs, this.hooks.signal);
		}
	}

	private async sendSequential(session: UploadSession): Promise<DocSpaceFile> {
		this.confirmed = 0;
		let number = 0;
		for await (const chunk of readAhead(this.source.chunks(this.buffers))) {
			this.throwIfCancelled();
			number++;
			const last = number === this.chunkCount;
			const answer = await this.send(
				last ? 'last-sequential-chunk' : 'sequential-chunk',
				() => this.options.slots.use(() => sendSequentialChunk(this.client, session, chunk, last)),
				{ lookForCommit: async () => await this.lookForCommitted(session).then((file) => file && { completed: true, file }) },
			);
			this.buffers.release(chunk);
			if (answer.completed && !last) {
				throw new UploadIntegrityError(
					`DocSpace completed the upload after chunk ${number} of ${this.chunkCount}, before all the data was sent: the file it stored (id ${answer.file.id}) is not this file`,
					answer.file.id,
				);
			}
			this.progress(number, chunk.length);
			if (answer.completed) return answer.file;
		}
		throw new UploadIntegrityError(`DocSpace received all ${this.chunkCount} chunks but did not complete the upload`);
	}

	private async sendNumbered(session: UploadSession): Promise<DocSpaceFile> {
		this.confirmed = 0;
		const parallel = Math.max(1, Math.min(this.options.parallelChunks, this.chunkCount));
		await forEachConcurrently(readAhead(this.source.chunks(this.buffers)), parallel, async (chunk, index) => {
			this.throwIfCancelled();
			const answer = await this.send('numbered-chunk', () => this.options.slots.use(() => sendNumberedChunk(this.client, session, index + 1, chunk)));
			if (answer.completed) {
				throw new UploadIntegrityError(
					`DocSpace completed the upload when it received numbered chunk ${index + 1} of ${this.chunkCount}, as if it were a sequential chunk: the file it stored (id ${answer.file.id}, version ${answer.file.version}) is not this file`,
					answer.file.id,
				);
			}
			this.buffers.release(chunk);
			this.progress(index + 1, chunk.length);
		});
		this.throwIfCancelled();
		return await this.send(
			finalizePhase,
			() => this.options.slots.use(() => finalizeSession(this.client, session)),
			{ lookForCommit: async () => await this.lookForCommitted(session) },
		);
	}

	/** Sends a request of this upload under the failure policy. */
	private async send<T>(phase: Phase | ((attempt: number) => Phase), request: () => Promise<T>, handling: FailureHandling<T> = {}): Promise<T> {
		return await sendWithPolicy(this.options.retry, phase, request, {
			signal: this.hooks.signal,
			mayRestart: () => this.restarts < this.options.maxRestarts && !this.canceled,
			onRetry: (error, attempt, delayMs) => {
				this.retries++;
				this.hooks.debug('Request failed, retrying', { reason: (error as Error).message, attempt, delayMs });
			},
			...handling,
		});
	}

	/**
	 * Looks a few times, as the commit may still be running on the server. A file of this title and
	 * size is this upload's only when its bytes are this file's and no other upload of the run reported
	 * it; another upload of the same name and size (in this run or another execution) is passed over.
	 * A lookup that fails counts as not found.
	 */
	private async lookForCommitted(session: UploadSession): Promise<DocSpaceFile | undefined> {
		const others = new Set<string>();
		for (const waitMs of COMMIT_CHECKS_MS) {
			await pause(waitMs, this.hooks.signal);
			const found = await this.send('lookup', () => findCommitCandidates(this.client, session, this.options.session, this.source.size), { ignore: () => [] });
			for (const candidate of found) {
				const claim = claimOf(candidate);
				if (others.has(claim) || this.options.claims.has(claim)) continue;
				if ((await this.holdsThisFile(candidate)) && !this.options.claims.has(claim)) {
					this.options.claims.add(claim);
					this.hooks.debug('The upload was completed although its answer was lost', { fileId: candidate.id, version: candidate.version });
					return candidate;
				}
				others.add(claim);
			}
		}
		return undefined;
	}

	/** Reads the candidate back from DocSpace and compares it with the source, a chunk at a time. */
	private async holdsThisFile(candidate: DocSpaceFile): Promise<boolean> {
		const compared = await settle(
			this.send('read-back', async () => await downloadFile(this.client, candidate.id, candidate.version)).then(
				async (download) => await sameBytes(download, this.source.chunks(this.buffers), (chunk) => this.buffers.release(chunk)),
			),
		);
		if (compared.ok) return compared.value;
		throw new UploadIntegrityError(
			`DocSpace's answer to the last upload request was lost, and file id ${candidate.id} (version ${candidate.version}, "${candidate.title}") could not be read back to tell whether it is this upload: ${(compared.error as Error).message}`,
			candidate.id,
			`Nothing was reported as uploaded. Open file id ${candidate.id} in DocSpace: if version ${candidate.version} is not this file, run the workflow again.`,
		);
	}

	private checkCommitted(file: DocSpaceFile): void {
		const stored = storedBytes(file);
		if (stored !== this.source.size) {
			throw new UploadIntegrityError(
				`DocSpace stored ${stored} bytes for file id ${file.id}, but ${this.source.size} were sent`,
				file.id,
			);
		}
	}

	/** Best effort: a session left behind only holds temporary chunks and expires after 12 hours. */
	private async abort(session: UploadSession): Promise<void> {
		const aborted = await this.send(
			'abort',
			async () => {
				await (this.canceled ? this.afterCancellation(session) : this.options.slots.use(() => abortSession(this.client, session)));
				return true;
			},
			{
				ignore: (error) => {
					this.hooks.debug('Could not abort the upload session', { session: session.id, reason: (error as Error).message });
					return false;
				},
			},
		);
		if (aborted) this.hooks.debug('Upload session aborted', { session: session.id });
	}

	private async afterCancellation(session: UploadSession): Promise<void> {
		const { url, method } = abortRequest(this.client, session);
		await this.client.afterCancellation(url, method);
	}

	// Stryker disable all: equivalent, n8n aborts every request of a canceled execution itself (n8n-core's httpRequestWithAuthentication passes it the execution's signal), so the next one fails as canceled anyway
	private throwIfCancelled(): void {
		if (this.canceled) throw cancelled();
	}
	// Stryker restore all

	/** Whether the execution was canceled. */
	private get canceled(): boolean {
		// Stryker disable next-line OptionalChaining: equivalent in n8n's engine, which gives every execution a cancel signal
		return this.hooks.signal?.aborted === true;
	}

	private progress(number: number, length: number): void {
		this.confirmed += length;
		this.hooks.debug(`Chunk ${number} of ${this.chunkCount} sent`, {
			chunk: number, chunks: this.chunkCount, bytes: length, sent: this.confirmed, total: this.source.size,
		});
	}
}
