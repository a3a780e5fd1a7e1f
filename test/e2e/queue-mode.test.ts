/**
 * The package in n8n queue mode: PostgreSQL, Redis, an n8n main and two workers, binary data in the
 * database. Webhook uploads run on the workers; one worker is killed in the middle of an upload.
 */
import { startEmulator, type DocSpaceEmulator } from '../emulator';
import { credentialsFor, MiB, Scratch, type TestFile } from '../helpers/fixtures';
import { QueueMode } from './queue-mode';
import { credentialFile, postFileToWebhook, webhookToDocSpace } from './workflows';

jest.setTimeout(600_000);

let emulator: DocSpaceEmulator;
let queue: QueueMode;
const scratch = new Scratch();
const WORKFLOW = 'QueueWebhook0001';

beforeAll(async () => {
	emulator = await startEmulator({ chunkUploadSize: MiB });
	queue = await QueueMode.create({
		workers: 2,
		concurrency: 2,
		// A dead worker's job is noticed after seconds rather than the default minute.
		env: { QUEUE_WORKER_LOCK_DURATION: '6000', QUEUE_WORKER_LOCK_RENEW_TIME: '2000', QUEUE_WORKER_STALLED_INTERVAL: '4000' },
	});
	const credential = { id: 'docspaceQueue001', name: 'DocSpace emulator', data: credentialsFor(emulator, 'authKey') };
	await queue.main.importCredentials([credentialFile(credential)]);
	await queue.main.importWorkflows([webhookToDocSpace(WORKFLOW, 'queue-upload', credential)]);
	await queue.main.publishWorkflow(WORKFLOW);
	await queue.start();
});

afterAll(async () => {
	await queue?.destroy();
	await emulator?.stop();
	scratch.cleanup();
});

async function post(file: TestFile): Promise<Response> {
	return await postFileToWebhook(`${queue.main.url}/webhook/queue-upload`, file.path, file.name);
}

async function executions(): Promise<Array<{ id: string; status: string; mode: string }>> {
	const rows = await queue.postgres.sql('SELECT id, status, mode FROM execution_entity ORDER BY id');
	return rows.map(([id, status, mode]) => ({ id, status, mode }));
}

test('webhook uploads are run by the workers, arrive intact and are recorded as successful', async () => {
	const files = [10, 300_000, MiB + 1, 2 * MiB + 7, 3 * MiB, 512 * 1024].map((size, index) => scratch.file(`queued-${index}.bin`, size));
	const responses = await Promise.all(files.map(async (file) => await post(file)));
	const bodies = await Promise.all(responses.map(async (response) => ({ status: response.status, json: (await response.json()) as Record<string, unknown> })));

	bodies.forEach(({ status, json }, index) => {
		expect(status).toBe(200);
		expect(json).toMatchObject({ title: files[index].name, pureContentLength: files[index].bytes.length, folderId: 2001 });
		expect(emulator.file(json.id as number)!.versions.at(-1)!.sha256).toBe(files[index].sha256);
	});

	const recorded = await executions();
	expect(recorded).toHaveLength(files.length);
	expect(recorded.every((execution) => execution.status === 'success' && execution.mode === 'webhook')).toBe(true);
	const byWorker = queue.executionsByWorker();
	expect(recorded.map((execution) => byWorker.has(execution.id))).toEqual(recorded.map(() => true));
	expect(new Set(byWorker.values())).toEqual(new Set([0, 1]));
	expect(queue.main.output).not.toMatch(/Worker started execution/);
});

test('a worker killed in the middle of an upload fails its execution and leaves nothing committed in DocSpace', async () => {
	emulator.network = { bandwidthBytesPerSecond: 2 * MiB };
	const file = scratch.file('interrupted.bin', 12 * MiB + 5);
	const before = new Set((await executions()).map((execution) => execution.id));
	emulator.log.clear();
	const answer = post(file).then(async (response) => ({ status: response.status, text: await response.text() }));

	// Wait until the upload is under way, then kill the worker that runs it.
	let victim: number | undefined;
	for (let waited = 0; victim === undefined && waited < 60_000; waited += 200) {
		await new Promise((resolve) => setTimeout(resolve, 200));
		const execution = [...queue.executionsByWorker()].find(([id]) => !before.has(id));
		if (execution && emulator.log.chunkRequests().filter((entry) => entry.mode === 'numbered').length >= 2) victim = execution[1];
	}
	expect(victim).toBeDefined();
	queue.workers[victim!].kill();
	const killedAt = emulator.log.chunkRequests().length;
	emulator.network = {};

	const { status, text } = await answer;
	let final: { id: string; status: string } | undefined;
	for (let waited = 0; waited < 120_000; waited += 1000) {
		final = (await executions()).find((execution) => !before.has(execution.id));
		if (final && !['new', 'running', 'waiting'].includes(final.status)) break;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	const committed = [...emulator.portal.files.values()].filter((stored) => stored.title === file.name);
	console.log(
		`Worker ${victim} was killed after ${killedAt} chunk requests. The webhook caller got HTTP ${status} (${text.slice(0, 160)}); the execution ended "${final?.status}"; ` +
			`${committed.length} file(s) named ${file.name} committed, ${emulator.portal.sessions.size} upload session(s) left open on the portal.`,
	);

	// n8n 2.x fails a stalled job rather than running it again (maxStalledCount 0): the execution is
	// recorded as failed, the caller is told so, nothing is committed, and the dead worker's session
	// stays open on the portal until DocSpace expires it.
	expect(final?.status).toBe('error');
	expect(status).toBe(500);
	expect(text).toMatch(/Error in workflow/);
	expect(committed).toEqual([]);
	expect([...emulator.portal.sessions.values()].filter((session) => session.title === file.name)).toHaveLength(1);
});
