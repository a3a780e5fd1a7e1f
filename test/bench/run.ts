/**
 * `npm run bench`: throughput, CPU and peak memory of the DocSpace Upload node in n8n's engine, side by
 * side with a bare HTTP client on the same emulator and files, on loopback and on an emulated WAN.
 * Every measurement runs in a fresh process; the emulator runs in a process of its own. Figures are
 * printed as tables (and written to .cache/bench/results.md), with the targets they are checked against.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';

const PROJECT = resolve(__dirname, '../..');
const WORK = join(PROJECT, '.cache', 'bench');
/** The package and its test tooling compiled to plain JavaScript, run by node as n8n would run the package. */
const BUILD = join(WORK, 'build');
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const CHUNK = 10 * MiB;
const WAN = { latencyMs: 40, bandwidthBytesPerSecond: (100 * 1e6) / 8 };
const quick = process.argv.includes('--quick');

interface Measurement {
	ms: number;
	cpuMs: number;
	maxRssMiB: number;
	fileId?: number;
	files?: Array<{ id: number; size: number }>;
}

interface Emulator {
	url: string;
	authKey: string;
	stop(): void;
}

async function compile(): Promise<void> {
	const tsc = spawn(join(PROJECT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.test.json', '--noEmit', 'false', '--outDir', BUILD, '--sourceMap', 'false'], {
		cwd: PROJECT,
		stdio: 'inherit',
	});
	const [code] = (await once(tsc, 'exit')) as [number];
	if (code !== 0) throw new Error('compiling the benchmark failed');
}

async function startEmulatorProcess(): Promise<Emulator> {
	const child = spawn(process.execPath, [join(BUILD, 'test/emulator/cli.js'), '--port', '0', '--json', '--discard-content'], { cwd: PROJECT, stdio: ['ignore', 'pipe', 'inherit'] });
	const [line] = (await once(child.stdout!, 'data')) as [Buffer];
	const info = JSON.parse(line.toString().split('\n')[0]) as { url: string; authKey: string };
	return { ...info, stop: () => child.kill('SIGTERM') };
}

