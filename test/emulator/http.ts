import type { IncomingMessage, ServerResponse } from 'node:http';

import { PortalError } from './errors';

export async function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
	let text = '';
	for await (const piece of request as AsyncIterable<Buffer>) {
		text += piece.toString('utf8');
		if (text.length > 1024 * 1024) throw new PortalError(413, 'Request body too large', 'BadHttpRequestException');
	}
	if (!text.trim()) return {};
	try {
		const body: unknown = JSON.parse(text);
		return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
	} catch {
		throw new PortalError(400, 'The JSON value could not be converted.', 'System.Text.Json.JsonException');
	}
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	response.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
	});
	response.end(text);
}

/** CommonApiResponse: `{response, count, links, status:0, statusCode}`, nulls left out. */
export function sendEnvelope(
	response: ServerResponse,
	request: IncomingMessage,
	href: string,
	payload: unknown,
	status = 200,
): void {
	const count = Array.isArray(payload) ? payload.length : payload === null || payload === undefined ? 0 : 1;
	sendJson(response, status, {
		...(payload === null || payload === undefined ? {} : { response: payload }),
		count,
		links: [{ href, action: request.method }],
		status: 0,
		statusCode: status,
	});
}

/** CustomExceptionHandler's error envelope. */
export function sendApiError(response: ServerResponse, error: PortalError): void {
	sendJson(response, error.status, {
		error: { message: error.message, type: error.type, stack: `   at ${error.type}`, hresult: -2146233088 },
		status: 1,
		statusCode: error.status,
	});
}

/** The default ASP.NET challenge for an unauthenticated request: 401 with an empty body. */
export function sendChallenge(response: ServerResponse): void {
	response.writeHead(401, { 'Content-Length': 0 });
	response.end();
}

/** ChunkedUploaderHandler.WriteResponse: always JSON, errors as HTTP 200 with success:false. */
export function sendHandlerResult(
	response: ServerResponse,
	success: boolean,
	data: unknown,
	message: string,
	status = 200,
): void {
	sendJson(response, status, data === null || data === undefined ? { success, message } : { success, data, message });
}

export function sendHtml(response: ServerResponse, status: number, title: string, headers: Record<string, string> = {}): void {
	const html = `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
	response.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(html), ...headers });
	response.end(html);
}

/**
 * RateLimitMetadata.OnRejected, DocSpace's rate limiter refusing a request (docs "Rate limits"): 429, no
 * body, the limit, and for the time windows Retry-After in seconds.
 */
export function sendRateLimited(response: ServerResponse, limit: number, retryAfterSeconds: number | undefined): void {
	response.writeHead(429, {
		'Content-Length': 0,
		'X-RateLimit-Limit': String(limit),
		'X-RateLimit-Remaining': '0',
		...(retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) }),
	});
	response.end();
}
