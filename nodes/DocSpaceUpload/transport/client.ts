import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { authHeaders, CREDENTIAL_TYPE, type DocSpaceCredentials } from './credential-data';
import { portalOrigin } from './portal';
import { classifyHttpFailure, DocSpaceRequestError, handlerFailure } from './request-error';

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** What the chunk upload handler answered: `{success, data, message}` with HTTP 200 or 201. */
export interface HandlerAnswer<T = unknown> {
	status: number;
	data: T;
}

/** A request body that is already `multipart/form-data`, boundary named by its Content-Type. */
export interface MultipartBody {
	body: Buffer;
	contentType: string;
}

/** A chunk as the request body, with its exact length; `timeoutMs` replaces the usual timeout. */
function bodyOptions(multipart: MultipartBody | undefined, timeoutMs: number | undefined): Partial<IHttpRequestOptions> {
	return {
		...(multipart
			? { body: multipart.body, headers: { 'Content-Type': multipart.contentType, 'Content-Length': String(multipart.body.length) } }
			: {}),
		...(timeoutMs ? { timeout: timeoutMs } : {}),
	};
}

/**
 * Every status but 401 comes back as a response, headers included: the NodeApiError n8n 1.x makes
 * of a failed response keeps its status and body only. n8n 1.x knows no `except` and hands 401s back too.
 */
const STATUS_ERRORS_AS_ANSWERS: IHttpRequestOptions['ignoreHttpStatusErrors'] = { ignore: true, except: [401] };

/** The most of a streamed error answer that is read to tell what went wrong. */
const ERROR_BODY_LIMIT = 64 * 1024;

function isStream(body: unknown): body is AsyncIterable<Buffer> {
	return typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
}

