import { parseFolderId, parseFolderLocator, parseFolderUrl } from '../../nodes/DocSpaceUpload/folder';

const portal = 'https://example.onlyoffice.com';

describe('parseFolderId', () => {
	test.each([
		['2001', { id: 2001 }],
		[' 42 ', { id: 42 }],
		[7, { id: 7 }],
		['@my', { myDocuments: true }],
		['@MY', { myDocuments: true }],
	])('reads %j', (value, expected) => expect(parseFolderId(value)).toEqual(expected));
	test.each(['', 'Sales', '0', '-3', '12.5', '2001abc', 'abc2001', '@myself', 'me@my'])('refuses %j', (value) => {
		expect(() => parseFolderId(value)).toThrow(/is not a DocSpace folder ID|No folder is set/);
	});
});

describe('parseFolderUrl', () => {
	test.each([
		[`${portal}/rooms/shared/2001/filter?folder=2001&count=100`, 2001],
		[`${portal}/rooms/shared/filter?folder=3001`, 3001],
		[`${portal}/rooms/shared/2001/filter?folder=3001`, 3001],
		[`${portal}/rooms/personal/filter?folder=1001&sortby=DateAndTime`, 1001],
		[`${portal}/rooms/archived/2010/filter`, 2010],
		[`${portal}/rooms/shared/2001`, 2001],
		[`${portal}/rooms/shared/filter?FOLDER=55`, 55],
		[`${portal}/Rooms/Shared/2001/filter`, 2001],
		[`${portal}/rooms/shared/2001/filter?folder=3001abc`, 2001],
	])('reads the folder of %s', (link, id) => expect(parseFolderUrl(link, portal)).toEqual({ id }));

	test.each([
		['  not a link  ', '"not a link" is not a link'],
		[`${portal}/doceditor?fileId=70001`, 'The link opens a file, not a folder'],
		[`${portal}/products/files/doceditor.aspx?fileid=5`, 'The link opens a file, not a folder'],
		[`${portal}/rooms/shared/filter?folder=2001&fileid=5`, 'The link opens a file, not a folder'],
		[`${portal}/doceditor?folder=2001`, 'The link opens a file, not a folder'],
		[`${portal}/rooms/share?key=abc123`, 'public share link'],
		[`${portal}/s/Xy12`, 'public share link'],
		[`${portal}/accounts/people`, 'does not name a DocSpace room or folder'],
		[`${portal}/rooms/shared/filter?folder=abc3001`, 'does not name a DocSpace room or folder'],
		[`${portal}/rooms/shared/2001abc/filter`, 'does not name a DocSpace room or folder'],
		[`${portal}/rooms/shared/x2001/filter`, 'does not name a DocSpace room or folder'],
		['https://other.onlyoffice.com/rooms/shared/filter?folder=5', 'The link is for https://other.onlyoffice.com'],
	])('explains what is wrong with %s', (link, message) => expect(() => parseFolderUrl(link, portal)).toThrow(message));
});

describe('parseFolderLocator', () => {
	test.each<[string, Parameters<typeof parseFolderLocator>[0], ReturnType<typeof parseFolderLocator>]>([
		['a picked folder', { __rl: true, mode: 'list', value: '2001' }, { id: 2001 }],
		['an id', { __rl: true, mode: 'id', value: '@my' }, { myDocuments: true }],
		['a link', { __rl: true, mode: 'url', value: `${portal}/rooms/shared/filter?folder=3001` }, { id: 3001 }],
		['a plain id, as saved by older workflows', '2001', { id: 2001 }],
	])('reads %s', (_label, locator, expected) => expect(parseFolderLocator(locator, portal)).toEqual(expected));

	test('an unset folder says so', () => {
		expect(() => parseFolderLocator(null as unknown as string, portal)).toThrow('No folder is set');
	});
});