async function control(emulator: Emulator, method: string, path: string, body?: unknown): Promise<any> {
	const response = await fetch(`${emulator.url}/__emulator/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
	return await response.json();
}

async function measure(script: string, job: unknown): Promise<Measurement> {
	const child = spawn(process.execPath, [join(BUILD, script.replace(/\.ts$/, '.js')), JSON.stringify(job)], { cwd: PROJECT, stdio: ['ignore', 'pipe', 'inherit'] });
	let output = '';
	child.stdout!.on('data', (piece: Buffer) => (output += piece.toString()));
	const [code] = (await once(child, 'exit')) as [number];
	if (code !== 0) throw new Error(`${script} failed`);
	return JSON.parse(output.trim().split('\n').pop()!) as Measurement;
}

async function file(name: string, size: number): Promise<{ path: string; size: number; sha256: string }> {
	const path = join(WORK, 'files', name);
	mkdirSync(join(WORK, 'files'), { recursive: true });
	if (!existsSync(path) || statSync(path).size !== size) {
		const out = createWriteStream(path);
		for (let written = 0; written < size; written += 16 * MiB) {
			if (!out.write(randomBytes(Math.min(16 * MiB, size - written)))) await once(out, 'drain');
		}
		out.end();
		await once(out, 'finish');
	}
	const hash = createHash('sha256');
	for await (const piece of createReadStream(path, { highWaterMark: 4 * MiB })) hash.update(piece as Buffer);
	return { path, size, sha256: hash.digest('hex') };
}

async function verify(emulator: Emulator, id: number | undefined, sha256: string): Promise<void> {
	const stored = (await control(emulator, 'GET', `files/${id}`)) as { versions: Array<{ sha256: string }> };
	if (stored.versions?.at(-1)?.sha256 !== sha256) throw new Error(`file ${id} arrived damaged`);
}

/** The run with the median time. */
function median(runs: Measurement[]): Measurement {
	return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
}

const mibPerSecond = (bytes: number, ms: number) => bytes / MiB / (ms / 1000);
const fixed = (value: number, digits = 1) => value.toFixed(digits);

async function main(): Promise<void> {
	mkdirSync(WORK, { recursive: true });
	await compile();
	const emulator = await startEmulatorProcess();
	const report: string[] = [];
	const print = (line = '') => {
		console.log(line);
		report.push(line);
	};
	const checks: Array<[string, boolean, string]> = [];
	try {
		print(`Machine: ${cpus().length} × ${cpus()[0].model}, ${fixed(totalmem() / GiB, 0)} GiB RAM, Node ${process.version}; n8n-core 2.41.1; chunk size 10 MiB`);
		print(`WAN profile: ${WAN.latencyMs} ms added per request, ${WAN.bandwidthBytesPerSecond * 8 / 1e6} Mbit/s per connection`);

		// 1. Throughput against the bare client.
		print('\n### Throughput (each run a fresh process; file streamed from n8n\'s filesystem binary data store)\n');
		print('| network | file | client | MiB/s | × baseline | CPU s/GiB | peak RSS MiB |');
		print('|---|---|---|---|---|---|---|');
		const throughput: Record<string, number> = {};
		for (const [network, profile] of [['loopback', {}], ['WAN', WAN]] as const) {
			await control(emulator, 'PATCH', 'config', { network: profile, chunkUploadSize: CHUNK });
			for (const size of quick ? [100 * MiB] : [100 * MiB, GiB]) {
				const source = await file(`${size / MiB}MiB.bin`, size);
				const runs: Array<[string, string, unknown]> = [
					['bare client, sequential', 'test/bench/raw-upload.ts', { url: emulator.url, authKey: emulator.authKey, file: source.path, chunkSize: CHUNK }],
					['node, sequential', 'test/bench/engine-upload.ts', { url: emulator.url, authKey: emulator.authKey, files: [source.path], mode: 'sequential', parallelChunks: 1, itemConcurrency: 1 }],
					['node, parallel ×4 (default)', 'test/bench/engine-upload.ts', { url: emulator.url, authKey: emulator.authKey, files: [source.path], mode: 'numbered', parallelChunks: 4, itemConcurrency: 1 }],
					['node, parallel ×8', 'test/bench/engine-upload.ts', { url: emulator.url, authKey: emulator.authKey, files: [source.path], mode: 'numbered', parallelChunks: 8, itemConcurrency: 1 }],
				];
				// Loopback runs are short and the machine is shared: take the median of five, clients interleaved.
				const repeats = network === 'loopback' ? 5 : 1;
				const results = new Map<string, Measurement[]>();
				for (let repeat = 0; repeat < repeats; repeat++) {
					for (const [label, script, job] of runs) {
						const result = await measure(script, job);
						await verify(emulator, result.fileId ?? result.files?.[0].id, source.sha256);
						results.set(label, [...(results.get(label) ?? []), result]);
					}
				}
				let baseline = 0;
				for (const [label] of runs) {
					const result = median(results.get(label)!);
					const speed = mibPerSecond(size, result.ms);
					baseline ||= speed;
					throughput[`${network} ${size} ${label}`] = speed;
					print(`| ${network} | ${size / MiB} MiB | ${label} | ${fixed(speed)} | ${fixed(speed / baseline, 2)} | ${fixed(result.cpuMs / 1000 / (size / GiB), 2)} | ${fixed(result.maxRssMiB, 0)} |`);
				}
			}
		}
		for (const size of quick ? [100 * MiB] : [100 * MiB, GiB]) {
			const loop = (label: string) => throughput[`loopback ${size} ${label}`];
			const wan = (label: string) => throughput[`WAN ${size} ${label}`];
			checks.push([`sequential ≥ 0.9 × bare client on loopback (${size / MiB} MiB)`, loop('node, sequential') >= 0.9 * loop('bare client, sequential'), `${fixed(loop('node, sequential') / loop('bare client, sequential'), 2)}×`]);
			checks.push([`parallel ≥ 2.5 × sequential on the WAN (${size / MiB} MiB)`, wan('node, parallel ×4 (default)') >= 2.5 * wan('node, sequential'), `${fixed(wan('node, parallel ×4 (default)') / wan('node, sequential'), 2)}× (×4), ${fixed(wan('node, parallel ×8') / wan('node, sequential'), 2)}× (×8)`]);
		}

		// The fixed part of every upload, which weighs on short runs: a 1 KB file in a fresh process.
		await control(emulator, 'PATCH', 'config', { network: {} });
		print('\n### One 1 KB file on loopback (fixed cost of an upload in a fresh process, median of five)\n');
		print('| client | ms |');
		print('|---|---|');
		const tiny = await file('1KB.bin', 1000);
		const tinyRuns: Record<string, Measurement[]> = { 'bare client': [], node: [] };
		for (let repeat = 0; repeat < 5; repeat++) {
			const bare = await measure('test/bench/raw-upload.ts', { url: emulator.url, authKey: emulator.authKey, file: tiny.path, chunkSize: CHUNK });
			const node = await measure('test/bench/engine-upload.ts', { url: emulator.url, authKey: emulator.authKey, files: [tiny.path], mode: 'auto', parallelChunks: 4, itemConcurrency: 1 });
			for (const [label, result] of [['bare client', bare], ['node', node]] as const) {
				await verify(emulator, result.fileId ?? result.files?.[0].id, tiny.sha256);
				tinyRuns[label].push(result);
			}
		}
		for (const [label, runs] of Object.entries(tinyRuns)) print(`| ${label} | ${median(runs).ms} |`);

		// 2. Memory as the file grows.
		print('\n### Peak memory (RSS of the process running n8n\'s engine, file from the filesystem binary data store)\n');
		print('| file | mode | peak RSS MiB | MiB/s |');
		print('|---|---|---|---|');
		const rss: Record<string, number> = {};
		for (const size of quick ? [256 * MiB, GiB] : [256 * MiB, GiB, 4 * GiB]) {
			const source = await file(`${size / MiB}MiB.bin`, size);
			for (const [mode, parallelChunks] of [['sequential', 1], ['numbered', 4]] as const) {
				const result = await measure('test/bench/engine-upload.ts', { url: emulator.url, authKey: emulator.authKey, files: [source.path], mode, parallelChunks, itemConcurrency: 1 });
				await verify(emulator, result.files?.[0].id, source.sha256);
				rss[`${size} ${mode}`] = result.maxRssMiB;
				print(`| ${size / MiB} MiB | ${mode === 'numbered' ? 'parallel ×4' : 'sequential'} | ${fixed(result.maxRssMiB, 0)} | ${fixed(mibPerSecond(size, result.ms))} |`);
			}
		}
		const largest = quick ? GiB : 4 * GiB;
		for (const mode of ['sequential', 'numbered']) {
			const growth = rss[`${largest} ${mode}`] - rss[`${256 * MiB} ${mode}`];
			checks.push([`peak RSS for ${largest / GiB} GiB within 64 MiB of 256 MiB (${mode})`, growth <= 64, `${fixed(growth, 0)} MiB more`]);
		}

		// 3. Many small files.
		print('\n### 1,000 files of 64 KiB in one execution\n');
		print('| network | files at once | seconds | files/s |');
		print('|---|---|---|---|');
		const count = quick ? 200 : 1000;
		const small = await Promise.all(Array.from({ length: count }, async (_, index) => {
			const path = join(WORK, 'files', 'small', `small-${index}.bin`);
			mkdirSync(join(WORK, 'files', 'small'), { recursive: true });
			if (!existsSync(path)) writeFileSync(path, randomBytes(64 * 1024));
			return path;
		}));
		for (const [network, profile] of [['loopback', {}], ['WAN', WAN]] as const) {
			await control(emulator, 'PATCH', 'config', { network: profile });
			const seconds: number[] = [];
			for (const itemConcurrency of [1, 8]) {
				const result = await measure('test/bench/engine-upload.ts', { url: emulator.url, authKey: emulator.authKey, files: small, mode: 'auto', parallelChunks: 4, itemConcurrency });
				if (result.files?.length !== count) throw new Error('not every small file was uploaded');
				seconds.push(result.ms / 1000);
				print(`| ${network} | ${itemConcurrency} | ${fixed(result.ms / 1000)} | ${fixed(count / (result.ms / 1000), 0)} |`);
			}
			checks.push([`${count} small files ≥ 3 × faster with 8 at once (${network})`, seconds[0] >= 3 * seconds[1], `${fixed(seconds[0] / seconds[1], 2)}×`]);
		}

		print('\n### Targets\n');
		print('| target | met | measured |');
		print('|---|---|---|');
		for (const [target, met, measured] of checks) print(`| ${target} | ${met ? 'yes' : 'NO'} | ${measured} |`);
	} finally {
		emulator.stop();
		writeFileSync(join(WORK, 'results.md'), `${report.join('\n')}\n`);
		console.log(`\n(written to ${join(WORK, 'results.md')})`);
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
