import { installRuntime, packPackage } from './real-n8n';

/** Once per test run: the n8n runtime (installed into .cache on first use) and this package as npm would ship it. */
export default async function globalSetup(): Promise<void> {
	process.stderr.write('\n[e2e] preparing Node 24 + n8n 2.41.1 (first run installs into .cache, ~3 min) and packing the package\n');
	await installRuntime();
	await packPackage();
}
