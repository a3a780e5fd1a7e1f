/**
 * One measured run of the DocSpace Upload node inside n8n's execution engine, in a process of its own
 * so its peak RSS and CPU time are the node's. Files are put into n8n's filesystem binary data store
 * by the run's first node, then uploaded. Prints one JSON line.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Job {
	url: string;
	authKey: string;
	files: string[];
	mode: 'sequential' | 'numbered' | 'auto';
	parallelChunks: number;
	itemConcurrency: number;
}

async function main(): Promise<void> {
	const job = JSON.parse(process.argv[2]) as Job;
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-bench-'));
	process.env.N8N_USER_FOLDER = userFolder;
	// The run copies the files into n8n's binary data store there: gigabytes to give back.
	process.on('exit', () => rmSync(userFolder, { recursive: true, force: true }));
	// Imported after N8N_USER_FOLDER is set: n8n-core reads it when it loads.
	const { runUpload, uploadParameters } = await import('../helpers/engine');
	const started = Date.now();
	let cpuAtStart: NodeJS.CpuUsage | undefined;
	let uploadCpu: NodeJS.CpuUsage | undefined;
	const result = await runUpload({
		observe: (hooks) => {
			hooks.addHandler('nodeExecuteBefore', (node) => {
				// The first node has just copied the files into the binary data store: let the disk settle first.
				if (node === 'DocSpace Upload') execSync('sync');
				if (node === 'DocSpace Upload') cpuAtStart = process.cpuUsage();
			});
			hooks.addHandler('nodeExecuteAfter', (node) => {
				if (node === 'DocSpace Upload') uploadCpu = process.cpuUsage(cpuAtStart);
			});
		},
		credentials: { baseUrl: job.url, authType: 'authKey', authKey: job.authKey },
		parameters: uploadParameters(2001, {
			options: { uploadMode: job.mode, parallelChunks: job.parallelChunks, itemConcurrency: job.itemConcurrency, includeUploadDetails: true },
		}),
		files: job.files.map((path) => ({ name: path.split('/').pop(), path })),
		binaryMode: 'filesystem',
	});
	if (result.error) throw new Error(result.error.message);
	const upload = result.run.data.resultData.runData['DocSpace Upload'][0];
	const usage = process.resourceUsage();
	process.stdout.write(
		`${JSON.stringify({
			ms: upload.executionTime,
			wallMs: Date.now() - started,
			cpuMs: uploadCpu ? (uploadCpu.user + uploadCpu.system) / 1000 : (usage.userCPUTime + usage.systemCPUTime) / 1000,
			maxRssMiB: usage.maxRSS / 1024,
			files: result.output.map((item) => ({ id: item.json.id, size: item.json.pureContentLength, details: item.json.uploadDetails })),
		})}\n`,
	);
	process.exit(0);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
