import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { toNodeError, type FailureContext } from '../../nodes/DocSpaceUpload/errors';
import { InputError } from '../../nodes/DocSpaceUpload/input-error';
import { DocSpaceRequestError, type FailureInfo } from '../../nodes/DocSpaceUpload/transport/request-error';
import { SizeMismatchError } from '../../nodes/DocSpaceUpload/upload/exact-chunks';
import { UnsupportedModeError, UploadIntegrityError } from '../../nodes/DocSpaceUpload/upload/file-upload';

/**
 * What the user reads for each thing that can go wrong with an item: n8n's error class, the message,
 * the description that says what to do, the HTTP status and the item it belongs to. The engine tests
 * show these arise from real answers; this table shows each branch of the wording at once.
 */
const node: INode = { id: 'node', name: 'DocSpace Upload', type: 'docSpaceUpload', typeVersion: 1, position: [0, 0], parameters: {} };
const context: FailureContext = { itemIndex: 3, folderId: 2001, fileName: 'report.pdf', fileSize: 5000, chunkSize: 1024 };

function requestError(message: string, info: FailureInfo): DocSpaceRequestError {
	return new DocSpaceRequestError(message, info);
}

interface Expected {
	message: RegExp;
	description?: RegExp;
	httpCode?: string;
}

