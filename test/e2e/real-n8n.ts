import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PROJECT_DIR = resolve(__dirname, '../..');
export const CACHE_DIR = join(PROJECT_DIR, '.cache');
const PACKAGE_DIR = join(CACHE_DIR, 'package');
/** Numbers the CLI runs of this process, for their stdout files. */
let cliRuns = 0;
export const PACKAGE_NAME = 'n8n-nodes-docspace-upload';
export const NODE_TYPE = `${PACKAGE_NAME}.docSpaceUpload`;

/** The n8n versions the end-to-end tests run on: the current one (the default) and the last 1.x. */
export const N8N_VERSIONS = ['2.41.1', '1.123.81'] as const;
export type N8nVersion = (typeof N8N_VERSIONS)[number];
export const DEFAULT_N8N_VERSION: N8nVersion = '2.41.1';

export interface Runtime {
	version: N8nVersion;
	node: string;
	n8n: string;
	path: string;
}

/** Installs (or finds in .cache) Node 24 and the given n8n with scripts/n8n-runtime.sh. */
export async function installRuntime(version: N8nVersion = DEFAULT_N8N_VERSION): Promise<Runtime> {
	const script = join(PROJECT_DIR, 'scripts', 'n8n-runtime.sh');
	const env = { ...process.env, N8N_RUNTIME_N8N_VERSION: version };
	const { stdout } = await run('bash', [script, 'env'], { maxBuffer: 16 * 1024 * 1024, env });
	const value = (name: string) => {
		const line = stdout.split('\n').find((candidate) => candidate.startsWith(`export ${name}=`));
		if (!line) throw new Error(`n8n-runtime.sh env printed no ${name}`);
		return line.slice(`export ${name}=`.length).replace(/^'|'$/g, '');
	};
	return { version, node: value('N8N_RUNTIME_NODE'), n8n: value('N8N_RUNTIME_BIN'), path: `${join(value('N8N_RUNTIME_NODE'), '..')}:${process.env.PATH}` };
}

/** Builds the package and packs it as npm would publish it; returns the tarball. */
export async function packPackage(): Promise<string> {
	await run('npm', ['run', 'build', '--silent'], { cwd: PROJECT_DIR });
	rmSync(PACKAGE_DIR, { recursive: true, force: true });
	mkdirSync(PACKAGE_DIR, { recursive: true });
	await run('npm', ['pack', '--silent', '--pack-destination', PACKAGE_DIR], { cwd: PROJECT_DIR });
	const tarball = readdirSync(PACKAGE_DIR).find((name) => name.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack made no tarball');
	return join(PACKAGE_DIR, tarball);
}

export function packedTarball(): string {
	const tarball = existsSync(PACKAGE_DIR) ? readdirSync(PACKAGE_DIR).find((name) => name.endsWith('.tgz')) : undefined;
	if (!tarball) throw new Error('The package is not packed: run the e2e tests through jest (global setup) or call packPackage()');
	return join(PACKAGE_DIR, tarball);
}

export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolvePort(port));
		});
	});
}

/** The owner account of the n8n instances these scripts start. */
export const OWNER = { email: 'owner@n8n.test', password: 'Owner-password-1' };

export type BinaryDataMode = 'filesystem' | 'database' | 'default';

/** The binary data modes of a regular (not S3) n8n: 1.x has no `database` mode. */
export function binaryDataModes(version: N8nVersion): BinaryDataMode[] {
	return version.startsWith('1.') ? ['filesystem', 'default'] : ['filesystem', 'database', 'default'];
}

export interface ExecutionResult {
	exitCode: number;
	/** The run as `n8n execute --rawOutput` printed it; undefined if it printed none. */
	run?: {
		status: string;
		data: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, { id?: string }>; pairedItem?: unknown }>> }; error?: Record<string, unknown> }>>; error?: Record<string, unknown> } };
	};
	stdout: string;
	stderr: string;
}