/** A failed answer's body as the HTTP client parses it: streamed ones (downloads) are read as JSON or text. */
async function errorBody(body: unknown): Promise<unknown> {
	if (!isStream(body)) return body;
	const parts: Buffer[] = [];
	let length = 0;
	for await (const part of body) {
		parts.push(part);
		length += part.length;
		if (length >= ERROR_BODY_LIMIT) break;
	}
	const text = Buffer.concat(parts).subarray(0, ERROR_BODY_LIMIT).toString('utf8');
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** Frees the connection of an answer that is not read. */
async function discard(body: unknown): Promise<void> {
	if (isStream(body)) await body[Symbol.asyncIterator]().return?.();
}

export interface ClientOptions {
	timeoutMs: number;
}

/** Where requests come from: a node's execution, or the editor loading the folder picker. */
export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions;

/**
 * The one place this package talks to DocSpace. Every request goes to the portal's origin with the
 * credential applied by n8n, redirects are not followed (they could carry credentials elsewhere),
 * and failures come back as DocSpaceRequestError.
 */
export class DocSpaceClient {
	readonly origin: string;

	/** How long one request may take. */
	get timeoutMs(): number {
		return this.options.timeoutMs;
	}

	private constructor(
		private readonly context: RequestContext,
		private readonly credentials: DocSpaceCredentials,
		private readonly options: ClientOptions,
	) {
		this.origin = portalOrigin(credentials.baseUrl);
	}

	static async create(context: RequestContext, options: ClientOptions): Promise<DocSpaceClient> {
		const credentials = (await context.getCredentials(CREDENTIAL_TYPE)) as unknown as DocSpaceCredentials;
		return new DocSpaceClient(context, credentials, options);
	}

	/** Calls one of DocSpace's API routes (`path` on the portal) and returns the `response` of its envelope. */
	async api<T>(method: IHttpRequestMethods, path: string, body?: IDataObject, qs?: IDataObject): Promise<T> {
		const response = await this.sendForJson({ method, url: `${this.origin}${path}`, body, qs });
		return this.envelope<T>(response, path);
	}

	/**
	 * Calls one of the REST session routes (DocSpace 3.7.1+) and returns the HTTP status with the
	 * envelope's `response`; `multipart` carries a chunk.
	 */
	async sessionRoute<T>(method: IHttpRequestMethods, path: string, multipart?: MultipartBody, timeoutMs?: number): Promise<HandlerAnswer<T>> {
		const response = await this.sendForJson({ method, url: `${this.origin}${path}`, ...bodyOptions(multipart, timeoutMs) });
		return { status: response.statusCode, data: this.envelope<T>(response, path) };
	}

	/**
	 * Posts to the chunk upload handler; `success:false` (which comes with HTTP 200) is a failure.
	 * `timeoutMs` overrides the usual timeout, e.g. for a request during which the server commits.
	 */
	async chunkHandler<T>(url: string, multipart?: MultipartBody, timeoutMs?: number): Promise<HandlerAnswer<T>> {
		const response = await this.sendForJson({ method: 'POST', url, ...bodyOptions(multipart, timeoutMs) });
		const body = response.body as { success?: unknown; data?: unknown; message?: unknown } | undefined;
		if (typeof body?.success !== 'boolean') {
			throw this.malformed(response, 'The upload handler answered with something that is not DocSpace JSON');
		}
		if (!body.success) throw handlerFailure(String(body.message ?? 'no reason given'));
		return { status: response.statusCode, data: body.data as T };
	}

	/** A GET on the portal whose answer is read as a stream. */
	async stream(path: string, qs: IDataObject): Promise<AsyncIterable<Buffer>> {
		const response = await this.send({ method: 'GET', url: `${this.origin}${path}`, qs, encoding: 'stream' });
		return response.body as AsyncIterable<Buffer>;
	}

	/**
	 * Sends a last request after the execution was canceled (to abort an upload session), when n8n's
	 * authenticated helper would refuse to send anything. Same credential headers, same portal only.
	 */
	async afterCancellation(url: string, method: IHttpRequestMethods = 'POST'): Promise<void> {
		// Read again: a session token may have been renewed since this client was made.
		const credentials = (await this.context.getCredentials(CREDENTIAL_TYPE)) as unknown as DocSpaceCredentials;
		await this.context.helpers.httpRequest({
			...this.baseOptions(),
			method,
			url,
			headers: authHeaders(credentials),
		});
	}

	private baseOptions(): Omit<IHttpRequestOptions, 'url'> {
		return {
			timeout: this.options.timeoutMs,
			disableFollowRedirect: true,
			// Stryker disable next-line BooleanLiteral: equivalent while no redirect is followed (the line above)
			sendCredentialsOnCrossOriginRedirect: false,
			skipSslCertificateValidation: this.credentials.ignoreSslIssues === true,
		};
	}

	/** Sends a request whose answer is DocSpace's JSON. */
	private async sendForJson(options: IHttpRequestOptions): Promise<FullResponse> {
		// Stryker disable next-line BooleanLiteral: equivalent, n8n makes only an Accept header of `json` (n8n-core 1.123 request-helper-functions, @n8n/backend-network 2.41) and DocSpace's API has no output formatter but JSON (v3.7.1-server BaseStartup.cs:437)
		return await this.send({ ...options, json: true });
	}

	/**
	 * Sends a request with n8n's credential handling and returns its 2xx answer. Failed answers are
	 * classified here, with their headers (Retry-After, Location) on every n8n version; after a 401,
	 * n8n signs in again with e-mail and password and repeats the request.
	 */
	private async send(options: IHttpRequestOptions): Promise<FullResponse> {
		const response = await this.authenticated({ ...options, ignoreHttpStatusErrors: STATUS_ERRORS_AS_ANSWERS });
		// Stryker disable next-line ConditionalExpression: n8n 1.x only (engine-n8n1 tests it): n8n 2.x never hands a 401 back, it signs in again itself (n8n-core authentication.js)
		if (response.statusCode === 401 && this.credentials.authType === 'password') {
			// n8n 1.x handed the 401 back: the same request without STATUS_ERRORS_AS_ANSWERS makes it sign in again.
			await discard(response.body);
			return await this.authenticated(options);
		}
		// Stryker disable next-line ConditionalExpression: equivalent, Node's HTTP client never ends a request with a 1xx answer (those are events)
		if (response.statusCode < 200 || response.statusCode >= 300) {
			throw classifyHttpFailure({ response: { status: response.statusCode, data: await errorBody(response.body), headers: response.headers } }, this.origin);
		}
		return response;
	}

	private async authenticated(options: IHttpRequestOptions): Promise<FullResponse> {
		try {
			return (await this.context.helpers.httpRequestWithAuthentication.call(this.context, CREDENTIAL_TYPE, {
				...this.baseOptions(),
				...options,
				returnFullResponse: true,
			})) as FullResponse;
		} catch (error) {
			throw classifyHttpFailure(error, this.origin);
		}
	}

	/** The `response` of DocSpace's JSON envelope `{response, statusCode, …}`. */
	private envelope<T>(response: FullResponse, path: string): T {
		const envelope = response.body as { response?: unknown; statusCode?: unknown } | undefined;
		if (!envelope || typeof envelope !== 'object' || !('response' in envelope || 'statusCode' in envelope)) {
			throw this.malformed(response, `DocSpace answered ${path} with something that is not its JSON envelope`);
		}
		return envelope.response as T;
	}

	private malformed(response: FullResponse, message: string): DocSpaceRequestError {
		const failure = classifyHttpFailure({ response: { status: response.statusCode, data: response.body, headers: response.headers } }, this.origin);
		if (failure.info.kind === 'html') return failure;
		return new DocSpaceRequestError(message, { kind: 'malformed', status: response.statusCode });
	}
}
