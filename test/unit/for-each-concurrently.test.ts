import { forEachConcurrently } from '../../nodes/DocSpaceUpload/upload/streams';

async function* numbers(count: number, onPull?: (value: number) => void): AsyncGenerator<number> {
	for (let value = 0; value < count; value++) {
		onPull?.(value);
		yield value;
	}
}

const delay = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms));

test('each value is worked on with its own index, however long the work before it takes', async () => {
	// Work on early values is slow and on later ones fast, so workers finish out of order.
	const seen: Array<[number, number]> = [];
	await forEachConcurrently(numbers(12), 4, async (value, index) => {
		await delay(((12 - value) % 5) * 7);
		seen.push([value, index]);
	});
	expect(seen.map(([value]) => value).sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
	for (const [value, index] of seen) expect(index).toBe(value);
	expect(seen.map(([value]) => value)).not.toEqual([...Array(12).keys()]);
});

test('never more than the given number of values at work, and the given number is used', async () => {
	let working = 0;
	let most = 0;
	await forEachConcurrently(numbers(10), 3, async () => {
		most = Math.max(most, ++working);
		await delay(10);
		working--;
	});
	expect(most).toBe(3);
});

test('a value is pulled only when a worker is free', async () => {
	const pulled: number[] = [];
	const done: number[] = [];
	await forEachConcurrently(numbers(6, (value) => pulled.push(value)), 2, async (value) => {
		// When value v is being worked on, at most two values beyond those finished have been pulled.
		expect(pulled.length).toBeLessThanOrEqual(done.length + 2);
		await delay(5);
		done.push(value);
	});
	expect(pulled).toEqual([0, 1, 2, 3, 4, 5]);
});

test('the first failure stops new work, waits for the running work and is thrown', async () => {
	const started: number[] = [];
	const finished: number[] = [];
	const closed = jest.fn();
	async function* source() {
		try {
			yield* numbers(20);
		} finally {
			closed();
		}
	}
	// Gates, not timers: on a loaded machine two timers can end in one tick and reorder the work.
	let failNow!: () => void;
	const failing = new Promise<void>((resolve) => (failNow = resolve));
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	const run = forEachConcurrently(source(), 3, async (value) => {
		started.push(value);
		if (value === 1) {
			await failing;
			throw new Error('chunk 2 failed');
		}
		await released;
		finished.push(value);
	});
	const ticks = async () => await new Promise((resolve) => setImmediate(resolve));
	while (started.length < 3) await ticks();
	failNow();
	await ticks();
	release();
	await expect(run).rejects.toThrow('chunk 2 failed');
	// 0 and 2 were running when 1 failed: they end before the failure is thrown; nothing new starts.
	expect(started).toEqual([0, 1, 2]);
	expect(finished.sort()).toEqual([0, 2]);
	expect(closed).toHaveBeenCalled();
});

test('a failing source is thrown, not hidden', async () => {
	async function* source() {
		yield 0;
		throw new Error('the binary data store failed');
	}
	await expect(forEachConcurrently(source(), 2, async () => await delay(5))).rejects.toThrow('the binary data store failed');
});

test('a value that arrives after a failure is not worked on', async () => {
	async function* source() {
		yield 0;
		yield 1;
		await delay(30); // reading the next chunk is slow; chunk 2 fails meanwhile
		yield 2;
	}
	const started: number[] = [];
	const run = forEachConcurrently(source(), 3, async (value) => {
		started.push(value);
		await delay(value === 1 ? 5 : 60);
		if (value === 1) throw new Error('chunk 2 failed');
	});
	await expect(run).rejects.toThrow('chunk 2 failed');
	expect(started).toEqual([0, 1]);
});
