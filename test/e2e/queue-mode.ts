import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort, PROJECT_DIR, RealN8n } from './real-n8n';

const run = promisify(execFile);
const DATABASE = { name: 'n8n', user: 'n8n', password: 'n8n-queue-test' };

/** Runs a command as the `postgres` user when we are root (initdb refuses to run as root). */
function asPostgres(command: string, args: string[]): [string, string[]] {
	return userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** A throwaway PostgreSQL server on loopback, from Debian's packages. */
export class Postgres {
	private constructor(
		readonly port: number,
		private readonly dataDir: string,
		private readonly binDir: string,
	) {}

	static async start(binDir: string): Promise<Postgres> {
		const dataDir = mkdtempSync(join(tmpdir(), 'n8n-postgres-'));
		if (userInfo().uid === 0) {
			const { stdout } = await run('id', ['-u', 'postgres']);
			const { stdout: group } = await run('id', ['-g', 'postgres']);
			chownSync(dataDir, Number(stdout), Number(group));
		}
		await run(...asPostgres(join(binDir, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']));
		const port = await freePort();
		const options = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
		await run(...asPostgres(join(binDir, 'pg_ctl'), ['-D', dataDir, '-o', options, '-w', '-l', join(dataDir, 'server.log'), 'start']));
		const postgres = new Postgres(port, dataDir, binDir);
		await postgres.sql(`CREATE USER ${DATABASE.user} PASSWORD '${DATABASE.password}'`, 'postgres', 'postgres');
		await postgres.sql(`CREATE DATABASE ${DATABASE.name} OWNER ${DATABASE.user}`, 'postgres', 'postgres');
		return postgres;
	}

	/** Runs SQL with psql and returns the rows, tab-separated. */
	async sql(query: string, database = DATABASE.name, user = DATABASE.user): Promise<string[][]> {
		const { stdout } = await run('psql', ['-h', '127.0.0.1', '-p', String(this.port), '-U', user, '-d', database, '-At', '-F', '\t', '-c', query], {
			env: { ...process.env, PGPASSWORD: DATABASE.password },
		});
		return stdout.split('\n').filter(Boolean).map((line) => line.split('\t'));
	}

	async stop(): Promise<void> {
		await run(...asPostgres(join(this.binDir, 'pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', 'stop'])).catch(() => undefined);
		rmSync(this.dataDir, { recursive: true, force: true });
	}
}

/** A throwaway Redis server on loopback, from Debian's packages. */
export class Redis {
	private constructor(
		readonly port: number,
		private readonly process: ChildProcess,
	) {}

	static async start(): Promise<Redis> {
		const port = await freePort();
		const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
		for (let attempt = 0; attempt < 50; attempt++) {
			const ready = await run('redis-cli', ['-p', String(port), 'ping']).then(({ stdout }) => stdout.trim() === 'PONG').catch(() => false);
			if (ready) return new Redis(port, child);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		throw new Error('redis-server did not start');
	}

	async stop(): Promise<void> {
		this.process.kill('SIGKILL');
	}
}

export interface QueueModeOptions {
	workers?: number;
	/** Executions each worker runs at once. */
	concurrency?: number;
	/** Environment for every n8n process, e.g. shorter stalled-job checks. */
	env?: NodeJS.ProcessEnv;
}

/**
 * n8n in queue mode, as a team runs it: PostgreSQL holds workflows, executions and (binary data mode
 * `database`) binary data, Redis queues executions, one main receives webhooks and workers run them.
 * Every process has its own user folder with the package installed, and they share the encryption key.
 */
export class QueueMode {
	private constructor(
		readonly postgres: Postgres,
		readonly redis: Redis,
		readonly main: RealN8n,
		readonly workers: RealN8n[],
		private readonly concurrency: number,
	) {}

	static async create(options: QueueModeOptions = {}): Promise<QueueMode> {
		const { stdout } = await run('bash', [join(PROJECT_DIR, 'scripts', 'queue-packages.sh')]);
		const postgres = await Postgres.start(stdout.trim().split('\n').pop()!);
		const redis = await Redis.start().catch(async (error: unknown) => {
			await postgres.stop();
			throw error;
		});
		const env: NodeJS.ProcessEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: DATABASE.name,
			DB_POSTGRESDB_USER: DATABASE.user,
			DB_POSTGRESDB_PASSWORD: DATABASE.password,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: 'queue-mode-test-encryption-key',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			...options.env,
		};
		try {
			const main = await RealN8n.create({ binaryMode: 'database', env });
			const workers = await Promise.all(Array.from({ length: options.workers ?? 2 }, async () => await RealN8n.create({ binaryMode: 'database', env })));
			return new QueueMode(postgres, redis, main, workers, options.concurrency ?? 2);
		} catch (error) {
			await redis.stop();
			await postgres.stop();
			throw error;
		}
	}

	/** Starts the main instance, then the workers. */
	async start(): Promise<void> {
		await this.main.start();
		await Promise.all(this.workers.map(async (worker) => await worker.startWorker(this.concurrency)));
	}

	/** Which worker ran each execution, from the workers' own log lines ("Worker started execution N"). */
	executionsByWorker(): Map<string, number> {
		const byExecution = new Map<string, number>();
		this.workers.forEach((worker, index) => {
			for (const match of worker.output.matchAll(/Worker started execution (\d+)/g)) byExecution.set(match[1], index);
		});
		return byExecution;
	}

	async destroy(): Promise<void> {
		try {
			await Promise.all([this.main, ...this.workers].map(async (n8n) => await n8n.destroy()));
		} finally {
			await this.redis.stop();
			await this.postgres.stop();
		}
	}
}
