import { failureOf, FAILURE_POLICY, finalizePhase, type Failure, type Phase } from '../../nodes/DocSpaceUpload/upload/failure-policy';
import { RestartUpload, sendWithPolicy, type RetryPolicy } from '../../nodes/DocSpaceUpload/upload/retry';
import { classifyHttpFailure, DocSpaceRequestError, handlerFailure } from '../../nodes/DocSpaceUpload/transport/request-error';
import { SignInError } from '../../nodes/DocSpaceUpload/transport/sign-in-error';

const origin = 'https://portal.example.com';
const httpError = (status: number, data: unknown = '', headers: Record<string, string> = {}) =>
	classifyHttpFailure({ cause: { response: { status, data, headers } } }, origin);
const networkError = (code: string, message = code) => classifyHttpFailure({ cause: { code, message } }, origin);
const NULL_REFERENCE = 'Object reference not set to an instance of an object.';

describe('what a failure says about a request to an upload session', () => {
	test.each<[string, unknown, Failure]>([
		['a refused connection', networkError('ECONNREFUSED'), 'not-sent'],
		['a failed name lookup, for now', networkError('EAI_AGAIN'), 'not-sent'],
		['the rate limiter (429)', httpError(429, '', { 'retry-after': '3' }), 'not-sent'],
		['a reset connection', networkError('ECONNRESET'), 'unknown'],
		['a timeout', networkError('ECONNABORTED', 'timeout of 1000ms exceeded'), 'unknown'],
		['408', httpError(408), 'unknown'],
		['500 with DocSpace\'s error', httpError(500, { error: { message: 'boom' } }), 'unknown'],
		['a proxy\'s 502 page', httpError(502, '<html><title>502 Bad Gateway</title></html>', { 'content-type': 'text/html' }), 'unknown'],
		['a passing handler error', handlerFailure('Storage is busy'), 'unknown'],
		['the handler\'s expired session (2.0–2.0.x wording)', handlerFailure('Not authorized or session with specified upload id already expired'), 'session-gone'],
		['the handler\'s null session (2.5+)', handlerFailure(NULL_REFERENCE), 'session-gone'],
		['the handler\'s missing session (2.0.x)', handlerFailure('The required file was not found'), 'session-gone'],
		['a REST session route\'s 500 null reference (3.7.1+)', httpError(500, { error: { message: NULL_REFERENCE } }), 'session-gone'],
		['a null reference with another status', httpError(404, { error: { message: NULL_REFERENCE } }), 'final'],
		['a chunk over the size limit', handlerFailure('The maximum file size is exceeded (100 MB).'), 'final'],
		['no file in the request', handlerFailure('HttpRequest.Files is empty'), 'final'],
		['a size that does not add up', handlerFailure('uploadSize != bytesTotal'), 'final'],
		['an unreachable address', networkError('EADDRNOTAVAIL'), 'not-sent'],
		['a proxy\'s 429 page', httpError(429, '<html><title>Too Many Requests</title></html>', { 'content-type': 'text/html' }), 'not-sent'],
		['a null reference with 503', httpError(503, { error: { message: NULL_REFERENCE } }), 'unknown'],
		['a message that only contains the 2.0.x wording', handlerFailure('Storage error: the required file was not found'), 'unknown'],
		['an empty file', handlerFailure('Empty file'), 'final'],
		['a portal being deleted or moved', handlerFailure('Upload is not allowed for deleted or transferring portals'), 'final'],
		['a session without its size', handlerFailure('Nullable object must have a value.'), 'final'],
		['an answer that is not DocSpace\'s', new DocSpaceRequestError('DocSpace created an upload session without an id', { kind: 'malformed' }), 'final'],
		['401', httpError(401), 'final'],
		['404', httpError(404, { error: { message: 'The required folder was not found' } }), 'final'],
		['a login page with 200', httpError(200, '<!doctype html><html><title>Login</title>'), 'final'],
		['a redirect', httpError(301, '', { location: 'https://new.example.com/' }), 'final'],
		['an unknown host', networkError('ENOTFOUND'), 'final'],
		['a canceled execution', networkError('ERR_CANCELED', 'canceled'), 'final'],
		['an untrusted certificate', networkError('DEPTH_ZERO_SELF_SIGNED_CERT'), 'final'],
		['a refused sign-in', classifyHttpFailure({ cause: SignInError.refused('a@b.c') }, origin), 'final'],
		['not a request failure', new Error('the binary data is incomplete'), 'final'],
	])('%s', (_label, error, failure) => {
		expect(failureOf(error, 'numbered-chunk')).toBe(failure);
	});
});

