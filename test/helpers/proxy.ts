import { createServer, request as forward, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Proxy {
	url: string;
	stop(): Promise<void>;
}

/**
 * A reverse proxy in front of a portal that passes every request through, except those `answer`
 * answers itself (with a JSON body): a proxy that serves a stale, foreign or refusing answer for one route.
 */
export async function startProxy(target: string, answer: (request: IncomingMessage) => { status?: number; json: unknown } | undefined): Promise<Proxy> {
	const server = createServer((request, response) => {
		const own = answer(request);
		if (own !== undefined) {
			request.resume();
			response.writeHead(own.status ?? 200, { 'Content-Type': 'application/json' });
			response.end(JSON.stringify(own.json));
			return;
		}
		const upstream = forward(new URL(request.url ?? '/', target), { method: request.method, headers: { ...request.headers, host: new URL(target).host } }, (reply) => {
			response.writeHead(reply.statusCode ?? 502, reply.headers);
			reply.pipe(response);
		});
		upstream.on('error', () => response.destroy());
		request.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		stop: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
