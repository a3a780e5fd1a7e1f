import type { AuthScheme } from './auth';
import type { FaultKind } from './faults';

export interface ChunkLogEntry {
	mode?: string;
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

export class RequestLog {
	readonly entries: LoggedRequest[] = [];

	add(entry: LoggedRequest): void {
		this.entries.push(entry);
	}

	clear(): void {
		this.entries.length = 0;
	}

	chunkRequests(): LoggedRequest[] {
		return this.entries.filter((entry) => entry.path.toLowerCase().endsWith('/chunkeduploader.ashx'));
	}

	apiRequests(): LoggedRequest[] {
		return this.entries.filter((entry) => entry.path.startsWith('/api/'));
	}
}