describe('on a request to no session, DocSpace\'s "session gone" answer is a server error like any other', () => {
	const restNullReference = () => httpError(500, { error: { message: NULL_REFERENCE } });
	test.each<Phase>(['portal', 'create-session', 'read-back', 'lookup'])('%s: unknown', (phase) => {
		expect(failureOf(restNullReference(), phase)).toBe('unknown');
	});
	test.each<Phase>(['sequential-chunk', 'last-sequential-chunk', 'numbered-chunk', 'finalize', 'finalize-again', 'abort'])('%s: session-gone', (phase) => {
		expect(failureOf(restNullReference(), phase)).toBe('session-gone');
	});
	test('only a failure that ends the upload as session-gone is marked so for the error message', async () => {
		const inSession = restNullReference();
		await expect(sendWithPolicy({ retries: 0, baseDelayMs: 0, maxDelayMs: 0 }, 'finalize', async () => { throw inSession; })).rejects.toBe(inSession);
		expect(inSession.info.sessionGone).toBe(true);
		const noSession = restNullReference();
		await expect(sendWithPolicy({ retries: 0, baseDelayMs: 0, maxDelayMs: 0 }, 'create-session', async () => { throw noSession; })).rejects.toBe(noSession);
		expect(noSession.info.sessionGone).toBeUndefined();
	});
});

const FAILURES: Record<Failure, () => DocSpaceRequestError> = {
	'not-sent': () => networkError('ECONNREFUSED'),
	unknown: () => networkError('ECONNRESET'),
	// The REST session routes' answer: the one of the three texts a request to no session can also get.
	'session-gone': () => httpError(500, { error: { message: NULL_REFERENCE } }),
	final: () => httpError(403),
};

/**
 * What one failure of a request leads to, traced: L looked for the commit, then R retried, S started over
 * in a new session, F failed, I ignored the failure (the request's answer lost, the upload goes on).
 */
async function trace(phase: Phase, error: unknown, { retries = 1, restarts = true, commit = false } = {}): Promise<string> {
	const retry: RetryPolicy = { retries, baseDelayMs: 0, maxDelayMs: 0 };
	let steps = '';
	let calls = 0;
	const outcome = await sendWithPolicy(
		retry,
		phase,
		async () => {
			if (calls++ === 0) throw error;
			return 'R';
		},
		{
			lookForCommit: async () => {
				steps += 'L';
				return commit ? 'committed' : undefined;
			},
			mayRestart: () => restarts,
			ignore: () => 'I',
		},
	).catch((thrown: unknown) => (thrown instanceof RestartUpload && thrown.reason === error ? 'S' : thrown === error ? 'F' : `unexpected ${String(thrown)}`));
	return steps + outcome;
}

