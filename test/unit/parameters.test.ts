import { checkRelativePath, fileNameFor } from '../../nodes/DocSpaceUpload/parameters';

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
