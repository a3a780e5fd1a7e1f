import { chunkUploadUrl } from '../../nodes/DocSpaceUpload/transport/api';
import { portalOrigin } from '../../nodes/DocSpaceUpload/transport/portal';
import { failureOf } from '../../nodes/DocSpaceUpload/upload/failure-policy';

describe('portalOrigin', () => {
	test.each([
		['https://example.onlyoffice.com', 'https://example.onlyoffice.com'],
		['https://example.onlyoffice.com/', 'https://example.onlyoffice.com'],
		['  https://Example.OnlyOffice.com// ', 'https://example.onlyoffice.com'],
		['http://10.0.0.5:8080', 'http://10.0.0.5:8080'],
		['HTTPS://example.onlyoffice.com', 'https://example.onlyoffice.com'],
	])('accepts %j', (input, origin) => expect(portalOrigin(input)).toBe(origin));

	test.each([
		['', 'The credential has no Portal URL'],
		[undefined, 'The credential has no Portal URL'],
		['portal.example.com/?next=https://example.onlyoffice.com', 'does not start with https://'],
		['https://user@example.onlyoffice.com', 'must not contain a user name or password'],
		['example.onlyoffice.com', 'does not start with https://'],
		['ftp://example.com', 'does not start with https://'],
		['https://example.onlyoffice.com/rooms/shared', 'has a path'],
		['https://example.onlyoffice.com/?x=1', 'has a path'],
		['https://example.onlyoffice.com/#/rooms', 'has a path'],
		['https://user:pw@example.onlyoffice.com', 'must not contain a user name or password'],
		['https://exa mple.com', 'is not a valid address'],
	])('refuses %j', (input, message) => expect(() => portalOrigin(input)).toThrow(message));

	test.each([
		['example.onlyoffice.com', 'Write the full address, like https://example.onlyoffice.com'],
		['FTP://example.onlyoffice.com', 'Write the full address, like https://example.onlyoffice.com'],
		['example.onlyoffice.com:8443', 'Write the full address, like https://example.onlyoffice.com:8443'],
		['https://user:pw@example.onlyoffice.com', "use https://example.onlyoffice.com as the Portal URL"],
		['https://example.onlyoffice.com/rooms', 'Use https://example.onlyoffice.com as the Portal URL'],
	])('tells how to write %j', (input, hint) => expect(() => portalOrigin(input)).toThrow(expect.objectContaining({ hint: expect.stringContaining(hint) })));
});

describe('chunkUploadUrl', () => {
	const origin = 'https://portal.example.com';
	test('keeps a location on the portal', () => {
		expect(chunkUploadUrl(origin, 'https://portal.example.com/ChunkedUploader.ashx?uid=abc')).toBe(
			'https://portal.example.com/ChunkedUploader.ashx?uid=abc',
		);
	});
	test('moves a location on an internal host onto the portal', () => {
		expect(chunkUploadUrl(origin, 'http://files-service:5007/ChunkedUploader.ashx?uid=abc')).toBe(
			'https://portal.example.com/ChunkedUploader.ashx?uid=abc',
		);
	});
	test('accepts a relative location', () => {
		expect(chunkUploadUrl(origin, '/ChunkedUploader.ashx?uid=abc')).toBe('https://portal.example.com/ChunkedUploader.ashx?uid=abc');
	});
	test('reads the handler name in any case', () => {
		expect(chunkUploadUrl(origin, '/chunkeduploader.ashx?uid=abc')).toBe('https://portal.example.com/chunkeduploader.ashx?uid=abc');
	});
	test.each([
		'https://evil.example.com/upload?uid=abc',
		'https://portal.example.com/ChunkedUploader.ashx',
		'https://portal.example.com/ChunkedUploader.ashx?uid=',
		'https://portal.example.com/ChunkedUploader.ashx.bak?uid=abc',
	])('refuses %j, as a malformed answer that is not retried', (location) => {
		let error: unknown;
		try {
			chunkUploadUrl(origin, location);
		} catch (thrown) {
			error = thrown;
		}
		expect(error).toMatchObject({ message: expect.stringContaining('unexpected upload location'), info: { kind: 'malformed' } });
		expect(failureOf(error, 'create-session')).toBe('final');
	});
});
