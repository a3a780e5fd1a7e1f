/**
 * The npm package as users get it: what `npm pack` puts in it, and that it installs into a clean n8n
 * user folder (`npm install` in ~/.n8n/nodes) and that each of N8N_VERSIONS loads its node and credential.
 */
import { execFileSync } from 'node:child_process';

import { N8N_VERSIONS, packedTarball, RealN8n } from './real-n8n';

jest.setTimeout(300_000);

test('the tarball holds only dist/, README.md, LICENSE and package.json', () => {
	const entries = execFileSync('tar', ['tzf', packedTarball()], { encoding: 'utf8' }).trim().split('\n');
	const outside = entries.filter((entry) => !/^package\/(dist\/.+|README\.md|LICENSE|package\.json)$/.test(entry));
	expect(outside).toEqual([]);
	expect(entries).toEqual(
		expect.arrayContaining([
			'package/dist/nodes/DocSpaceUpload/DocSpaceUpload.node.js',
			'package/dist/nodes/DocSpaceUpload/DocSpaceUpload.node.json',
			'package/dist/nodes/DocSpaceUpload/docspace.svg',
			'package/dist/nodes/DocSpaceUpload/docspace.dark.svg',
			'package/dist/credentials/DocSpaceApi.credentials.js',
			'package/dist/credentials/docspace.svg',
			'package/README.md',
			'package/LICENSE',
		]),
	);
	expect(entries.filter((entry) => entry.endsWith('.tsbuildinfo') || (entry.endsWith('.ts') && !entry.endsWith('.d.ts')))).toEqual([]);
});

test.each(N8N_VERSIONS)('it installs into a clean n8n user folder and n8n %s loads its node and credential', async (version) => {
	const n8n = await RealN8n.create({ version });
	try {
		// Any CLI command boots n8n's node loader; at debug level it reports what each package contributed.
		const result = await n8n.cli(['execute', '--id=NoSuchWorkflow01'], { N8N_LOG_LEVEL: 'debug' });
		expect(result.stdout).toMatch(/Loaded all credentials and nodes from n8n-nodes-docspace-upload.*"credentials": 1, "nodes": 1/);
		expect(`${result.stdout}${result.stderr}`).not.toMatch(/n8n-nodes-docspace-upload.*(error|failed)/i);
	} finally {
		await n8n.destroy();
	}
});
