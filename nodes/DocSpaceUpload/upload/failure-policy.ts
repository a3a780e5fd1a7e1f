import { DocSpaceRequestError } from '../transport/request-error';

/**
 * What a failed request of an upload means, and what the upload does next: the whole policy is the
 * table FAILURE_POLICY below. upload/retry.ts carries it out.
 */

/** What a failure says about the request that failed. */
export type Failure =
	/** It never reached DocSpace: the connection was refused, or the rate limiter turned it away (429). */
	| 'not-sent'
	/** DocSpace may or may not have acted on it: a reset or timeout, 408, a 5xx, a passing handler error. */
	| 'unknown'
	/** The upload session is gone: it expired or finished, or the portal restarted. */
	| 'session-gone'
	/** Sending it again fails the same way (4xx, TLS, a redirect, sign-in, an answer that is not DocSpace's), the execution was canceled, or it is no request failure at all. */
	| 'final';

/** Where in an upload a request failed. The chunk phases differ by upload mode. */
export type Phase =
	/** Requests before the upload: the portal's settings, My documents, an existing file. */
	| 'portal'
	| 'create-session'
	/** One-chunk-at-a-time mode: the server numbers chunks by arrival, so a chunk sent twice is stored twice. */
	| 'sequential-chunk'
	/** …and its last chunk, with which the server commits the file. */
	| 'last-sequential-chunk'
	/** Numbered mode: a chunk sent again replaces itself. */
	| 'numbered-chunk'
	| 'finalize'
	/** A finalize request after an earlier one of the same session failed: that one may have committed. */
	| 'finalize-again'
	/** Reading a file back from DocSpace to tell whether it is this upload's. */
	| 'read-back'
	/** Looking in the folder for a file a request with a lost answer may have committed. */
	| 'lookup'
	/** Dropping a session that is given up. */
	| 'abort';

/**
 * The steps are tried in order; one that does not apply passes to the next, and `fail` ends every list
 * (stepsAfter adds it).
 * - `retry`: send the same request again after a pause, while retries are left and the portal does not
 *   ask to wait longer than the longest wait;
 * - `look-for-commit`: the request may have committed the file: if it is in the folder, it is the result;
 * - `restart`: abort the session and send the file again in a new one, while restarts are left;
 * - `ignore`: a best-effort request: its failure does not stop the upload;
 * - `fail`: the upload fails with this failure.
 */
export type Step = 'retry' | 'look-for-commit' | 'restart' | 'ignore' | 'fail';

/** Phases whose requests address an upload session: only their answers can say that it is gone. */
const SESSION_PHASES = ['sequential-chunk', 'last-sequential-chunk', 'numbered-chunk', 'finalize', 'finalize-again', 'abort'] as const satisfies readonly Phase[];
type SessionPhase = (typeof SESSION_PHASES)[number];

type Row = Record<Failure, readonly Step[]>;
type Policy = { [P in Phase]: P extends SessionPhase ? Row : Omit<Row, 'session-gone'> };

export const FAILURE_POLICY: Policy = {
	portal:                  { 'not-sent': ['retry'], unknown: ['retry'],                                                                    final: [] },
	'create-session':        { 'not-sent': ['retry'], unknown: ['retry'],                                                                    final: [] },
	'sequential-chunk':      { 'not-sent': ['retry'], unknown: ['restart'],                  'session-gone': ['restart'],                    final: [] },
	'last-sequential-chunk': { 'not-sent': ['retry'], unknown: ['look-for-commit', 'restart'], 'session-gone': ['restart'],                  final: [] },
	'numbered-chunk':        { 'not-sent': ['retry'], unknown: ['retry'],                    'session-gone': ['restart'],                    final: [] },
	finalize:                { 'not-sent': ['retry'], unknown: ['look-for-commit', 'retry'], 'session-gone': ['restart'],                    final: [] },
	'finalize-again':        { 'not-sent': ['retry'], unknown: ['look-for-commit', 'retry'], 'session-gone': ['look-for-commit', 'restart'], final: [] },
	'read-back':             { 'not-sent': ['retry'], unknown: ['retry'],                                                                    final: [] },
	lookup:                  { 'not-sent': ['ignore'], unknown: ['ignore'],                                                                final: ['ignore'] },
	abort:                   { 'not-sent': ['ignore'], unknown: ['ignore'],                 'session-gone': ['ignore'],                     final: ['ignore'] },
};

/** A finalize request is sent again after a failure of the same session's finalize: from its second attempt on. */
export function finalizePhase(attempt: number): Phase {
	return attempt === 0 ? 'finalize' : 'finalize-again';
}

/** What to try, in order, after a request of `phase` failed with `failure`. */
export function stepsAfter(phase: Phase, failure: Failure): Step[] {
	const row: Partial<Row> = FAILURE_POLICY[phase];
	return [...(row[failure] ?? []), 'fail'];
}

/**
 * The chunk handler's messages for sessions that no longer exist (expired, finished, or a restarted
 * portal): 2.5+ dereferences the null the session cache returns ("Object reference not set…",
 * ChunkedUploadSessionHolder.GetSessionAsync); v2.0.x reads the session from storage and answers
 * FileNotFoundException's "The required file was not found"; the others' session says "already expired".
 * The REST session routes (3.7.1+) answer the same null reference with HTTP 500; on a request to no
 * session, that answer is a server error like any other.
 */
const SESSION_GONE = [/session with specified upload id already expired/i, /object reference not set/i, /^the required file was not found/i];

/** Handler messages that will not change on a second try. */
const FINAL_HANDLER_MESSAGES = [
	/maximum file size is exceeded/i,
	/HttpRequest\.Files is empty/i,
	/uploadSize != bytesTotal/i,
	/empty file/i,
	/deleted or transferring portals/i,
	/Nullable object must have a value/i,
];

/** Failures that happen before a connection exists; unreachable hosts can also end live connections. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

export function failureOf(error: unknown, phase: Phase): Failure {
	if (!(error instanceof DocSpaceRequestError)) return 'final';
	const { kind, status = 0, code = '', serverMessage = '' } = error.info;
	// Stryker disable next-line ConditionalExpression: equivalent, no failure but an HTTP or handler answer carries DocSpace's message
	const sessionAnswer = kind === 'handler' || (kind === 'http' && status === 500);
	if (sessionAnswer && (SESSION_PHASES as readonly Phase[]).includes(phase) && SESSION_GONE.some((pattern) => pattern.test(serverMessage))) return 'session-gone';
	switch (kind) {
		case 'network':
			if (NOT_SENT_CODES.has(code)) return 'not-sent';
			return code === 'ENOTFOUND' ? 'final' : 'unknown';
		case 'timeout':
			return 'unknown';
		case 'handler':
			return FINAL_HANDLER_MESSAGES.some((pattern) => pattern.test(serverMessage)) ? 'final' : 'unknown';
		case 'http':
		case 'html':
			if (status === 429) return 'not-sent';
			return status === 408 || status >= 500 ? 'unknown' : 'final';
		default:
			return 'final';
	}
}
