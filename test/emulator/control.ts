import type { IncomingMessage, ServerResponse } from 'node:http';

import type { DocSpaceEmulator } from './emulator';
import type { FaultRule } from './faults';
import { readJsonBody, sendJson } from './http';
import { rateLimiterFor } from './rate-limiter';

/**
 * `/__emulator/…`: what a test in another process (real n8n, a benchmark) needs to steer the portal
 * and check what it received. Not part of DocSpace.
 */
export async function handleControl(
	emulator: DocSpaceEmulator,
	request: IncomingMessage,
	response: ServerResponse,
	url: URL,
): Promise<void> {
	const route = `${request.method} ${url.pathname.replace(/^\/__emulator/, '')}`;
	const fileMatch = /^GET \/files\/(\d+)$/.exec(route);
	if (fileMatch) {
		const file = emulator.file(Number(fileMatch[1]));
		sendJson(response, file ? 200 : 404, file ?? { error: 'no such file' });
		return;
	}
	switch (route) {
		case 'GET /state':
			sendJson(response, 200, {
				url: emulator.url,
				config: emulator.config,
				network: emulator.network,
				users: emulator.portal.users,
				files: emulator.files(),
				sessions: emulator.portal.sessions.size,
			});
			return;
		case 'GET /log':
			sendJson(response, 200, emulator.log.entries);
			return;
		case 'DELETE /log':
			emulator.log.clear();
			sendJson(response, 200, {});
			return;
		case 'PATCH /config': {
			const { network, locationBaseUrl, rateLimit, ...config } = (await readJsonBody(request)) as Record<string, never>;
			Object.assign(emulator.portal.config, config);
			if (network) emulator.network = network;
			if (rateLimit !== undefined) emulator.rateLimiter = rateLimiterFor(rateLimit);
			if (locationBaseUrl !== undefined) emulator.locationBaseUrl = locationBaseUrl || undefined;
			sendJson(response, 200, { config: emulator.config, network: emulator.network, rateLimit: emulator.rateLimiter?.config ?? false });
			return;
		}
		case 'POST /faults':
			emulator.faults.add((await readJsonBody(request)) as unknown as FaultRule);
			sendJson(response, 200, {});
			return;
		case 'DELETE /faults':
			emulator.faults.clear();
			sendJson(response, 200, {});
			return;
		case 'GET /faults':
			sendJson(response, 200, emulator.faults.fired);
			return;
		default:
			sendJson(response, 404, { error: `unknown control route ${route}` });
	}
}
