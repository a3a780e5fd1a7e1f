import { selectBinaryFields } from '../../nodes/DocSpaceUpload/upload/binary-fields';

const mail = ['html', 'attachment_0', 'attachment_1', 'attachment_10', 'data'];

test.each<[string, string[]]>([
	['data', ['data']],
	[' data ', ['data']],
	['attachment_*', ['attachment_0', 'attachment_1', 'attachment_10']],
	['*', mail],
	['data, attachment_1', ['data', 'attachment_1']],
	['attachment_1, attachment_*', ['attachment_1', 'attachment_0', 'attachment_10']],
	['*_1*', ['attachment_1', 'attachment_10']],
	['a.tachment_0, attachment_?', ['a.tachment_0', 'attachment_?']],
	['missing', ['missing']],
])('%j selects %j', (setting, expected) => {
	expect(selectBinaryFields(setting, mail)).toEqual(expected);
});

function errorOf(run: () => unknown): unknown {
	try {
		run();
	} catch (error) {
		return error;
	}
	return undefined;
}

test('a pattern that matches nothing names the fields the item has', () => {
	expect(errorOf(() => selectBinaryFields('attachment_*', ['data', 'html']))).toMatchObject({
		message: 'No binary field of the item matches "attachment_*"',
		hint: expect.stringMatching(/^Its binary fields are: data, html\./),
	});
});

test('an empty setting selects nothing and says so', () => {
	expect(errorOf(() => selectBinaryFields(' , ', []))).toMatchObject({
		message: '" , " names no binary field, and the item has no binary data',
		hint: 'DocSpace Upload sends files from the binary data of each item. This item only has JSON.',
	});
});
