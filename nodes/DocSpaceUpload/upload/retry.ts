import { sleep } from 'n8n-workflow';

import { DocSpaceRequestError } from '../transport/request-error';
import { settle } from '../transport/settle';
import { failureOf, stepsAfter, type Phase } from './failure-policy';

export interface RetryPolicy {
	/** Tries after the first one; 0 means a request is sent once. */
	retries: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Omit<RetryPolicy, 'retries'> = { baseDelayMs: 500, maxDelayMs: 30_000 };

/** The longest Retry-After a request waits for; a portal that asks for more fails it at once. */
export function longestWait(policy: Pick<RetryPolicy, 'maxDelayMs'>): number {
	return policy.maxDelayMs * 4;
}

/** Full-jitter exponential backoff, or what the server asked for with Retry-After (capped). */
export function backoffDelay(policy: RetryPolicy, attempt: number, error: unknown, random = Math.random): number {
	const asked = error instanceof DocSpaceRequestError ? error.info.retryAfterMs : undefined;
	if (asked !== undefined) return Math.min(asked, longestWait(policy));
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Waits, and ends at once when the execution is canceled. n8n's `sleep` honours the signal on n8n
 * 2.x and ignores it on 1.x, so the wait also ends on the signal's own abort event.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	// Stryker disable next-line ConditionalExpression: n8n 1.x only (engine-n8n1 tests it): n8n 2.x's sleep ends at once on an aborted signal
	if (signal?.aborted) throw cancelled();
	if (!signal) return await sleep(ms);
	let onAbort!: () => void;
	// Stryker disable next-line BlockStatement: n8n 1.x only (engine-n8n1 tests it): n8n 2.x's sleep ends on the abort itself
	const aborted = new Promise<void>((resolve) => {
		onAbort = resolve;
		// Stryker disable next-line all: n8n 1.x only (engine-n8n1 tests it): n8n 2.x's sleep ends on the abort itself
		signal.addEventListener('abort', onAbort, { once: true });
	});
	const waited = await settle(Promise.race([sleep(ms, signal), aborted]));
	signal.removeEventListener('abort', onAbort);
	if (signal.aborted) throw cancelled();
	// Stryker disable next-line ConditionalExpression: equivalent while n8n's sleep fails only on an abort, which the line above throws
	if (!waited.ok) throw waited.error;
}

export function cancelled(): DocSpaceRequestError {
	return new DocSpaceRequestError('The execution was canceled', { kind: 'canceled' });
}

/** The failure policy's answer `restart`: the upload gives up its session and starts over in a new one. */
export class RestartUpload extends Error {
	constructor(readonly reason: unknown) {
		super(`The upload starts over: ${(reason as Error)?.message}`);
	}
}

export interface FailureHandling<T> {
	signal?: AbortSignal;
	/** Looks for the file the failed request may have committed; the request's result when it is found. */
	lookForCommit?: () => Promise<T | undefined>;
	/** Whether the upload may still start over in a new session. */
	mayRestart?: () => boolean;
	/** The result of a request whose failure is ignored. */
	ignore?: (error: unknown) => T;
	onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Sends a request until it succeeds, and after each failure does what the failure policy says for its
 * phase (which may depend on the attempt): retries it, takes a commit found in its place, throws
 * RestartUpload, returns what `ignore` makes of the failure, or throws the failure.
 */
export async function sendWithPolicy<T>(
	retry: RetryPolicy,
	phase: Phase | ((attempt: number) => Phase),
	send: () => Promise<T>,
	handling: FailureHandling<T> = {},
): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		const outcome = await settle(send());
		if (outcome.ok) return outcome.value;
		const { error } = outcome;
		const next = await afterFailure(retry, typeof phase === 'function' ? phase(attempt) : phase, attempt, error, handling);
		if (!next.retry) return next.result;
		const delayMs = backoffDelay(retry, attempt, error);
		handling.onRetry?.(error, attempt + 1, delayMs);
		await pause(delayMs, handling.signal);
	}
}

type Next<T> = { retry: true } | { retry: false; result: T };

async function afterFailure<T>(retry: RetryPolicy, phase: Phase, attempt: number, error: unknown, handling: FailureHandling<T>): Promise<Next<T>> {
	const failure = failureOf(error, phase);
	for (const step of stepsAfter(phase, failure)) {
		if (step === 'retry' && attempt < retry.retries && !asksTooLong(retry, error)) return { retry: true };
		if (step === 'look-for-commit') {
			const committed = await handling.lookForCommit?.();
			if (committed !== undefined) return { retry: false, result: committed };
		}
		if (step === 'restart' && handling.mayRestart?.()) throw new RestartUpload(error);
		if (step === 'ignore' && handling.ignore) return { retry: false, result: handling.ignore(error) };
		if (step === 'fail') break;
	}
	if (error instanceof DocSpaceRequestError) {
		error.info.attempts = attempt + 1;
		if (failure === 'session-gone') error.info.sessionGone = true;
	}
	throw error;
}

function asksTooLong(retry: RetryPolicy, error: unknown): boolean {
	return error instanceof DocSpaceRequestError && (error.info.retryAfterMs ?? 0) > longestWait(retry);
}
