import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** The newest n8n 1.x line (n8n 1.123): its n8n-core and n8n-workflow. */
export const N8N_1 = { 'n8n-core': '1.122.48', 'n8n-workflow': '1.120.31' };
export const N8N_1_DIR = resolve(__dirname, '../../.cache/compat/n8n-1');

/** Installs the n8n 1.x engine packages into .cache (once) for the engine tests' n8n 1.x run. */
export default async function globalSetup(): Promise<void> {
	const marker = join(N8N_1_DIR, 'installed.json');
	if (existsSync(marker) && readFileSync(marker, 'utf8') === JSON.stringify(N8N_1)) return;
	process.stderr.write(`\n[n8n 1.x] installing n8n-core ${N8N_1['n8n-core']} and n8n-workflow ${N8N_1['n8n-workflow']} into .cache/compat\n`);
	mkdirSync(N8N_1_DIR, { recursive: true });
	writeFileSync(join(N8N_1_DIR, 'package.json'), JSON.stringify({ name: 'n8n-1-engine', private: true }));
	const packages = Object.entries(N8N_1).map(([name, version]) => `${name}@${version}`);
	await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', ...packages], { cwd: N8N_1_DIR });
	writeFileSync(marker, JSON.stringify(N8N_1));
}
