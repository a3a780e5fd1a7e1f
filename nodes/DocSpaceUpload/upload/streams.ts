/**
 * Keeps the next value of `source` in the making while the consumer works on the current one, so
 * reading the binary store and sending over the network overlap.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
	const iterator = source[Symbol.asyncIterator]();
	// A read that fails while the consumer is busy is reported when the consumer asks for it, not as
	// an unhandled rejection in between.
	const ahead = () => {
		const promise = iterator.next();
		promise.catch(() => undefined);
		return promise;
	};
	let next = ahead();
	try {
		for (;;) {
			const result = await next;
			if (result.done) return;
			next = ahead();
			yield result.value;
		}
	} finally {
		// Stryker disable next-line OptionalChaining: equivalent, the node reads ahead only from async generators, which all have return
		await iterator.return?.();
	}
}

/**
 * Runs `work` on the values of `source` with at most `concurrency` at a time, pulling a value only
 * when a worker is free (so at most `concurrency` values are held). The first failure stops the
 * others from taking new values and is thrown once the running ones have settled.
 */
export async function forEachConcurrently<T>(
	source: AsyncIterable<T>,
	concurrency: number,
	work: (value: T, index: number) => Promise<void>,
): Promise<void> {
	const iterator = source[Symbol.asyncIterator]();
	let index = 0;
	let failure: { error: unknown } | undefined;
	const worker = async () => {
		while (!failure) {
			let result: IteratorResult<T>;
			try {
				result = await iterator.next();
			} catch (error) {
				failure ??= { error };
				return;
			}
			if (result.done || failure) return;
			try {
				await work(result.value, index++);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
	if (failure) {
		await iterator.return?.(undefined);
		throw failure.error;
	}
}
