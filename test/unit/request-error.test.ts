import { SignInError } from '../../nodes/DocSpaceUpload/transport/sign-in-error';
import {
	classifyHttpFailure,
	handlerFailure,
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
		[httpError(401, ''), { kind: 'http', status: 401 }],
		[httpError(404, { error: { message: 'The required folder was not found' } }), { kind: 'http', serverMessage: 'The required folder was not found' }],
		[httpError(429, '', { 'retry-after': '3' }), { kind: 'http', retryAfterMs: 3000 }],
		[httpError(408, ''), { kind: 'http', status: 408 }],
		[httpError(500, { error: { message: 'boom' } }), { kind: 'http' }],
		[httpError(502, '<html><title>502 Bad Gateway</title></html>', { 'content-type': 'text/html' }), { kind: 'html' }],
		[httpError(200, '<!doctype html><html><title>Login</title>'), { kind: 'html' }],
		[httpError(301, '', { location: 'https://new.example.com/' }), { kind: 'redirect', location: 'https://new.example.com/' }],
		[networkError('ECONNREFUSED'), { kind: 'network' }],
		[networkError('ECONNRESET'), { kind: 'network' }],
		[networkError('ENOTFOUND'), { kind: 'network' }],
		[networkError('ECONNABORTED', 'timeout of 1000ms exceeded'), { kind: 'timeout' }],
		[networkError('ERR_CANCELED', 'canceled'), { kind: 'canceled' }],
		[networkError('DEPTH_ZERO_SELF_SIGNED_CERT'), { kind: 'tls' }],
		[{ message: 'x', cause: new SignInError('DocSpace did not accept the e-mail and password for a@b.c') }, { kind: 'sign-in' }],
	])('%#: %j', (error, info) => {
		expect(classifyHttpFailure(error, origin).info).toMatchObject(info);
	});

	test('names the portal, never the request headers', () => {
		const failure = classifyHttpFailure({ cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED', config: { headers: { Cookie: 'asc_auth_key=secret' } } } }, origin);
		expect(failure.message).toBe('Could not reach DocSpace at https://portal.example.com: the connection was refused');
	});
});

test('a handler answer keeps what DocSpace said', () => {
	expect(handlerFailure('Storage is busy').info).toEqual({ kind: 'handler', status: 200, serverMessage: 'Storage is busy' });
});

test('parseRetryAfter reads seconds and HTTP dates', () => {
	expect(parseRetryAfter('2')).toBe(2000);
	expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
	expect(parseRetryAfter('soon')).toBeUndefined();
	expect(parseRetryAfter(undefined)).toBeUndefined();
});
