import { readAhead } from '../../nodes/DocSpaceUpload/upload/streams';

test('readAhead reads the next value while the current one is used, and reports a failed read in order', async () => {
	const unhandled: unknown[] = [];
	const record = (reason: unknown) => unhandled.push(reason);
	process.on('unhandledRejection', record);
	try {
		async function* source() {
			yield 1;
			throw new Error('the binary data store failed');
		}
		const seen: number[] = [];
		const reading = (async () => {
			for await (const value of readAhead(source())) {
				seen.push(value);
				// The consumer is busy (a chunk on the wire) while the failed read is already settled.
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
		})();
		await expect(reading).rejects.toThrow('the binary data store failed');
		await new Promise((resolve) => setImmediate(resolve));
		expect(seen).toEqual([1]);
		expect(unhandled).toEqual([]);
	} finally {
		process.off('unhandledRejection', record);
	}
});