/** Pulls the run JSON out of `n8n execute --rawOutput`, which prints log lines before and after it. */
/** Signals a process started with `detached: true` and everything it started (its task runner). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	try {
		process.kill(-child.pid!, signal);
	} catch {
		// The group is gone already.
	}
}

export function parseExecuteOutput(stdout: string): ExecutionResult['run'] {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	if (start < 0) return undefined;
	const end = lines.indexOf('}', start);
	if (end < 0) throw new Error(`n8n execute printed the start of a run but not its end (${stdout.length} characters); its stdout ends with:\n${stdout.slice(-500)}`);
	return JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecutionResult['run'];
}

/**
 * A real n8n (the CLI of one of N8N_VERSIONS on Node 24) with its own user folder, and this package installed
 * from its npm tarball into `.n8n/nodes`, the way users install community nodes by hand.
 */
export class RealN8n {
	private server?: ChildProcess;
	private printed = '';
	private cookie = '';
	port?: number;
	readonly env: NodeJS.ProcessEnv;

	private constructor(
		readonly runtime: Runtime,
		readonly userFolder: string,
		env: NodeJS.ProcessEnv,
	) {
		this.env = env;
	}

	static async create(
		options: { version?: N8nVersion; binaryMode?: BinaryDataMode; filesDir?: string; env?: NodeJS.ProcessEnv; userFolder?: string } = {},
	): Promise<RealN8n> {
		const runtime = await installRuntime(options.version);
		mkdirSync(join(CACHE_DIR, 'e2e'), { recursive: true });
		const userFolder = options.userFolder ?? mkdtempSync(join(CACHE_DIR, 'e2e', 'n8n-'));
		const nodesDir = join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		if (!existsSync(join(nodesDir, 'package.json'))) {
			writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
		}
		await run('npm', ['install', packedTarball(), '--omit=peer', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], { cwd: nodesDir });
		const env: NodeJS.ProcessEnv = {
			PATH: runtime.path,
			HOME: process.env.HOME,
			N8N_USER_FOLDER: userFolder,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_DEFAULT_BINARY_DATA_MODE: options.binaryMode ?? 'filesystem',
			N8N_RESTRICT_FILE_ACCESS_TO: options.filesDir ?? userFolder,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...options.env,
		};
		return new RealN8n(runtime, userFolder, env);
	}

