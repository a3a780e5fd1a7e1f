import { SignInError } from '../../nodes/DocSpaceUpload/transport/sign-in-error';
import {
	classifyHttpFailure,
	handlerFailure,
	isSessionGone,
	parseRetryAfter,
} from '../../nodes/DocSpaceUpload/transport/request-error';

const origin = 'https://portal.example.com';
const httpError = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
	message: `Request failed with status code ${status}`,
	cause: { response: { status, data, headers } },
});
const networkError = (code: string, message = code) => ({ message: 'wrapped', cause: { code, message } });

describe('classifyHttpFailure', () => {
	test.each([
		[httpError(401, ''), { kind: 'http', status: 401, transient: false, delivery: 'refused' }],
		[httpError(404, { error: { message: 'The required folder was not found' } }), { kind: 'http', serverMessage: 'The required folder was not found', transient: false }],
		[httpError(429, '', { 'retry-after': '3' }), { kind: 'http', transient: true, delivery: 'not-sent', retryAfterMs: 3000 }],
		[httpError(408, ''), { transient: true, delivery: 'unknown' }],
		[httpError(500, { error: { message: 'boom' } }), { kind: 'http', transient: true, delivery: 'unknown' }],
		[httpError(502, '<html><title>502 Bad Gateway</title></html>', { 'content-type': 'text/html' }), { kind: 'html', transient: true }],
		[httpError(200, '<!doctype html><html><title>Login</title>'), { kind: 'html', transient: false }],
		[httpError(301, '', { location: 'https://new.example.com/' }), { kind: 'redirect', location: 'https://new.example.com/' }],
		[networkError('ECONNREFUSED'), { kind: 'network', delivery: 'not-sent', transient: true }],
		[networkError('ECONNRESET'), { kind: 'network', delivery: 'unknown', transient: true }],
		[networkError('ENOTFOUND'), { kind: 'network', transient: false }],
		[networkError('ECONNABORTED', 'timeout of 1000ms exceeded'), { kind: 'timeout', transient: true, delivery: 'unknown' }],
		[networkError('ERR_CANCELED', 'canceled'), { kind: 'canceled', transient: false }],
		[networkError('DEPTH_ZERO_SELF_SIGNED_CERT'), { kind: 'tls', transient: false }],
		[{ message: 'x', cause: new SignInError('DocSpace did not accept the e-mail and password for a@b.c') }, { kind: 'sign-in', transient: false }],
	])('%#: %j', (error, info) => {
		expect(classifyHttpFailure(error, origin).info).toMatchObject(info);
	});

	test('names the portal, never the request headers', () => {
		const failure = classifyHttpFailure({ cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED', config: { headers: { Cookie: 'asc_auth_key=secret' } } } }, origin);
		expect(failure.message).toBe('Could not reach DocSpace at https://portal.example.com: the connection was refused');
	});
});

describe('handler answers', () => {
	test('an expired session is recognised and not retried in place', () => {
		const error = handlerFailure('Not authorized or session with specified upload id already expired');
		expect(isSessionGone(error)).toBe(true);
		expect(error.info.transient).toBe(false);
	});
	test.each(['The maximum file size is exceeded (100 MB).', 'HttpRequest.Files is empty', 'uploadSize != bytesTotal'])('%j is permanent', (message) => {
		expect(handlerFailure(message).info).toMatchObject({ transient: false, delivery: 'refused' });
	});
	test('an unexpected handler failure may have stored the chunk and may pass', () => {
		expect(handlerFailure('Storage is busy').info).toMatchObject({ transient: true, delivery: 'unknown' });
	});
});

test('parseRetryAfter reads seconds and HTTP dates', () => {
	expect(parseRetryAfter('2')).toBe(2000);
	expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
	expect(parseRetryAfter('soon')).toBeUndefined();
	expect(parseRetryAfter(undefined)).toBeUndefined();
});
