import { SignInError } from './sign-in-error';

/** What went wrong in an exchange with the portal, as facts; what that means for an upload is upload/failure-policy.ts's to say. */

export type FailureKind =
	| 'network'
	| 'timeout'
	| 'tls'
	| 'http'
	| 'html'
	| 'redirect'
	| 'handler'
	| 'malformed'
	| 'canceled'
	| 'sign-in';

export interface FailureInfo {
	kind: FailureKind;
	status?: number;
	/** What DocSpace itself said, when it said something. */
	serverMessage?: string;
	/** The system error code for network failures, e.g. ECONNREFUSED. */
	code?: string;
	retryAfterMs?: number;
	/** The Location header of a redirect. */
	location?: string;
	/** The title of the web page that came instead of DocSpace's JSON. */
	pageTitle?: string;
	/** How many times the request was sent before it was given up, when it was retried. */
	attempts?: number;
	/** The request addressed an upload session that DocSpace no longer has (the failure policy's reading of the answer). */
	sessionGone?: true;
}

/** A failed request to the portal. The message names what failed; it never holds credentials. */
export class DocSpaceRequestError extends Error {
	constructor(
		message: string,
		readonly info: FailureInfo,
	) {
		super(message);
	}
}

/** The chunk handler's `success: false` answer (with HTTP 200). */
export function handlerFailure(serverMessage: string): DocSpaceRequestError {
	return new DocSpaceRequestError(`DocSpace refused the upload request: ${serverMessage}`, { kind: 'handler', status: 200, serverMessage });
}

/** In words, because n8n replaces any error message that names a system error code with its own text. */
const NETWORK_FAILURES: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was closed unexpectedly',
	EPIPE: 'the connection was closed unexpectedly',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	EADDRNOTAVAIL: 'the address is not available',
};

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED/i;

interface HttpFailureSource {
	status?: number;
	headers?: Record<string, unknown>;
	data?: unknown;
	code?: string;
	message?: string;
}

/**
 * Finds the HTTP client's error inside whatever n8n wrapped it in (a NodeApiError keeps it as
 * `cause` in n8n 2.x and as `errorResponse` in 1.x), or the credential's sign-in error.
 */
function innermost(error: unknown): (HttpFailureSource & { response?: HttpFailureSource }) | SignInError {
	const queue: unknown[] = [error];
	// Stryker disable next-line EqualityOperator: equivalent, an empty queue only gives undefined until the bound, and n8n nests errors far less than 8 deep
	for (let visited = 0; queue.length > 0 && visited < 8; visited++) {
		const current = queue.shift();
		// Stryker disable next-line ConditionalExpression: equivalent, a primitive has neither a response, a code nor a cause
		if (!current || typeof current !== 'object') continue;
		if (current instanceof SignInError) return current;
		const candidate = current as { response?: { status?: unknown }; code?: unknown; cause?: unknown; errorResponse?: unknown };
		if (candidate.response?.status !== undefined || (typeof candidate.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(candidate.code))) {
			return candidate as HttpFailureSource & { response?: HttpFailureSource };
		}
		queue.push(candidate.cause, candidate.errorResponse);
	}
	return fromNodeApiError(error);
}

/**
 * What an n8n NodeApiError still tells when the client's error is gone (n8n 1.x): its status and
 * parsed body, or the system error code in `httpCode` and the original text in `messages`.
 */
function fromNodeApiError(error: unknown): HttpFailureSource & { response?: HttpFailureSource } {
	const { httpCode, context, message, messages } = (error ?? {}) as { httpCode?: unknown; context?: { data?: unknown }; message?: string; messages?: unknown[] };
	const original = typeof messages?.[0] === 'string' ? messages[0] : message;
	const status = Number(httpCode);
	if (Number.isInteger(status) && status >= 100) return { message: original, response: { status, data: context?.data, headers: {} } };
	return { message: original, code: typeof httpCode === 'string' ? httpCode : undefined };
}

export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function looksLikeHtml(body: unknown, contentType: unknown): boolean {
	return /text\/html/i.test(String(contentType ?? '')) || (typeof body === 'string' && /^\s*</.test(body));
}

function htmlTitle(body: unknown): string | undefined {
	const match = typeof body === 'string' ? /<title>([^<]{1,200})<\/title>/i.exec(body) : null;
	return match?.[1].trim();
}

/** DocSpace's error envelope: `{error:{message}}`. */
function apiErrorMessage(body: unknown): string | undefined {
	const error = (body as { error?: { message?: unknown } } | undefined)?.error;
	return typeof error?.message === 'string' && error.message ? error.message : undefined;
}

/** Turns a failed HTTP exchange into a DocSpaceRequestError that says what happened (what it means for an upload is the failure policy's to say). */
export function classifyHttpFailure(error: unknown, origin: string): DocSpaceRequestError {
	const source = innermost(error);
	if (source instanceof SignInError || SignInError.describes(source.message)) {
		return new DocSpaceRequestError(String(source.message), { kind: 'sign-in', status: 401 });
	}
	const response = source.response;
	if (response?.status !== undefined) return fromResponse(response.status, response.data, response.headers ?? {});

	const code = source.code ?? '';
	const detail = String(source.message ?? (error as Error)?.message ?? 'unknown error');
	if (TIMEOUT_CODES.has(code) || /timeout/i.test(detail)) {
		return new DocSpaceRequestError(`DocSpace at ${origin} did not answer in time`, { kind: 'timeout', code });
	}
	if (code === 'ERR_CANCELED' || /\bcancel/i.test(detail)) {
		return new DocSpaceRequestError('The execution was canceled', { kind: 'canceled', code });
	}
	if (TLS_CODES.test(code)) {
		return new DocSpaceRequestError(`The TLS certificate of ${origin} was not accepted (${code})`, { kind: 'tls', code });
	}
	return new DocSpaceRequestError(`Could not reach DocSpace at ${origin}: ${NETWORK_FAILURES[code] ?? detail}`, { kind: 'network', code: code || undefined });
}

function fromResponse(status: number, body: unknown, headers: Record<string, unknown>): DocSpaceRequestError {
	const retryAfterMs = parseRetryAfter(headers['retry-after']);
	if (status >= 300 && status < 400) {
		const location = typeof headers.location === 'string' ? headers.location : undefined;
		return new DocSpaceRequestError(`The portal redirected the request (HTTP ${status})`, { kind: 'redirect', status, location });
	}
	if (looksLikeHtml(body, headers['content-type'])) {
		const title = htmlTitle(body);
		return new DocSpaceRequestError(
			`The portal answered with a web page instead of DocSpace's API (HTTP ${status}${title ? `: ${title}` : ''})`,
			{ kind: 'html', status, retryAfterMs, pageTitle: title },
		);
	}
	const serverMessage = apiErrorMessage(body);
	return new DocSpaceRequestError(`DocSpace answered HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}`, { kind: 'http', status, serverMessage, retryAfterMs });
}
