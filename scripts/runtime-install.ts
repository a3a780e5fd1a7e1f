import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { PROJECT_DIR } from '../test/e2e/real-n8n';

/**
 * Installs Node 24 and n8n 2.41.1 into .cache (scripts/n8n-runtime.sh) with the script's progress on
 * this terminal: the first time takes minutes, and a silent wait looks like a hang. Cached, it returns at once.
 */
export async function installRuntimeWithProgress(): Promise<void> {
	const script = join(PROJECT_DIR, 'scripts', 'n8n-runtime.sh');
	const code = await new Promise<number | null>((resolve, reject) => {
		const child = spawn('bash', [script, 'install'], { stdio: ['ignore', 'inherit', 'inherit'] });
		child.on('error', reject);
		child.on('exit', resolve);
	});
	if (code !== 0) throw new Error(`scripts/n8n-runtime.sh install failed (exit code ${String(code)}); its messages are above`);
}
