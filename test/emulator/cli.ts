import { parseArgs } from 'node:util';

import { startEmulator } from './emulator';
import { profileOf, type ServerVersion } from './versions';

const USAGE = `Usage: npm run emulator -- [--port 8090] [--chunk-size BYTES] [--server-version 2.0|2.5|2.6|3.7|future]
  [--latency-ms N] [--bandwidth-mbit N] [--location-base URL] [--rate-limit] [--discard-content] [--json]

Starts a local ONLYOFFICE DocSpace emulator and prints its URL and ready-to-use credentials.
Control routes for tests live under /__emulator/ (state, log, files/:id, config, faults).`;

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '8090' },
			host: { type: 'string', default: '127.0.0.1' },
			'chunk-size': { type: 'string' },
			'server-version': { type: 'string', default: '3.7' },
			'latency-ms': { type: 'string' },
			'bandwidth-mbit': { type: 'string' },
			'location-base': { type: 'string' },
			'rate-limit': { type: 'boolean', default: false },
			'discard-content': { type: 'boolean', default: false },
			json: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false },
		},
	});
	if (values.help) {
		console.log(USAGE);
		return;
	}
	const serverVersion = values['server-version'] as ServerVersion;
	profileOf(serverVersion);
	const emulator = await startEmulator({
		host: values.host,
		port: Number(values.port),
		chunkUploadSize: values['chunk-size'] ? Number(values['chunk-size']) : undefined,
		serverVersion,
		locationBaseUrl: values['location-base'],
		keepContent: !values['discard-content'],
		rateLimit: values['rate-limit'],
		network: {
			latencyMs: values['latency-ms'] ? Number(values['latency-ms']) : undefined,
			bandwidthBytesPerSecond: values['bandwidth-mbit'] ? (Number(values['bandwidth-mbit']) * 1e6) / 8 : undefined,
		},
	});
	const owner = emulator.portal.owner;
	if (values.json) {
		console.log(JSON.stringify({ url: emulator.url, authKey: owner.authKey, apiKey: owner.apiKey, email: owner.email, password: owner.password }));
	} else {
		console.log(`DocSpace emulator listening on ${emulator.url}  (chunk size ${emulator.config.chunkUploadSize} bytes, server ${emulator.config.serverVersion} as ${emulator.portal.profile.tag}${emulator.rateLimiter ? ', rate limited' : ''})

Credentials for n8n ("ONLYOFFICE DocSpace API"):
  Portal URL : ${emulator.url}
  Auth key   : ${owner.authKey}
  API key    : ${owner.apiKey}
  Login      : ${owner.email} / ${owner.password}

Folders: 1001 My documents, 2001 room "Sales", 3001 "Sales/Q3 reports", 2002 room "Contracts"
Other users: guest@docspace.test views "Sales"; creator@docspace.test is a guest content creator there
Press Ctrl+C to stop.`);
	}
	const stop = async () => {
		await emulator.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
