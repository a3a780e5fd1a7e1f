export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The outcome of a promise as a value, for code that decides what a failure means before throwing it on. */
export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	return await promise.then(
		(value): Settled<T> => ({ ok: true, value }),
		(error: unknown): Settled<T> => ({ ok: false, error }),
	);
}
