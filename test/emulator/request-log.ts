import type { AuthScheme } from './auth';
import type { FaultKind } from './faults';

export interface ChunkLogEntry {
	mode?: string;
	/** The upload session the request belongs to (`uid` on the handler, the path segment on the REST routes). */
	sessionId?: string;
	chunkNumber?: number;
	/** The length the server booked for the chunk. */
	booked?: number;
	/** Bytes in the part body. */
	received?: number;
	success?: boolean;
	message?: string;
	fault?: FaultKind;
}

/** One request as the portal saw it: enough to check the protocol, auth and ordering afterwards. */
export interface LoggedRequest extends ChunkLogEntry {
	seq: number;
	method: string;
	path: string;
	query: Record<string, string>;
	host?: string;
	auth: AuthScheme;
	userId?: string;
	contentLength?: number;
	contentType?: string;
	status?: number;
	/** Requests of the same kind already in flight when this one arrived. */
	inFlight: number;
	startedAt: number;
	endedAt?: number;
}

const REST_CHUNK_ROUTE = /^\/api\/2\.0\/files\/\d+\/session\/[^/]+(\/upload|\/finalize)?$/i;

/** A request to a REST session route that carries or ends an upload (POST chunk, PUT finalize, DELETE). */
export function isRestChunkRequest(method: string, path: string): boolean {
	return ['POST', 'PUT', 'DELETE'].includes(method.toUpperCase()) && REST_CHUNK_ROUTE.test(path);
}

export class RequestLog {
	readonly entries: LoggedRequest[] = [];

	add(entry: LoggedRequest): void {
		this.entries.push(entry);
	}

	clear(): void {
		this.entries.length = 0;
	}

	/**
	 * Requests that carry, finalize or abort an upload session's chunks, on ChunkedUploader.ashx or the
	 * REST session routes (whose session id is logged under `query.uid` too).
	 */
	chunkRequests(): LoggedRequest[] {
		return this.entries.filter((entry) => entry.path.toLowerCase().endsWith('/chunkeduploader.ashx') || isRestChunkRequest(entry.method, entry.path));
	}

	/** Everything else under /api/. */
	apiRequests(): LoggedRequest[] {
		return this.entries.filter((entry) => entry.path.startsWith('/api/') && !isRestChunkRequest(entry.method, entry.path));
	}
}
