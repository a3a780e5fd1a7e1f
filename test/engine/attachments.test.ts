/**
 * Several binary fields of one item (an e-mail's attachment_0, attachment_1, …): "Input Binary Field"
 * as a list or a pattern, one output item per file in order, paired with its input item.
 */
import { useEmulator } from '../helpers/emulator-fixture';
import { runUpload, uploadParameters } from '../helpers/engine';
import { credentialsFor, MiB, Scratch, type TestFile } from '../helpers/fixtures';
import { expectNodeError } from '../helpers/node-errors';
import type { FileSpec } from '../helpers/test-files-node';

const emulator = useEmulator({ chunkUploadSize: MiB });
const scratch = new Scratch();

afterAll(() => scratch.cleanup());

/** One item with these binary fields, in this order: scratch files, or inline content. */
function mail(fields: Record<string, TestFile | FileSpec>): FileSpec {
	const [first, ...rest] = Object.entries(fields).map(([field, file]): FileSpec => ({ name: file.name, path: file.path, base64: (file as FileSpec).base64, field }));
	return { ...first, json: { subject: 'invoices' }, more: rest };
}

function stored(id: unknown): string | undefined {
	return emulator().file(id as number)?.versions.at(-1)?.sha256;
}

function run(binaryPropertyName: string, files: FileSpec[], extra: { continueOnFail?: boolean; fileName?: string } = {}) {
	return runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001, { binaryPropertyName, ...(extra.fileName ? { fileName: extra.fileName } : {}) }),
		files,
		continueOnFail: extra.continueOnFail,
	});
}

test('"attachment_*" uploads every attachment of each item, one output item per file in the item\'s field order, paired', async () => {
	const first = [scratch.file('a-1.pdf', 2 * MiB + 3), scratch.file('a-2.txt', 10)];
	const second = [scratch.file('b-1.png', 100), scratch.file('b-2.csv', 200), scratch.file('b-3.bin', MiB)];
	const result = await run('attachment_*', [
		mail({ attachment_0: first[0], html: { name: 'body.html', base64: 'PGI+aGk8L2I+' }, attachment_1: first[1] }),
		mail({ attachment_0: second[0], attachment_1: second[1], attachment_2: second[2] }),
	]);
	expect(result.error).toBeUndefined();
	expect(result.output.map((item) => [item.json.title, item.json.binaryField, item.pairedItem])).toEqual([
		['a-1.pdf', 'attachment_0', { item: 0 }],
		['a-2.txt', 'attachment_1', { item: 0 }],
		['b-1.png', 'attachment_0', { item: 1 }],
		['b-2.csv', 'attachment_1', { item: 1 }],
		['b-3.bin', 'attachment_2', { item: 1 }],
	]);
	expect(result.output.map((item) => stored(item.json.id))).toEqual([...first, ...second].map((file) => file.sha256));
});

test('a list takes the fields in the order it names them; "*" takes every binary field', async () => {
	const files = [scratch.file('one.txt', 11), scratch.file('two.txt', 22), scratch.file('three.txt', 33)];
	const item = mail({ first: files[0], second: files[1], third: files[2] });
	const listed = await run(' third , first ', [item]);
	expect(listed.error).toBeUndefined();
	expect(listed.output.map((item) => [item.json.title, item.json.binaryField])).toEqual([['three.txt', 'third'], ['one.txt', 'first']]);

	const all = await run('*', [item]);
	expect(all.error).toBeUndefined();
	expect(all.output.map((item) => item.json.binaryField)).toEqual(['first', 'second', 'third']);
	expect(all.output.map((item) => stored(item.json.id))).toEqual(files.map((file) => file.sha256));
});

test('a pattern that matches no field fails the item, naming the fields it has', async () => {
	const files = [scratch.file('x.txt', 5)];
	const result = await run('attachment_*', [mail({ data: files[0] })]);
	expectNodeError(result.error, { message: 'No binary field of the item matches "attachment_*"', description: /Its binary fields are: data\./, operation: true });
});

test('"File Name" with several files fails the item instead of giving every file the same name', async () => {
	const files = [scratch.file('p.txt', 5), scratch.file('q.txt', 6)];
	const result = await run('attachment_*', [mail({ attachment_0: files[0], attachment_1: files[1] })], { fileName: 'same.txt' });
	expectNodeError(result.error, { message: '"File Name" names one file, but item 0 has 2: attachment_0, attachment_1', operation: true });
	expect([...emulator().portal.files.values()].some((file) => file.title === 'same.txt')).toBe(false);
});

test('with "Continue On Fail" a file that fails is its own error item, naming its field, and the others are uploaded', async () => {
	const good = [scratch.file('good-1.txt', 10), scratch.file('good-2.txt', 20)];
	const result = await run(
		'attachment_*',
		[mail({ attachment_0: good[0], attachment_1: { name: 'bad\u0007name.txt', base64: 'AAAA' }, attachment_2: good[1] })],
		{ continueOnFail: true },
	);
	expect(result.error).toBeUndefined();
	expect(result.output.map((item) => [item.json.title ?? item.json.error, item.json.binaryField, item.pairedItem])).toEqual([
		['good-1.txt', 'attachment_0', { item: 0 }],
		['The file name from the binary data contains control characters (binary field "attachment_1")', 'attachment_1', { item: 0 }],
		['good-2.txt', 'attachment_2', { item: 0 }],
	]);
	expect(stored(result.output[2].json.id)).toBe(good[1].sha256);
});

test.each([
	['a pattern that matches one field', 'attachment_*', ' (binary field "attachment_0")'],
	['a list of one field', 'attachment_0, ', ' (binary field "attachment_0")'],
	['the one field named', 'attachment_0', ''],
	['the one field named, with spaces around it', ' attachment_0 ', ''],
])('a failing file is named by its field where the item names fields by %s', async (_label, binaryPropertyName, suffix) => {
	const result = await run(binaryPropertyName, [mail({ attachment_0: { name: 'bad\u0007name.txt', base64: 'AAAA' } })]);
	expectNodeError(result.error, { message: `The file name from the binary data contains control characters${suffix}`, operation: true });
});

test('a failing file is named by its field where a pattern selects several fields, the first of them named like the pattern', async () => {
	const result = await run('scan*', [mail({ 'scan*': { name: 'bad\u0007name.txt', base64: 'AAAA' }, scan_2: scratch.file('scan-2.txt', 10) })]);
	expectNodeError(result.error, { message: 'The file name from the binary data contains control characters (binary field "scan*")', operation: true });
});
