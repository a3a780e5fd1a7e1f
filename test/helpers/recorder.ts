import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method?: string;
	url?: string;
	headers: IncomingHttpHeaders;
}

export interface Recorder {
	url: string;
	requests: RecordedRequest[];
	stop(): Promise<void>;
}

/** A plain HTTP server that writes down every request: a foreign host, or a server that is not DocSpace. */
export async function startRecorder(
	answer: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => {
		response.writeHead(404);
		response.end();
	},
): Promise<Recorder> {
	const requests: RecordedRequest[] = [];
	const server = createServer((request, response) => {
		requests.push({ method: request.method, url: request.url, headers: request.headers });
		request.resume();
		request.on('end', () => answer(request, response));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		stop: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
