/**
 * Number options can come from expressions, which hand over text or any number. Each wrong value is
 * refused before anything is uploaded, with a message that names the option, its range and the value.
 */
import { useEmulator } from '../helpers/emulator-fixture';
import { runUpload, uploadParameters } from '../helpers/engine';
import { credentialsFor, MiB, Scratch } from '../helpers/fixtures';
import { expectNodeError } from '../helpers/node-errors';

const emulator = useEmulator({ chunkUploadSize: MiB });
const scratch = new Scratch();

afterAll(() => scratch.cleanup());

async function uploadWith(options: Record<string, unknown>, files = 1) {
	const sources = Array.from({ length: files }, (_, index) => scratch.file(`numbers-${index}.bin`, 2 * MiB + 1));
	return await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001, { options }),
		files: sources.map((source) => ({ name: source.name, path: source.path })),
	});
}

const OPTIONS = [
	['parallelChunks', 'Parallel Chunks', 'a whole number from 1 to 15'],
	['itemConcurrency', 'Files Uploaded at Once', 'a whole number from 1 to 16'],
	['retries', 'Retries per Request', 'a whole number from 0 to 20'],
	['timeout', 'Request Timeout (Seconds)', 'a number from 1 to 86400'],
] as const;

const WRONG_VALUES: Record<(typeof OPTIONS)[number][0], Array<[string, string]>> = {
	parallelChunks: [['={{ "five" }}', 'the text "five"'], ['={{ 0 }}', '0'], ['={{ 16 }}', '16'], ['={{ 2.5 }}', '2.5'], ['={{ NaN }}', 'NaN']],
	itemConcurrency: [['={{ "five" }}', 'the text "five"'], ['={{ 0 }}', '0'], ['={{ 17 }}', '17'], ['={{ 1.5 }}', '1.5'], ['={{ NaN }}', 'NaN']],
	retries: [['={{ "five" }}', 'the text "five"'], ['={{ -1 }}', '-1'], ['={{ 100 }}', '100'], ['={{ 0.5 }}', '0.5'], ['={{ NaN }}', 'NaN']],
	timeout: [['={{ "five" }}', 'the text "five"'], ['={{ 0 }}', '0'], ['={{ 100000 }}', '100000'], ['={{ NaN }}', 'NaN']],
};

describe.each(OPTIONS)('%s', (name, label, range) => {
	test.each(WRONG_VALUES[name])('%s is refused by name before anything is uploaded', async (expression, shown) => {
		const result = await uploadWith({ [name]: expression }, 2);
		expectNodeError(result.error, {
			message: `The option "${label}" must be ${range}, but is ${shown}`,
			description: new RegExp(`Set "${label.replace(/[()]/g, '\\$&')}" to ${range}`),
			operation: true,
		});
		expect(emulator().log.chunkRequests()).toEqual([]);
		expect([...emulator().portal.files.values()].filter((file) => file.title.startsWith('numbers-'))).toEqual([]);
	});
});

test('numeric text from an expression counts as its number', async () => {
	const result = await uploadWith({ parallelChunks: '={{ "2" }}', retries: '={{ "3" }}', timeout: '={{ "1.5" }}', itemConcurrency: '={{ "2" }}' }, 2);
	expect(result.error).toBeUndefined();
	expect(result.output).toHaveLength(2);
});

test('with "Continue On Fail", a wrong value fails only its own item', async () => {
	const sources = [scratch.file('continue-0.bin', 10), scratch.file('continue-1.bin', 10)];
	const result = await runUpload({
		credentials: credentialsFor(emulator()),
		parameters: uploadParameters(2001, { options: { retries: '={{ $json.retries }}' } }),
		files: [
			{ name: sources[0].name, path: sources[0].path, json: { retries: 'many' } },
			{ name: sources[1].name, path: sources[1].path, json: { retries: 2 } },
		],
		continueOnFail: true,
	});
	expect(result.output.map((item) => item.json.error ?? item.json.title)).toEqual([
		'The option "Retries per Request" must be a whole number from 0 to 20, but is the text "many"',
		'continue-1.bin',
	]);
});
