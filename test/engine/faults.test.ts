/**
 * Fault injection: every passing fault at the first, a middle and the last chunk, on a file that is
 * an exact multiple of the chunk size and on one that is not, in both upload modes, must be survived:
 * the exact bytes delivered as one committed version, no session left open, a bounded number of
 * requests. Faults that never pass must end in a clean failure with nothing committed. The matrix
 * is printed at the end.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FaultKind, FaultRule } from '../emulator';
import { useEmulator } from '../helpers/emulator-fixture';
import { runUpload, uploadParameters } from '../helpers/engine';
import { credentialsFor, Scratch } from '../helpers/fixtures';

const CHUNK = 256 * 1024;
const TIMEOUT_SECONDS = 1;
const SIZES = { exact: 4 * CHUNK, uneven: 4 * CHUNK + 1000 } as const;
const MODES = ['sequential', 'numbered'] as const;
type Mode = (typeof MODES)[number];

const FAULTS: Array<{ kind: FaultKind; extra?: Partial<FaultRule> }> = [
	{ kind: 'reset-before-store' },
	{ kind: 'reset-after-store' },
	{ kind: 'html-502' },
	{ kind: 'html-503' },
	{ kind: 'too-many-requests', extra: { retryAfterSeconds: 1 } },
	{ kind: 'slow-answer', extra: { delayMs: 2500 } },
	{ kind: 'handler-error' },
	{ kind: 'session-expired' },
	{ kind: 'server-restart' },
];

interface Outcome {
	fault: string;
	position: string;
	size: keyof typeof SIZES;
	mode: Mode;
	outcome: 'delivered' | 'clean failure' | 'BROKEN';
	retries?: number;
	restarts?: number;
	requests: number;
	message?: string;
}

const outcomes: Outcome[] = [];
const emulator = useEmulator({ chunkUploadSize: CHUNK });
const scratch = new Scratch();
let cell = 0;

afterAll(() => {
	scratch.cleanup();
	printMatrix();
});

async function upload(mode: Mode, size: number, fault: FaultRule) {
	const source = scratch.file(`fault-${++cell}.bin`, size);
	emulator().faults.add(fault);
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001, { options: { uploadMode: mode, includeUploadDetails: true, timeout: TIMEOUT_SECONDS } }),
		files: [{ name: source.name, path: source.path }],
	});
	const committed = emulator().filesTitled(source.name);
	const openSessions = [...emulator().portal.sessions.values()].filter((session) => session.title === source.name && session.useChunks);
	return { source, result, committed, openSessions, requests: emulator().log.chunkRequests().length };
}

function chunkCount(size: number): number {
	return Math.ceil(size / CHUNK);
}

describe.each(MODES)('%s mode', (mode) => {
	describe.each(Object.entries(SIZES) as Array<[keyof typeof SIZES, number]>)('%s size', (sizeName, size) => {
		const positions: Array<[string, number]> = [
			['first', 1],
			['middle', Math.ceil(chunkCount(size) / 2)],
			['last', chunkCount(size)],
		];
		describe.each(FAULTS)('$kind', ({ kind, extra }) => {
			test.each(positions)('at the %s chunk: delivered intact, one version, no session left open', async (position, chunk) => {
				const { source, result, committed, openSessions, requests } = await upload(mode, size, { kind, on: 'chunk', chunk, ...extra });
				expect(emulator().faults.fired).toHaveLength(1);
				const delivered = result.error === undefined;
				const details = delivered ? (result.output[0].json.uploadDetails as IDataObject) : undefined;
				const intact = delivered
					? committed.length === 1 && committed[0].versions.length === 1 && committed[0].versions[0].sha256 === source.sha256
					: committed.length === 0;
				outcomes.push({
					fault: kind,
					position,
					size: sizeName,
					mode,
					outcome: !intact ? 'BROKEN' : delivered ? 'delivered' : 'clean failure',
					retries: details?.retries as number,
					restarts: details?.restarts as number,
					requests,
					message: result.error?.message,
				});
				expect(result.error?.message).toBeUndefined();
				expect(intact).toBe(true);
				expect(openSessions).toEqual([]);
				expect(requests).toBeLessThanOrEqual(3 * (chunkCount(size) + 2));
			});
		});
	});
});

describe('faults at finalize (numbered mode)', () => {
	test.each<[FaultKind, Partial<FaultRule>]>([
		['reset-after-store', {}],
		['slow-answer', { delayMs: 2500 }],
		['html-503', {}],
		['server-restart', {}],
	])('%s at finalize still delivers one intact file', async (kind, extra) => {
		const { source, result, committed, requests } = await upload('numbered', SIZES.uneven, { kind, on: 'finalize', ...extra });
		outcomes.push({
			fault: kind, position: 'finalize', size: 'uneven', mode: 'numbered', requests,
			outcome: result.error ? 'clean failure' : 'delivered',
			retries: (result.output[0]?.json.uploadDetails as IDataObject | undefined)?.retries as number,
			restarts: (result.output[0]?.json.uploadDetails as IDataObject | undefined)?.restarts as number,
		});
		expect(result.error).toBeUndefined();
		expect(committed).toHaveLength(1);
		expect(committed[0].versions.map((version) => version.sha256)).toEqual([source.sha256]);
	});
});

describe('faults that do not pass end in a clean failure', () => {
	test.each(MODES.flatMap((mode) => (['html-503', 'handler-error', 'session-expired', 'reset-after-store'] as FaultKind[]).map((kind): [FaultKind, Mode] => [kind, mode])))(
		'%s on every request (%s mode)',
		async (kind, mode) => {
			const { result, committed, openSessions, requests } = await upload(mode, SIZES.uneven, { kind, on: 'chunk', chunk: 2, times: 1000 });
			outcomes.push({ fault: `${kind} (always)`, position: 'middle', size: 'uneven', mode, outcome: committed.length ? 'BROKEN' : 'clean failure', requests, message: result.error?.message });
			expect(result.error?.message).toMatch(/DocSpace|portal/);
			expect(committed).toEqual([]);
			expect(openSessions).toEqual([]);
			expect(requests).toBeLessThanOrEqual(60);
		},
	);
});

describe('a lost answer is resolved without mistakes', () => {
	test('a one-chunk file goes in one request even in numbered mode, so a lost answer cannot commit it twice', async () => {
		const { source, result, committed } = await upload('numbered', 1000, { kind: 'reset-after-store', on: 'chunk', chunk: 1 });
		expect(result.error).toBeUndefined();
		expect(emulator().log.chunkRequests().map((entry) => entry.mode)).toEqual(['sequential']);
		expect(committed).toHaveLength(1);
		expect(committed[0].versions.map((version) => version.sha256)).toEqual([source.sha256]);
	});
});

function printMatrix(): void {
	const cells = outcomes.map((o) => `| ${o.fault} | ${o.position} | ${o.size} | ${o.mode} | ${o.outcome} | ${o.retries ?? ''} | ${o.restarts ?? ''} | ${o.requests} |`);
	const delivered = outcomes.filter((o) => o.outcome === 'delivered').length;
	const clean = outcomes.filter((o) => o.outcome === 'clean failure').length;
	console.log(
		[
			'Fault matrix (chunk 256 KiB; exact = 4 chunks, uneven = 4 chunks + 1000 bytes)',
			'| fault | position | size | mode | outcome | retries | restarts | chunk requests |',
			'|---|---|---|---|---|---|---|---|',
			...cells,
			'',
			`${outcomes.length} faulty uploads: ${delivered} delivered intact, ${clean} failed cleanly, ${outcomes.length - delivered - clean} broken; faults injected: ${outcomes.length}`,
		].join('\n'),
	);
}