	/**
	 * Runs an n8n CLI command. Its stdout goes to a file: n8n exits as soon as it has printed a run, and a
	 * large run (binary data inline, megabytes of base64) written to a pipe that the reader empties
	 * slowly lost its end on that exit (seen under load, on both n8n versions); writes to a file are not
	 * left pending.
	 */
	async cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
		const stdoutFile = join(this.userFolder, `cli-${process.pid}-${++cliRuns}.out`);
		const stdoutFd = openSync(stdoutFile, 'w');
		try {
			const { exitCode, stderr } = await new Promise<{ exitCode: number; stderr: string }>((resolveRun, rejectRun) => {
				const child = spawn(this.runtime.node, [this.runtime.n8n, ...args], { env: { ...this.env, ...env }, stdio: ['ignore', stdoutFd, 'pipe'] });
				let stderrText = '';
				child.stderr!.on('data', (piece: Buffer) => (stderrText += piece.toString()));
				child.on('error', rejectRun);
				child.on('close', (code) => resolveRun({ exitCode: code ?? 1, stderr: stderrText }));
			});
			return { exitCode, stdout: readFileSync(stdoutFile, 'utf8'), stderr };
		} finally {
			closeSync(stdoutFd);
			rmSync(stdoutFile, { force: true });
		}
	}

	private async importFile(kind: 'workflow' | 'credentials', content: unknown[]): Promise<void> {
		const file = join(this.userFolder, `import-${kind}-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(content));
		const result = await this.cli([`import:${kind}`, `--input=${file}`]);
		if (result.exitCode !== 0) throw new Error(`n8n import:${kind} failed:\n${result.stdout}\n${result.stderr}`);
	}

	async importCredentials(credentials: unknown[]): Promise<void> {
		await this.importFile('credentials', credentials);
	}

	async importWorkflows(workflows: unknown[]): Promise<void> {
		await this.importFile('workflow', workflows);
	}

	/** Publishes an imported workflow, so its triggers (e.g. a webhook) are live once n8n starts. */
	async publishWorkflow(workflowId: string): Promise<void> {
		// n8n 1.x has no publishing: a workflow's triggers are live while it is active.
		const command = this.runtime.version.startsWith('1.') ? ['update:workflow', `--id=${workflowId}`, '--active=true'] : ['publish:workflow', `--id=${workflowId}`];
		const published = await this.cli(command);
		if (published.exitCode !== 0) throw new Error(`${command[0]} failed: ${published.stdout}${published.stderr}`);
	}

	async execute(workflowId: string): Promise<ExecutionResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		return { ...result, run: parseExecuteOutput(result.stdout) };
	}

	/** Starts `n8n start` and waits until it serves its REST API. */
	async start(port?: number): Promise<void> {
		this.port = port ?? (await freePort());
		await this.launch(['start'], { N8N_PORT: String(this.port), N8N_LISTEN_ADDRESS: '127.0.0.1' }, `${this.url}/healthz/readiness`);
		// n8n 1.x says it is ready, and serves some REST routes, seconds before it has finished starting;
		// an owner set up meanwhile may be lost (its password refused). Its last words are these.
		await this.waitForOutput('Editor is now accessible via');
	}

	/** Starts `n8n worker` (queue mode) and waits until its health check says it is ready. */
	async startWorker(concurrency: number): Promise<void> {
		const healthPort = await freePort();
		await this.launch(
			['worker', `--concurrency=${concurrency}`],
			{ QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort) },
			`http://127.0.0.1:${healthPort}/healthz/readiness`,
		);
	}

	private async waitForOutput(text: string): Promise<void> {
		const deadline = Date.now() + 120_000;
		while (!this.printed.includes(text)) {
			if (Date.now() > deadline) throw new Error(`n8n did not print "${text}" in time:\n${this.printed}`);
			await new Promise((resolveWait) => setTimeout(resolveWait, 200));
		}
	}

	/** Everything the running process printed so far. */
	get output(): string {
		return this.printed;
	}

	private async launch(args: string[], env: NodeJS.ProcessEnv, readiness: string): Promise<void> {
		this.printed = '';
		this.server = spawn(this.runtime.node, [this.runtime.n8n, ...args], {
			env: { ...this.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.server.stdout!.on('data', (data: Buffer) => (this.printed += data.toString()));
		this.server.stderr!.on('data', (data: Buffer) => (this.printed += data.toString()));
		const deadline = Date.now() + 120_000;
		while (Date.now() < deadline) {
			if (this.server.exitCode !== null) throw new Error(`n8n ${args[0]} exited early:\n${this.printed}`);
			const ready = await fetch(readiness).then((response) => response.ok).catch(() => false);
			if (ready) return;
			await new Promise((resolveWait) => setTimeout(resolveWait, 500));
		}
		throw new Error(`n8n ${args[0]} did not become ready in time:\n${this.printed}`);
	}

	/** Kills the running process at once, as a crash or an out-of-memory kill would. */
	kill(): void {
		if (this.server) signalGroup(this.server, 'SIGKILL');
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server || server.exitCode !== null || server.signalCode !== null) return;
		const exited = new Promise((resolveExit) => server.once('exit', resolveExit));
		signalGroup(server, 'SIGTERM');
		const timer = setTimeout(() => signalGroup(server, 'SIGKILL'), 15_000);
		await exited;
		clearTimeout(timer);
	}

	/** Sets up the instance owner (or signs in as it, when a user folder is reused) and returns the session cookie. */
	async signIn(): Promise<string> {
		if (this.cookie) return this.cookie;
		const post = async (path: string, body: unknown) =>
			await fetch(`${this.url}/rest/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		let response = await post('owner/setup', { ...OWNER, firstName: 'Test', lastName: 'Owner' });
		if (!response.ok) response = await post('login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		const cookie = response.headers.get('set-cookie')?.match(/n8n-auth=[^;]+/)?.[0];
		if (!cookie) throw new Error(`n8n owner sign-in failed: HTTP ${response.status} ${await response.text()}`);
		this.cookie = cookie;
		return cookie;
	}

	/** Calls n8n's internal REST API as the instance owner. */
	async rest<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
		await this.signIn();
		const response = await fetch(`${this.url}/rest/${path}`, {
			method,
			headers: { cookie: this.cookie, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
	}

	async destroy(): Promise<void> {
		await this.stop();
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}
