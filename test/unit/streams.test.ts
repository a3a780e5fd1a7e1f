import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { readAhead } from '../../nodes/DocSpaceUpload/upload/streams';

async function* failsAfterOne() {
	yield 1;
	throw new Error('the binary data store failed');
}

/** The consumer is busy (a chunk on the wire) while the failed read is already settled. */
async function consumeSlowly(seen: number[]): Promise<void> {
	for await (const value of readAhead(failsAfterOne())) {
		seen.push(value);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

test('readAhead reads the next value while the current one is used, and reports a failed read in order', async () => {
	const seen: number[] = [];
	await expect(consumeSlowly(seen)).rejects.toThrow('the binary data store failed');
	expect(seen).toEqual([1]);
});

// jest gives each test file a sandboxed `process` that never sees an unhandled rejection, so the
// check runs in plain Node, which ends the process on one (as n8n's would log or crash on it).
test('a read that fails while the consumer is busy is never an unhandled rejection', async () => {
	const script = `
		const { readAhead } = require(${JSON.stringify(join(__dirname, '../../nodes/DocSpaceUpload/upload/streams.ts'))});
		${failsAfterOne.toString().replace(/^async function\*\s*\w+/, 'async function* failsAfterOne')}
		(async () => {
			try {
				for await (const value of readAhead(failsAfterOne())) await new Promise((resolve) => setTimeout(resolve, 50));
			} catch (error) {
				console.log('reported in order: ' + error.message);
			}
		})();
	`;
	const tsx = join(__dirname, '../../node_modules/.bin/tsx');
	const { stdout } = await promisify(execFile)(tsx, ['-e', script], { timeout: 30_000 });
	expect(stdout.trim()).toBe('reported in order: the binary data store failed');
});
