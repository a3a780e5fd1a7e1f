import { getEventListeners } from 'node:events';

import { DocSpaceRequestError } from '../../nodes/DocSpaceUpload/transport/request-error';
import { backoffDelay, pause, sendWithPolicy } from '../../nodes/DocSpaceUpload/upload/retry';

const policy = { retries: 3, baseDelayMs: 1, maxDelayMs: 4 };
const transient = () => new DocSpaceRequestError('503', { kind: 'http', status: 503 });
const permanent = () => new DocSpaceRequestError('403', { kind: 'http', status: 403 });

test('a transient failure is retried until it passes', async () => {
	let calls = 0;
	const retries: number[] = [];
	const result = await sendWithPolicy(policy, 'portal', async () => (++calls < 3 ? Promise.reject(transient()) : 'ok'), {
		onRetry: (_error, attempt) => retries.push(attempt),
	});
	expect(result).toBe('ok');
	expect(calls).toBe(3);
	expect(retries).toEqual([1, 2]);
});

test('retries stop at the policy\'s limit and the last failure is thrown', async () => {
	let calls = 0;
	await expect(sendWithPolicy(policy, 'portal', async () => { calls++; throw transient(); })).rejects.toThrow('503');
	expect(calls).toBe(4);
});

test('a final failure, or one its phase does not retry, is thrown at once', async () => {
	let calls = 0;
	await expect(sendWithPolicy(policy, 'portal', async () => { calls++; throw permanent(); })).rejects.toThrow('403');
	await expect(sendWithPolicy(policy, 'sequential-chunk', async () => { calls++; throw transient(); })).rejects.toThrow('503');
	expect(calls).toBe(2);
});

test('a cancelled execution stops waiting between retries', async () => {
	const controller = new AbortController();
	controller.abort();
	await expect(sendWithPolicy({ retries: 3, baseDelayMs: 10_000, maxDelayMs: 10_000 }, 'portal', async () => { throw transient(); }, { signal: controller.signal })).rejects.toThrow(
		'The execution was canceled',
	);
});

describe('a backoff pause (on fake timers: a pause that does not end at once never ends)', () => {
	beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }));
	afterEach(() => {
		jest.clearAllTimers();
		jest.useRealTimers();
	});
	/** Lets every promise that can settle now settle. */
	const settled = async () => await new Promise((resolve) => setImmediate(resolve));
	const outcomeOf = (promise: Promise<unknown>) => {
		const outcome: { value?: string } = {};
		promise.then(
			() => (outcome.value = 'ended'),
			(error: Error) => (outcome.value = error.message),
		);
		return outcome;
	};

	test('lasts its time and leaves no listener on the execution\'s signal', async () => {
		const controller = new AbortController();
		const outcome = outcomeOf(pause(60_000, controller.signal));
		jest.advanceTimersByTime(59_999);
		await settled();
		expect(outcome.value).toBeUndefined();
		jest.advanceTimersByTime(1);
		await settled();
		expect(outcome.value).toBe('ended');
		expect(getEventListeners(controller.signal, 'abort')).toEqual([]);
	});

	test('ends at once when the execution is canceled during it', async () => {
		const controller = new AbortController();
		const outcome = outcomeOf(pause(60_000, controller.signal));
		await settled();
		expect(outcome.value).toBeUndefined();
		controller.abort();
		await settled();
		expect(outcome.value).toBe('The execution was canceled');
	});

	test('a cancellation between retries ends sendWithPolicy at once, without another request', async () => {
		const controller = new AbortController();
		let calls = 0;
		const outcome = outcomeOf(
			sendWithPolicy({ retries: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 }, 'portal', async () => { calls++; throw transient(); }, { signal: controller.signal }),
		);
		await settled();
		expect(calls).toBe(1);
		expect(outcome.value).toBeUndefined();
		controller.abort();
		await settled();
		expect(outcome.value).toBe('The execution was canceled');
		expect(calls).toBe(1);
	});
});

describe('backoffDelay', () => {
	const slow = { retries: 5, baseDelayMs: 500, maxDelayMs: 30_000 };
	test('grows exponentially with jitter and a ceiling', () => {
		expect(backoffDelay(slow, 0, transient(), () => 0)).toBe(250);
		expect(backoffDelay(slow, 0, transient(), () => 1)).toBe(500);
		expect(backoffDelay(slow, 3, transient(), () => 1)).toBe(4000);
		expect(backoffDelay(slow, 20, transient(), () => 1)).toBe(30_000);
	});
	test('follows Retry-After, within reason', () => {
		const asked = (ms: number) => new DocSpaceRequestError('429', { kind: 'http', status: 429, retryAfterMs: ms });
		expect(backoffDelay(slow, 0, asked(7000))).toBe(7000);
		expect(backoffDelay(slow, 0, asked(3_600_000))).toBe(120_000);
	});
});