describe('a failed request is told as', () => {
	const HOUR = 60 * 60_000;
	test.each<[string, DocSpaceRequestError, Partial<FailureContext>, Expected]>([
		[
			'a session lost again',
			requestError('Object reference not set to an instance of an object.', { kind: 'http', status: 500, serverMessage: 'Object reference not set', sessionGone: true }),
			{},
			{ message: /^The upload session on DocSpace was lost/, description: /^The upload was started over.*DocSpace said: "Object reference not set"\. Nothing partial/, httpCode: '500' },
		],
		['a cancellation', requestError('canceled', { kind: 'canceled' }), {}, { message: /^The upload was canceled$/, description: /session aborted/ }],
		['a refused sign-in', requestError('DocSpace did not accept the e-mail and password for ann@example.com', { kind: 'sign-in' }), {}, { message: /^DocSpace did not accept the e-mail/, description: /two-factor authentication or single sign-on need an API key/ }],
		['a certificate problem', requestError('The certificate is self-signed', { kind: 'tls' }), {}, { message: /^The certificate is self-signed$/, description: /turn on "Ignore SSL Issues"/ }],
		['a network failure with its code', requestError('the connection was refused', { kind: 'network', code: 'ECONNREFUSED' }), {}, { message: /^the connection was refused$/, description: /^Network error ECONNREFUSED\. Check the Portal URL/ }],
		['a network failure without a code', requestError('the connection broke', { kind: 'network' }), {}, { message: /^the connection broke$/, description: /^Check the Portal URL/ }],
		['a timeout', requestError('No answer within 30 seconds', { kind: 'timeout' }), {}, { message: /^No answer within 30 seconds$/, description: /Raise the "Request Timeout" option/ }],
		[
			'a redirect to another portal',
			requestError('redirected', { kind: 'redirect', status: 301, location: 'HTTPS://new.example.com/api/2.0/files/2001' }),
			{},
			{ message: /^The portal redirected the request to HTTPS:\/\/new\.example\.com\/api/, description: /set the credential's Portal URL to https:\/\/new\.example\.com\.$/, httpCode: '301' },
		],
		[
			'a redirect to a plain-HTTP address',
			requestError('redirected', { kind: 'redirect', status: 302, location: 'http://portal.example.com/login' }),
			{},
			{ message: /to http:\/\/portal\.example\.com\/login$/, description: /Portal URL to http:\/\/portal\.example\.com\.$/ },
		],
		[
			'a redirect to another scheme, though it names an https address',
			requestError('redirected', { kind: 'redirect', status: 302, location: 'ftp://mirror.example.com/?from=https://portal.example.com' }),
			{},
			{ message: /to ftp:\/\/mirror\.example\.com\/\?from=https:\/\/portal\.example\.com$/, description: /Check the credential's Portal URL\.$/ },
		],
		['a redirect to a path', requestError('redirected', { kind: 'redirect', status: 302, location: '/login?back=https://x' }), {}, { message: /to \/login\?back=https:\/\/x$/, description: /Check the credential's Portal URL\.$/ }],
		['a redirect without a Location', requestError('redirected', { kind: 'redirect', status: 302 }), {}, { message: /to another address$/, description: /Check the credential's Portal URL\.$/ }],
		['a web page from a proxy that is down', requestError('HTML', { kind: 'html', status: 502, pageTitle: 'Bad Gateway', attempts: 3 }), {}, { message: /^The portal or a proxy in front of it was unavailable \(HTTP 502: Bad Gateway\)$/, description: /^The request was sent 3 times\. DocSpace, or the proxy/ }],
		['a web page of a failing server', requestError('HTML', { kind: 'html', status: 500, pageTitle: 'Internal Server Error' }), {}, { message: /^The portal or a proxy in front of it was unavailable \(HTTP 500: Internal Server Error\)$/, description: /^DocSpace, or the proxy/ }],
		['a web page where the API should be', requestError('The portal answered with a web page (Sign in)', { kind: 'html', status: 200 }), {}, { message: /^The portal answered with a web page/, description: /no login page, proxy or firewall answers in its place/ }],
		['a web page refusing the request', requestError('The portal answered with a web page (Forbidden)', { kind: 'html', status: 403 }), {}, { message: /^The portal answered with a web page/, description: /no login page, proxy or firewall/, httpCode: '403' }],
		['an answer that is not DocSpace JSON', requestError('DocSpace created an upload session without an id', { kind: 'malformed', status: 200 }), {}, { message: /without an id$/, description: /does not look like a DocSpace portal/ }],
		[
			'a chunk refused as too large',
			requestError('DocSpace refused the upload request: The maximum file size is exceeded', { kind: 'handler', status: 200, serverMessage: 'The maximum file size is exceeded' }),
			{},
			{ message: /^DocSpace refused a chunk as too large: The maximum file size is exceeded$/, description: /^Chunks are 1024 bytes/ },
		],
		[
			'a chunk refused as too large, before the chunk size was known',
			requestError('refused', { kind: 'handler', status: 200, serverMessage: 'The maximum file size is exceeded' }),
			{ chunkSize: undefined },
			{ message: /too large/, description: /^Chunks are the bytes/ },
		],
		['another refusal of the chunk handler', requestError('DocSpace refused the upload request: Access denied', { kind: 'handler', status: 200, serverMessage: 'Access denied' }), {}, { message: /: Access denied$/, description: /^The upload session was aborted/ }],
		['a refused credential', requestError('401', { kind: 'http', status: 401 }), {}, { message: /^DocSpace did not accept the credentials \(HTTP 401\)$/, description: /an API key can expire/, httpCode: '401' }],
		['a file over the quota', requestError('402', { kind: 'http', status: 402, serverMessage: 'Quota exceeded' }), {}, { message: /^The file is too large for this DocSpace portal: Quota exceeded$/, description: /^The file has 5000 bytes\. The portal's tariff/, httpCode: '402' }],
		['a file over the quota, unexplained and of unknown size', requestError('402', { kind: 'http', status: 402 }), { fileSize: undefined }, { message: /^The file is too large for this DocSpace portal$/, description: /^The file portal's tariff/ }],
		['no right to the folder', requestError('403', { kind: 'http', status: 403, serverMessage: 'Access denied' }), {}, { message: /^No permission to upload into folder 2001$/, description: /^DocSpace said: "Access denied"\. The credential's user needs/ }],
		['no right to a folder not yet known', requestError('403', { kind: 'http', status: 403 }), { folderId: undefined }, { message: /^No permission to upload into the folder$/, description: /^The credential's user needs/ }],
		['a missing folder', requestError('404', { kind: 'http', status: 404 }), {}, { message: /^The folder 2001 was not found in DocSpace$/, description: /^Check the folder ID/ }],
		['a missing folder not yet known', requestError('404', { kind: 'http', status: 404 }), { folderId: undefined }, { message: /^The folder was not found in DocSpace$/ }],
		['a proxy refusing the body size', requestError('413', { kind: 'http', status: 413 }), {}, { message: /refused the upload as too large \(HTTP 413\)$/, description: /^Each chunk is 1024 bytes/, httpCode: '413' }],
		['a proxy refusing the body size, chunk size unknown', requestError('413', { kind: 'http', status: 413 }), { chunkSize: undefined }, { message: /HTTP 413/, description: /^Each chunk is about 10 MB bytes/ }],
		['a refused file type', requestError('415', { kind: 'http', status: 415, serverMessage: 'Unsupported format' }), {}, { message: /^DocSpace does not accept this type of file: Unsupported format$/, description: /formats its administrator allowed/ }],
		['a refused file type, unexplained', requestError('415', { kind: 'http', status: 415 }), {}, { message: /^DocSpace does not accept this type of file$/ }],
		['a rate limit', requestError('429', { kind: 'http', status: 429, retryAfterMs: 5000, attempts: 4 }), {}, { message: /^DocSpace is limiting the rate of requests \(HTTP 429\)$/, description: /^The request was sent 4 times\. The request was retried with pauses/ }],
		['a rate limit of unknown length', requestError('429', { kind: 'http', status: 429 }), {}, { message: /\(HTTP 429\)$/, description: /^The request was retried with pauses/ }],
		[
			'a rate limit just over the longest pause',
			requestError('429', { kind: 'http', status: 429, retryAfterMs: 2 * 60_000 + 1 }),
			{},
			{ message: /asks to wait until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, description: /ends in 3 minutes, longer than the node waits/ },
		],
		['a rate limit of the longest pause', requestError('429', { kind: 'http', status: 429, retryAfterMs: 2 * 60_000 }), {}, { message: /\(HTTP 429\)$/ }],
		['a daily rate limit', requestError('429', { kind: 'http', status: 429, retryAfterMs: 5 * HOUR + 20 * 60_000 }), {}, { message: /asks to wait until/, description: /ends in about 5 hours,/ }],
		['a rate limit of 119 minutes', requestError('429', { kind: 'http', status: 429, retryAfterMs: 119 * 60_000 }), {}, { message: /asks to wait until/, description: /ends in 119 minutes,/ }],
		['a rate limit of 120 minutes', requestError('429', { kind: 'http', status: 429, retryAfterMs: 120 * 60_000 }), {}, { message: /asks to wait until/, description: /ends in about 2 hours,/ }],
		['a server error without DocSpace\'s words', requestError('500', { kind: 'http', status: 500, attempts: 1 }), {}, { message: /^The portal or a proxy in front of it was unavailable \(HTTP 500\)$/, description: /^The request was sent once\./ }],
		['a server error DocSpace explains', requestError('DocSpace answered HTTP 500: Database timeout', { kind: 'http', status: 500, serverMessage: 'Database timeout', attempts: 2 }), {}, { message: /: Database timeout$/, description: /^The request was sent 2 times\. The portal may be overloaded/ }],
		['any other refusal DocSpace explains', requestError('DocSpace answered HTTP 400: Invalid title', { kind: 'http', status: 400, serverMessage: 'Invalid title' }), {}, { message: /Invalid title$/, description: /^DocSpace said: "Invalid title"\.$/, httpCode: '400' }],
		['any other refusal', requestError('DocSpace answered HTTP 409', { kind: 'http', status: 409 }), {}, { message: /HTTP 409$/, description: /^DocSpace refused the request\.$/ }],
	])('%s', (_label, error, override, expected) => {
		const nodeError = toNodeError(node, error, { ...context, ...override });
		expect(nodeError).toBeInstanceOf(NodeApiError);
		expect(nodeError.message).toMatch(expected.message);
		if (expected.description) expect(nodeError.description).toMatch(expected.description);
		if (expected.httpCode) expect((nodeError as NodeApiError).httpCode).toBe(expected.httpCode);
		expect(nodeError.context.itemIndex).toBe(3);
		expect((nodeError as NodeApiError).errorResponse).toStrictEqual({ message: nodeError.message, ...(error.info.serverMessage ? { serverMessage: error.info.serverMessage } : {}) });
	});

	test('a long rate limit names the time it ends', () => {
		const before = Date.now();
		const nodeError = toNodeError(node, requestError('429', { kind: 'http', status: 429, retryAfterMs: 3 * HOUR }), context);
		const until = Date.parse(/until (\S+)$/.exec(nodeError.message)![1]);
		// The time is given to the second.
		expect(until).toBeGreaterThanOrEqual(Math.floor((before + 3 * HOUR) / 1000) * 1000);
		expect(until).toBeLessThanOrEqual(Date.now() + 3 * HOUR);
	});

	test('the HTTP status is left out when there was none', () => {
		const nodeError = toNodeError(node, requestError('the connection broke', { kind: 'network' }), context) as NodeApiError;
		expect(nodeError.httpCode).toBeNull();
	});
});

describe('a failure of the node itself is told as', () => {
	test.each<[string, () => Error, typeof NodeApiError | typeof NodeOperationError, Expected]>([
		['bad input', () => new InputError('"next Tuesday" is not a date', 'Enter a date like 2026-12-01'), NodeOperationError, { message: /^"next Tuesday" is not a date$/, description: /^Enter a date like 2026-12-01$/ }],
		['an option the portal cannot do', () => new UnsupportedModeError('This portal cannot take numbered chunks'), NodeOperationError, { message: /^This portal cannot take numbered chunks$/ }],
		['binary data longer than recorded', () => new SizeMismatchError(100, 101), NodeOperationError, { message: /^The binary data of item 3 is larger than recorded: /, description: /changed after an earlier node stored it/ }],
		['binary data shorter than recorded', () => new SizeMismatchError(100, 99), NodeOperationError, { message: /^The binary data of item 3 is incomplete: /, description: /may still be written by an earlier node/ }],
		['a commit in doubt, with its file', () => new UploadIntegrityError('DocSpace stored 4999 of 5000 bytes', 77), NodeApiError, { message: /^DocSpace stored 4999 of 5000 bytes$/, description: /^Check file id 77 in DocSpace/ }],
		['a commit in doubt, nothing committed', () => new UploadIntegrityError('DocSpace never completed the upload'), NodeApiError, { message: /never completed/, description: /^Nothing was reported as uploaded\. Run the workflow again\.$/ }],
		['a commit in doubt, with its own advice', () => new UploadIntegrityError('A different file was committed', 77, 'Delete file 77.'), NodeApiError, { message: /different file/, description: /^Delete file 77\.$/ }],
		['anything else', () => new TypeError('x is not a function'), NodeOperationError, { message: /^x is not a function$/ }],
	])('%s', (_label, error, errorClass, expected) => {
		const nodeError = toNodeError(node, error(), context);
		expect(nodeError.constructor).toBe(errorClass);
		expect(nodeError.message).toMatch(expected.message);
		if (expected.description) expect(nodeError.description).toMatch(expected.description);
		expect(nodeError.context.itemIndex).toBe(3);
	});

	test.each([
		['NodeOperationError', () => new NodeOperationError(node, 'Already told')],
		['NodeApiError', () => new NodeApiError(node, { message: 'Already told' }, { message: 'Already told' })],
	])("n8n's own %s is kept, for this item", (_label, make) => {
		const error = make();
		const nodeError = toNodeError(node, error, context);
		expect(nodeError).toBe(error);
		expect(nodeError.context.itemIndex).toBe(3);
	});
});
