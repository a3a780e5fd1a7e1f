import { checkRelativePath, fileNameFor, numberOption, NUMBER_OPTIONS } from '../../nodes/DocSpaceUpload/parameters';

describe('fileNameFor', () => {
	test('prefers the File Name parameter over the binary\'s name', () => {
		expect(fileNameFor('report.pdf', 'tmp.bin')).toBe('report.pdf');
		expect(fileNameFor('', 'tmp.bin')).toBe('tmp.bin');
	});
	test('keeps names DocSpace accepts, emoji and other scripts included', () => {
		for (const name of ['Отчёт 2026.docx', 'résumé (final).pdf', 'photo 📷.jpg', 'a..b.txt', 'x'.repeat(170)]) {
			expect(fileNameFor(name, undefined)).toBe(name);
		}
	});
	test.each([
		['', undefined, 'The file has no name'],
		['reports/q3.pdf', undefined, 'contains a slash'],
		['C:\\temp\\a.txt', undefined, 'contains a slash'],
		['..', undefined, '".." is not a file name'],
		['.', undefined, '"." is not a file name'],
		['line\nbreak.txt', undefined, 'contains control characters'],
		['nul\u0000.txt', undefined, 'contains control characters'],
		['unit\u001fseparator.txt', undefined, 'contains control characters'],
		['delete\u007f.txt', undefined, 'contains control characters'],
		['', 'tab\tin binary name.txt', 'from the binary data contains control characters'],
		['x'.repeat(171), undefined, 'has 171 characters; DocSpace allows 170'],
		['', 'from/binary.txt', 'from the binary data contains a slash'],
	])('refuses %j (binary name %j)', (parameter, binaryName, message) => {
		expect(() => fileNameFor(parameter, binaryName)).toThrow(message);
	});
});

describe('checkRelativePath', () => {
	test.each([
		[undefined, undefined],
		['', undefined],
		['/', undefined],
		['2026/invoices', '2026/invoices'],
		[' /2026//invoices/ ', '2026/invoices'],
	])('normalises %j', (input, expected) => expect(checkRelativePath(input)).toBe(expected));
	test.each([
		['../up', 'contains ".."'],
		['a/./b', 'contains "."'],
		['a\\b', 'contains a backslash or control character'],
		['2026/in\nvoices', 'contains a backslash or control character'],
		['nul\u0000/b', 'contains a backslash or control character'],
		['a/unit\u001fseparator', 'contains a backslash or control character'],
	])('refuses %j', (input, message) => expect(() => checkRelativePath(input)).toThrow(message));
});

describe('numberOption', () => {
	const specs = Object.values(NUMBER_OPTIONS);

	test.each(specs)('$name takes its bounds $min and $max, and numeric text as its number', (spec) => {
		expect(numberOption({ [spec.name]: spec.min }, spec)).toBe(spec.min);
		expect(numberOption({ [spec.name]: spec.max }, spec)).toBe(spec.max);
		expect(numberOption({ [spec.name]: ` ${spec.max} ` }, spec)).toBe(spec.max);
	});

	test.each(specs)('$name refuses a value just outside its range', (spec) => {
		for (const value of [spec.min - 1, spec.max + 1, spec.min - 0.5, spec.max + 0.5]) {
			expect(() => numberOption({ [spec.name]: value }, spec)).toThrow(`The option "${spec.label}" must be`);
		}
	});

	test.each(specs)('$name falls back to $fallback when unset, null or empty', (spec) => {
		for (const value of [undefined, null, '']) expect(numberOption({ [spec.name]: value }, spec)).toBe(spec.fallback);
	});

	test('whole-number options refuse fractions; the timeout takes them', () => {
		expect(() => numberOption({ retries: 2.5 }, NUMBER_OPTIONS.retries)).toThrow(/must be a whole number from 0 to 20, but is 2\.5$/);
		expect(numberOption({ timeout: 2.5 }, NUMBER_OPTIONS.timeout)).toBe(2.5);
	});

	test('blank text and other types are refused, named by what they are', () => {
		expect(() => numberOption({ retries: '  ' }, NUMBER_OPTIONS.retries)).toThrow('but is the text "  "');
		expect(() => numberOption({ retries: true }, NUMBER_OPTIONS.retries)).toThrow('but is true (boolean)');
		expect(() => numberOption({ retries: [3] }, NUMBER_OPTIONS.retries)).toThrow('but is [3] (object)');
	});
});