describe('the failure policy, phase by phase', () => {
	// A request to no session cannot lose one: there the session-gone answer is a 5xx, unknown.
	//                                       not-sent unknown session-gone final
	test.each<[Phase, string, string, string, string]>([
		['portal',                           'R',     'R',    'R',         'F'],
		['create-session',                   'R',     'R',    'R',         'F'],
		['sequential-chunk',                 'R',     'S',    'S',         'F'],
		['last-sequential-chunk',            'R',     'LS',   'S',         'F'],
		['numbered-chunk',                   'R',     'R',    'S',         'F'],
		['finalize',                         'R',     'LR',   'S',         'F'],
		['finalize-again',                   'R',     'LR',   'LS',        'F'],
		['read-back',                        'R',     'R',    'R',         'F'],
		['lookup',                           'I',     'I',    'I',         'I'],
		['abort',                            'I',     'I',    'I',         'I'],
	])('%s: not sent → %s, unknown → %s, session gone → %s, final → %s', async (phase, notSent, unknown, sessionGone, final) => {
		expect({
			'not-sent': await trace(phase, FAILURES['not-sent']()),
			unknown: await trace(phase, FAILURES.unknown()),
			'session-gone': await trace(phase, FAILURES['session-gone']()),
			final: await trace(phase, FAILURES.final()),
		}).toEqual({ 'not-sent': notSent, unknown, 'session-gone': sessionGone, final });
	});

	test('the table has a row for every phase and a column for every failure a request of it can have', () => {
		const columns = Object.fromEntries(Object.entries(FAILURE_POLICY).map(([phase, row]) => [phase, Object.keys(row).sort().join(' ')]));
		const all = 'final not-sent session-gone unknown';
		const sessionless = 'final not-sent unknown';
		expect(columns).toEqual({
			portal: sessionless, 'create-session': sessionless, 'read-back': sessionless, lookup: sessionless,
			'sequential-chunk': all, 'last-sequential-chunk': all, 'numbered-chunk': all, finalize: all, 'finalize-again': all, abort: all,
		});
	});

	test('with no retries left, a step that would retry passes to the next', async () => {
		expect(await trace('numbered-chunk', FAILURES.unknown(), { retries: 0 })).toBe('F');
		expect(await trace('sequential-chunk', FAILURES['not-sent'](), { retries: 0 })).toBe('F');
		expect(await trace('finalize', FAILURES.unknown(), { retries: 0 })).toBe('LF');
	});

	test('with no new session allowed, a step that would start over passes to the next', async () => {
		expect(await trace('last-sequential-chunk', FAILURES.unknown(), { restarts: false })).toBe('LF');
		expect(await trace('numbered-chunk', FAILURES['session-gone'](), { restarts: false })).toBe('F');
	});

	test('a commit found in place of a lost answer is the request\'s result', async () => {
		expect(await trace('last-sequential-chunk', FAILURES.unknown(), { commit: true })).toBe('Lcommitted');
		expect(await trace('finalize-again', FAILURES['session-gone'](), { commit: true })).toBe('Lcommitted');
	});

	test('a failure that is no request failure is thrown as it is, in every phase that fails', async () => {
		const notARequest = new Error('the binary data is incomplete');
		for (const phase of ['portal', 'numbered-chunk', 'finalize-again'] as const) {
			await expect(sendWithPolicy({ retries: 3, baseDelayMs: 0, maxDelayMs: 0 }, phase, async () => { throw notARequest; })).rejects.toBe(notARequest);
		}
	});

	test('a portal that asks to wait longer than the longest wait is not retried', async () => {
		const retry: RetryPolicy = { retries: 3, baseDelayMs: 0, maxDelayMs: 1000 };
		let calls = 0;
		const longWait = httpError(429, '', { 'retry-after': '5' });
		await expect(sendWithPolicy(retry, 'numbered-chunk', async () => { calls++; throw longWait; })).rejects.toBe(longWait);
		expect(calls).toBe(1);
		expect(longWait.info.attempts).toBe(1);
	});

	test('a finalize is sent "again" from its second attempt on', async () => {
		const failures = [FAILURES.unknown(), FAILURES['session-gone']()];
		let looks = 0;
		const outcome = await sendWithPolicy({ retries: 2, baseDelayMs: 0, maxDelayMs: 0 }, finalizePhase, async () => {
			throw failures.shift();
		}, { lookForCommit: async () => void looks++, mayRestart: () => true }).catch((error: unknown) => error);
		expect(outcome).toBeInstanceOf(RestartUpload);
		expect(looks).toBe(2);
	});
});
