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
	expect(parseRetryAfter(5)).toBe(5000);
	expect(parseRetryAfter(null)).toBeUndefined();
	expect(parseRetryAfter({ seconds: 5 })).toBeUndefined();
});

describe('what kind of failure an exchange was, at the edges', () => {
	test.each([
		['the first redirect status', httpError(300, ''), { kind: 'redirect', status: 300 }],
		['the last redirect status', httpError(399, ''), { kind: 'redirect', status: 399 }],
		['the first client error', httpError(400, ''), { kind: 'http', status: 400 }],
		['a timeout known by its text only', { message: 'timeout of 5000ms exceeded' }, { kind: 'timeout' }],
		['a timeout known by its code only', networkError('ETIMEDOUT', 'socket hang up'), { kind: 'timeout' }],
		['a cancellation known by its text only', { message: 'Request canceled' }, { kind: 'canceled' }],
		['a cancellation known by its code only', networkError('ERR_CANCELED', 'aborted'), { kind: 'canceled' }],
		['JSON that holds a "<"', httpError(500, '{"error":"a < b"}', { 'content-type': 'application/json' }), { kind: 'http' }],
		['a page after white space, untyped', httpError(502, '  \n<html><title> Bad Gateway </title></html>'), { kind: 'html', pageTitle: 'Bad Gateway' }],
		['a page without a title', httpError(502, '<html></html>', { 'content-type': 'text/html' }), { kind: 'html', pageTitle: undefined }],
		['a sign-in refusal n8n 1.x kept as text', { message: 'DocSpace did not accept the e-mail and password for a@b.c' }, { kind: 'sign-in' }],
		['an error two wrappers deep', { message: 'outer', cause: { message: 'middle', cause: { code: 'ECONNRESET', message: 'read ECONNRESET' } } }, { kind: 'network', code: 'ECONNRESET' }],
		['a code that is not a system error code', { message: 'x', code: 'not-a-code', cause: { code: 'ECONNREFUSED' } }, { kind: 'network', code: 'ECONNREFUSED' }],
		['a page typed as one that does not start with a tag', httpError(502, 'Bad Gateway', { 'content-type': 'text/html; charset=utf-8' }), { kind: 'html', status: 502 }],
		['an answer without a body', httpError(500, undefined), { kind: 'http', status: 500, serverMessage: undefined }],
		['an error without a cause', { message: 'x', cause: null }, { kind: 'network' }],
		['an error that is its own cause', (() => { const error: { message: string; cause?: unknown } = { message: 'loop' }; error.cause = error; return error; })(), { kind: 'network' }],
		['no error at all', undefined, { kind: 'network' }],
		// n8n 1.x hands over a NodeApiError that kept only the status, the parsed body and the original text.
		['a status n8n 1.x kept', { message: 'Service unavailable', httpCode: '503', context: { data: { error: { message: 'Maintenance' } } } }, { kind: 'http', status: 503, serverMessage: 'Maintenance' }],
		['a system error code n8n 1.x kept', { message: 'The connection was refused', httpCode: 'ECONNREFUSED', messages: ['connect ECONNREFUSED 127.0.0.1:1'] }, { kind: 'network', code: 'ECONNREFUSED' }],
	])('%s', (_label, error, info) => {
		expect(classifyHttpFailure(error, origin).info).toMatchObject(info);
	});

	test.each([
		['in the words of the innermost error', { message: 'outer', cause: { code: 'EPROTO', message: 'write EPROTO wrong version number' } }, 'Could not reach DocSpace at https://portal.example.com: write EPROTO wrong version number'],
		['in the original words n8n 1.x kept', { message: 'Something went wrong', httpCode: 'EPROTO', messages: ['write EPROTO wrong version number'] }, 'Could not reach DocSpace at https://portal.example.com: write EPROTO wrong version number'],
		['as unknown when nothing says', undefined, 'Could not reach DocSpace at https://portal.example.com: unknown error'],
	])('a network failure without words of its own is told %s', (_label, error, message) => {
		expect(classifyHttpFailure(error, origin).message).toBe(message);
	});
});
