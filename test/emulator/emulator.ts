import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { handleApi } from './api';
import { identify } from './auth';
import { handleChunkedUpload } from './chunked-uploader';
import { handleControl } from './control';
import { handleFileDownload } from './file-handler';
import { FaultPlan } from './faults';
import { sendJson, sendRateLimited } from './http';
import { Portal, type PortalConfig } from './portal';
import { rateLimiterFor, type RateLimitConfig, type RateLimiter } from './rate-limiter';
import { isRestChunkRequest, RequestLog, type LoggedRequest } from './request-log';
import { Storage } from './storage';
import { profileOf } from './versions';

export interface NetworkProfile {
	/** Added to every request before it is answered, like a round trip to a distant portal. */
	latencyMs?: number;
	/** Upload speed of each connection, in bytes per second. */
	bandwidthBytesPerSecond?: number;
}

export interface EmulatorOptions extends Partial<PortalConfig> {
	host?: string;
	port?: number;
	/** The origin the portal believes it has; session `location` URLs are built on it. */
	locationBaseUrl?: string;
	storageDir?: string;
	/** Keep the bytes of committed files (default), or only their size and SHA-256. */
	keepContent?: boolean;
	network?: NetworkProfile;
	/**
	 * The server's rate limiter (rate-limiter.ts): off by default, as in self-hosted config; true for
	 * DocSpace's defaults, or some limits to replace (e.g. `{ dailyWrites: 20 }`).
	 */
	rateLimit?: boolean | Partial<RateLimitConfig>;
}

export const DEFAULT_CHUNK_UPLOAD_SIZE = 10 * 1024 * 1024;

/** A local ONLYOFFICE DocSpace portal that speaks the real server's upload protocol over HTTP. */
export class DocSpaceEmulator {
	readonly log = new RequestLog();
	readonly faults = new FaultPlan();
	network: NetworkProfile;
	/** Undefined while the limiter is off. */
	rateLimiter?: RateLimiter;
	locationBaseUrl?: string;
	portal!: Portal;
	private server?: Server;
	private inFlight = { api: 0, chunk: 0 };
	private readonly linkBusyUntil = new WeakMap<Socket, number>();
	/** Requests being handled, so stop() can let them end before it removes the storage they write to. */
	private readonly handling = new Set<Promise<void>>();
	private seq = 0;

	constructor(private readonly options: EmulatorOptions = {}) {
		this.network = options.network ?? {};
		this.locationBaseUrl = options.locationBaseUrl;
		this.rateLimiter = rateLimiterFor(options.rateLimit);
	}

	get url(): string {
		const address = this.server?.address() as AddressInfo | null;
		if (!address) throw new Error('The emulator is not running');
		return `http://${this.options.host ?? '127.0.0.1'}:${address.port}`;
	}

	get config(): PortalConfig {
		return this.portal.config;
	}

