import { sameBytes } from '../../nodes/DocSpaceUpload/upload/same-bytes';

async function* pieces(...parts: string[]): AsyncGenerator<Buffer> {
	for (const part of parts) yield Buffer.from(part);
}

async function* chunks(...parts: string[]): AsyncGenerator<{ bytes: Buffer }> {
	for (const part of parts) yield { bytes: Buffer.from(part) };
}

test.each<[string, string[], string[], boolean]>([
	['the same bytes cut differently', ['abc', 'defg', 'h'], ['abcd', 'efgh'], true],
	['one byte different', ['abc', 'dXf'], ['abcdef'], false],
	['a download that is shorter', ['abc'], ['abcd'], false],
	['a download that is longer', ['abcde'], ['abcd'], false],
	['both empty', [], [], true],
])('%s', async (_label, download, source, expected) => {
	const released: string[] = [];
	expect(await sameBytes(pieces(...download), chunks(...source), (chunk) => released.push(chunk.bytes.toString()))).toBe(expected);
	expect(released.length).toBeLessThanOrEqual(source.length);
});
