/**
 * The baseline: the same file in the same chunks, posted one after another with a bare Node http
 * client (keep-alive, form-data framing, sequential mode) — the ceiling for the sequential protocol.
 * Prints one JSON line: { ms, cpuMs, maxRssMiB, fileId }.
 */
import FormData from 'form-data';
import { open, stat } from 'node:fs/promises';
import { Agent, request } from 'node:http';

interface Job {
	url: string;
	authKey: string;
	file: string;
	chunkSize: number;
}

const agent = new Agent({ keepAlive: true });

async function post(url: string, cookie: string, body?: FormData | string): Promise<{ status: number; json: any }> {
	return await new Promise((resolve, reject) => {
		const headers: Record<string, string | number> = { cookie };
		if (body instanceof FormData) Object.assign(headers, body.getHeaders(), { 'content-length': body.getLengthSync() });
		else if (body) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
		const req = request(url, { method: 'POST', headers, agent }, (response) => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', (piece: string) => (text += piece));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) }));
		});
		req.on('error', reject);
		if (body instanceof FormData) body.pipe(req);
		else req.end(body);
	});
}

async function main(): Promise<void> {
	const job = JSON.parse(process.argv[2]) as Job;
	const cookie = `asc_auth_key=${job.authKey}`;
	const { size } = await stat(job.file);
	const started = Date.now();
	const cpu = process.cpuUsage();
	const session = await post(`${job.url}/api/2.0/files/2001/upload/create_session`, cookie, JSON.stringify({ fileName: 'raw-baseline.bin', fileSize: size }));
	const location = session.json.response.data.location as string;
	const handle = await open(job.file);
	let fileId: number | undefined;
	for (let offset = 0; offset < size || (size === 0 && offset === 0); offset += job.chunkSize) {
		const chunk = Buffer.allocUnsafe(Math.min(job.chunkSize, size - offset));
		await handle.read(chunk, 0, chunk.length, offset);
		const form = new FormData();
		form.append('file', chunk, { filename: 'blob', contentType: 'application/octet-stream' });
		const answer = await post(location, cookie, form);
		if (!answer.json.success) throw new Error(answer.json.message);
		if (answer.status === 201) fileId = answer.json.data.id;
		if (size === 0) break;
	}
	await handle.close();
	const used = process.cpuUsage(cpu);
	process.stdout.write(
		`${JSON.stringify({ ms: Date.now() - started, cpuMs: (used.user + used.system) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024, fileId })}\n`,
	);
	agent.destroy();
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
