import { installRuntime, N8N_VERSIONS, packPackage } from './real-n8n';

/** Once per test run: the n8n runtimes (installed into .cache on first use) and this package as npm would ship it. */
export default async function globalSetup(): Promise<void> {
	process.stderr.write(`\n[e2e] preparing Node 24 + n8n ${N8N_VERSIONS.join(' and ')} (first run installs into .cache, ~3 min each) and packing the package\n`);
	await Promise.all([...N8N_VERSIONS.map(async (version) => await installRuntime(version)), packPackage()]);
}
