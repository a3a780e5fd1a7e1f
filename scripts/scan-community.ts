/**
 * n8n's verification scan on this checkout. @n8n/scan-community-package's CLI only scans a published
 * package, so this calls the scanner's own analyzePackage (scanner/scanner.mjs) on the two legs its
 * analyzePackageByName runs: the sources (SOURCE_FILE_PATTERNS) and the npm tarball (`**\/*.js` and
 * package.json). Its ESLint ignores inline eslint-disable comments (allowInlineConfig: false).
 * Run after `npm run build`; exits non-zero when either leg has an error.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { ScanResult } from '@n8n/scan-community-package/scanner/scanner.mjs';

const PROJECT_DIR = resolve(__dirname, '..');
// scanner.mjs, analyzePackageByName: `analyzePackage(packageDir, ['**/*.js', 'package.json'])`.
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

interface PackResult {
	filename: string;
}

interface N8nPackageJson {
	n8n: { nodes?: string[]; credentials?: string[] };
}

/** `npm pack` and extract as the scanner does (`tar -xzf <tarball> -C <dir> --strip-components=1`). */
function packAndExtract(workDir: string): { tarball: string; packageDir: string } {
	const [pack] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], { cwd: PROJECT_DIR, encoding: 'utf8' }),
	) as PackResult[];
	const packageDir = join(workDir, 'package');
	mkdirSync(packageDir);
	execFileSync('tar', ['-xzf', join(workDir, pack.filename), '-C', packageDir, '--strip-components=1']);
	const { n8n } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as N8nPackageJson;
	const missing = [...(n8n.nodes ?? []), ...(n8n.credentials ?? [])].filter((file) => !existsSync(join(packageDir, file)));
	if (missing.length > 0) {
		throw new Error(`The tarball lacks ${missing.join(', ')}: run \`npm run build\` first`);
	}
	return { tarball: pack.filename, packageDir };
}

function report(leg: string, result: ScanResult): boolean {
	process.stdout.write(`${result.passed ? '✅' : '❌'} ${leg}: ${result.passed ? 'no errors' : result.message}\n`);
	if (result.details) process.stdout.write(`${result.details}\n`);
	return result.passed;
}

async function main(): Promise<void> {
	const workDir = mkdtempSync(join(tmpdir(), 'scan-community-'));
	// The scanner makes a temporary directory when it is loaded (scanner.mjs, TEMP_DIR); keep it in ours.
	process.env.TMPDIR = workDir;
	try {
		const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
		const sources = await analyzePackage(PROJECT_DIR, SOURCE_FILE_PATTERNS);
		const sourcesPassed = report(`n8n scanner, sources (${SOURCE_FILE_PATTERNS.join(', ')})`, sources);
		const { tarball, packageDir } = packAndExtract(workDir);
		const packed = await analyzePackage(packageDir, TARBALL_FILE_PATTERNS);
		const packedPassed = report(`n8n scanner, tarball ${tarball} (${TARBALL_FILE_PATTERNS.join(', ')})`, packed);
		if (!sourcesPassed || !packedPassed) process.exitCode = 1;
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exitCode = 1;
});
