import { createServer, request as forward, type IncomingMessage, type RequestListener } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import { generate } from 'selfsigned';

export interface Proxy {
	url: string;
	stop(): Promise<void>;
}

/** A JSON answer, or (with `html`) a web page such as a proxy's error page. */
export interface ProxyAnswer {
	status?: number;
	json?: unknown;
	html?: string;
}

type OwnAnswer = (request: IncomingMessage) => ProxyAnswer | undefined;

/**
 * A reverse proxy in front of a portal that passes every request through, except those `answer`
 * answers itself: a proxy that serves a stale, foreign or refusing answer for one route.
 */
export async function startProxy(target: string, answer: OwnAnswer): Promise<Proxy> {
	return await listen(createServer(passThrough(target, answer)), 'http');
}

/**
 * The portal behind HTTPS with a self-signed certificate for 127.0.0.1, made for this proxy alone, as a
 * self-hosted portal with a private certificate is: n8n's HTTP client trusts it only when told not to check.
 */
export async function startSelfSignedProxy(target: string): Promise<Proxy> {
	const { private: key, cert } = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
		keySize: 2048,
		extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
	});
	return await listen(createTlsServer({ key, cert }, passThrough(target, () => undefined)), 'https');
}

function passThrough(target: string, answer: OwnAnswer): RequestListener {
	return (request, response) => {
		const own = answer(request);
		if (own !== undefined) {
			request.resume();
			const html = own.html !== undefined;
			response.writeHead(own.status ?? 200, { 'Content-Type': html ? 'text/html' : 'application/json' });
			response.end(html ? own.html : JSON.stringify(own.json));
			return;
		}
		const upstream = forward(new URL(request.url ?? '/', target), { method: request.method, headers: { ...request.headers, host: new URL(target).host } }, (reply) => {
			response.writeHead(reply.statusCode ?? 502, reply.headers);
			reply.pipe(response);
		});
		upstream.on('error', () => response.destroy());
		request.pipe(upstream);
	};
}

async function listen(server: ReturnType<typeof createServer>, scheme: 'http' | 'https'): Promise<Proxy> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`,
		stop: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
