/**
 * DocSpace's rate limiter (test/emulator/rate-limiter.ts, BaseStartup.GlobalLimiter): a user's
 * concurrent non-GET requests are limited (15, or the portal's maxUploadThreadCount), and a daily
 * limit answers 429 with a Retry-After of hours.
 */
import { startEmulator, type DocSpaceEmulator } from '../emulator';
import { runUpload, uploadParameters } from '../helpers/engine';
import { credentialsFor, expectResentNoSoonerThan, Scratch } from '../helpers/fixtures';
import { expectNodeError } from '../helpers/node-errors';

const CHUNK = 64 * 1024;
const scratch = new Scratch();
afterAll(() => scratch.cleanup());

async function withEmulator(options: Parameters<typeof startEmulator>[0], run: (emulator: DocSpaceEmulator) => Promise<void>) {
	const emulator = await startEmulator({ chunkUploadSize: CHUNK, ...options });
	try {
		await run(emulator);
	} finally {
		await emulator.stop();
	}
}

test.each<[string, Parameters<typeof startEmulator>[0], number]>([
	['DocSpace\'s default of 15', { serverVersion: '2.5', rateLimit: true }, 15],
	['the portal\'s maxUploadThreadCount', { serverVersion: '3.7', maxUploadThreadCount: 6, rateLimit: { concurrentWrites: 6 } }, 6],
])('files at once × parallel chunks stay within %s requests in flight, so no request is refused', async (_label, options, limit) => {
	await withEmulator({ ...options, network: { latencyMs: 30 } }, async (emulator) => {
		const sources = Array.from({ length: 8 }, (_, index) => scratch.file(`busy-${index}.bin`, 10 * CHUNK + index));
		const result = await runUpload({
			credentials: credentialsFor(emulator),
			parameters: uploadParameters(2001, { options: { itemConcurrency: 8, parallelChunks: 15, retries: 0 } }),
			files: sources.map((source) => ({ name: source.name, path: source.path })),
		});
		expect(result.error).toBeUndefined();
		expect(emulator.log.entries.filter((entry) => entry.status === 429)).toEqual([]);
		expect(Math.max(...emulator.log.chunkRequests().map((entry) => entry.inFlight))).toBeLessThan(limit);
		for (const [index, source] of sources.entries()) {
			expect(emulator.file(result.output[index].json.id as number)!.versions[0].sha256).toBe(source.sha256);
		}
	});
});

test('a daily limit fails the item at once, saying when to try again', async () => {
	await withEmulator({ rateLimit: { dailyWrites: 3 } }, async (emulator) => {
		const source = scratch.file('daily.bin', 10 * CHUNK);
		const started = Date.now();
		const result = await runUpload({
			credentials: credentialsFor(emulator),
			parameters: uploadParameters(2001, { options: { uploadMode: 'sequential' } }),
			files: [{ name: source.name, path: source.path }],
		});
		expectNodeError(result.error, {
			message: /^DocSpace is limiting the rate of requests \(HTTP 429\) and asks to wait until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
			description: /ends in about 24 hours, longer than the node waits between retries: run the workflow again after that time/,
			httpCode: '429',
		});
		const until = Date.parse(/until (\S+)$/.exec(String(result.error?.message))![1]);
		expect(until).toBeGreaterThan(started + 23 * 3600_000);
		expect(emulator.log.entries.filter((entry) => entry.status === 429 && entry.method === 'POST' && !entry.query.abort)).toHaveLength(1);
	});
}, 30_000);

test.each(['sequential', 'numbered'] as const)('a chunk refused with 429 and Retry-After: 1 is sent again no sooner than DocSpace asked (%s mode)', async (uploadMode) => {
	await withEmulator({}, async (emulator) => {
		const source = scratch.file(`asked-to-wait-${uploadMode}.bin`, 3 * CHUNK + 10);
		emulator.faults.add({ kind: 'too-many-requests', on: 'chunk', chunk: 2, retryAfterSeconds: 1 });
		const result = await runUpload({
			credentials: credentialsFor(emulator),
			parameters: uploadParameters(2001, { options: { uploadMode, parallelChunks: 1 } }),
			files: [{ name: source.name, path: source.path }],
		});
		expect(result.error).toBeUndefined();
		expect(emulator.file(result.output[0].json.id as number)!.versions[0].sha256).toBe(source.sha256);
		expectResentNoSoonerThan(emulator, 1000);
	});
}, 30_000);