	async start(): Promise<this> {
		const storage = new Storage(this.options.storageDir ?? (await mkdtemp(join(tmpdir(), 'docspace-emulator-'))), this.options.keepContent);
		await storage.init();
		this.portal = new Portal(
			{
				chunkUploadSize: this.options.chunkUploadSize ?? DEFAULT_CHUNK_UPLOAD_SIZE,
				maxUploadThreadCount: this.options.maxUploadThreadCount ?? 15,
				maxFileSize: this.options.maxFileSize ?? 100 * 1024 ** 3,
				serverVersion: profileOf(this.options.serverVersion ?? '3.7').version,
			},
			storage,
		);
		this.portal.seed();
		this.server = createServer((request, response) => {
			const handled = this.dispatch(request, response).finally(() => this.handling.delete(handled));
			this.handling.add(handled);
		});
		this.server.keepAliveTimeout = 65_000;
		await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve));
		return this;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
		await Promise.allSettled([...this.handling]);
		await this.portal.storage.destroy();
	}

	/** The portal's copy of a file: its title, folder and the size and SHA-256 of each version. */
	file(id: number) {
		const file = this.portal.files.get(id);
		if (!file) return undefined;
		return {
			id: file.id,
			title: file.title,
			folderId: file.folderId,
			versions: file.versions.map(({ version, size, sha256, path }) => ({ version, size, sha256, path })),
		};
	}

	files() {
		return [...this.portal.files.keys()].map((id) => this.file(id)!);
	}

	/** The portal's copies of the files with this exact title. */
	filesTitled(title: string) {
		return this.files().filter((file) => file.title === title);
	}

	private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', this.url);
		const ashx = url.pathname.toLowerCase().endsWith('chunkeduploader.ashx');
		const kind = ashx || isRestChunkRequest(request.method ?? 'GET', url.pathname) ? 'chunk' : 'api';
		const caller = identify(this.portal, request.headers);
		const entry: LoggedRequest = {
			seq: ++this.seq,
			method: request.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			host: request.headers.host,
			auth: caller.scheme,
			userId: caller.user?.id,
			contentLength: request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length']),
			contentType: request.headers['content-type'],
			inFlight: this.inFlight[kind],
			startedAt: Date.now(),
		};
		if (url.pathname.startsWith('/__emulator/')) {
			await handleControl(this, request, response, url);
			return;
		}
		this.log.add(entry);
		this.inFlight[kind]++;
		response.on('close', () => {
			this.inFlight[kind]--;
			entry.status = response.headersSent ? response.statusCode : undefined;
			entry.endedAt = Date.now();
		});
		try {
			if (this.network.latencyMs) await sleep(this.network.latencyMs);
			if (!this.admitted(request, response, caller.user?.id)) return;
			const baseUrl = this.url;
			const locationBase = this.locationBaseUrl ?? baseUrl;
			const body = this.throttled(request);
			if (url.pathname.toLowerCase() === '/filehandler.ashx') {
				await handleFileDownload(this.portal, caller.user, url.searchParams, request, response);
			} else if (ashx) {
				if (!this.portal.profile.chunkedUploaderHandler) {
					// No MapWhen branch for the handler: the request falls off the end of the pipeline.
					request.resume();
					response.writeHead(404, { 'Content-Length': 0 });
					response.end();
					return;
				}
				await handleChunkedUpload({ portal: this.portal, faults: this.faults, caller, request, body, response, query: url.searchParams, baseUrl, locationBase, log: entry });
			} else {
				await handleApi({ portal: this.portal, faults: this.faults, caller, request, body, response, url, baseUrl, locationBase, log: entry });
			}
		} catch (error) {
			if (!response.headersSent) sendJson(response, 500, { error: { message: String(error) }, status: 1, statusCode: 500 });
			else response.destroy();
		}
	}

	/** The rate limiter's verdict (rate-limiter.ts); false when it refused the request. */
	private admitted(request: IncomingMessage, response: ServerResponse, userId: string | undefined): boolean {
		if (!this.rateLimiter) return true;
		const decision = this.rateLimiter.acquire(userId ?? request.socket.remoteAddress ?? 'unknown', request.method ?? 'GET');
		if (decision.allowed) {
			response.on('close', decision.release);
			return true;
		}
		request.resume();
		sendRateLimited(response, decision.limit, decision.retryAfterSeconds);
		return false;
	}

	/**
	 * Reads a request body no faster than the network profile's bandwidth per connection. Holding back
	 * reads fills the socket's buffers, so TCP slows the sender down as a slow link would.
	 */
	private async *throttled(request: IncomingMessage): AsyncGenerator<Buffer> {
		for await (const piece of request as AsyncIterable<Buffer>) {
			const rate = this.network.bandwidthBytesPerSecond;
			if (rate) {
				const socket = request.socket;
				const now = Date.now();
				const busyUntil = Math.max(this.linkBusyUntil.get(socket) ?? now, now) + (piece.length / rate) * 1000;
				this.linkBusyUntil.set(socket, busyUntil);
				if (busyUntil - now > 5) await sleep(busyUntil - now);
			}
			yield piece;
		}
	}
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<DocSpaceEmulator> {
	return await new DocSpaceEmulator(options).start();
}
