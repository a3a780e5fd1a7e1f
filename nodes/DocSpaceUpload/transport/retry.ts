import { sleep } from 'n8n-workflow';

import { DocSpaceRequestError } from './request-error';
import { settle } from './settle';

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
	if (signal?.aborted) throw cancelled();
	if (!signal) return await sleep(ms);
	let onAbort!: () => void;
	const aborted = new Promise<void>((resolve) => {
		onAbort = resolve;
		signal.addEventListener('abort', onAbort, { once: true });
	});
	const waited = await settle(Promise.race([sleep(ms, signal), aborted]));
	signal.removeEventListener('abort', onAbort);
	if (signal.aborted) throw cancelled();
	if (!waited.ok) throw waited.error;
}

export function cancelled(): DocSpaceRequestError {
	return new DocSpaceRequestError('The execution was canceled', { kind: 'canceled', delivery: 'unknown', transient: false });
}

export interface RetryHooks {
	signal?: AbortSignal;
	/** Whether this failure may be retried in place; by default any transient failure may. */
	canRetry?: (error: DocSpaceRequestError) => boolean;
	onRetry?: (error: DocSpaceRequestError, attempt: number, delayMs: number) => void;
}

/** Runs `send` until it succeeds, fails for good, or the policy's retries are spent. */
export async function withRetries<T>(policy: RetryPolicy, send: () => Promise<T>, hooks: RetryHooks = {}): Promise<T> {
	const canRetry = hooks.canRetry ?? ((error: DocSpaceRequestError) => error.info.transient);
	for (let attempt = 0; ; attempt++) {
		const outcome = await settle(send());
		if (outcome.ok) return outcome.value;
		const { error } = outcome;
		if (!(error instanceof DocSpaceRequestError)) throw error;
		const waitsTooLong = (error.info.retryAfterMs ?? 0) > longestWait(policy);
		if (attempt >= policy.retries || !canRetry(error) || waitsTooLong) {
			error.info.attempts = attempt + 1;
			throw error;
		}
		const delayMs = backoffDelay(policy, attempt, error);
		hooks.onRetry?.(error, attempt + 1, delayMs);
		await pause(delayMs, hooks.signal);
	}
}
