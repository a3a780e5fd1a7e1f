import { RequestSlots } from '../../nodes/DocSpaceUpload/upload/request-slots';

/** A request that stays in flight until `finish` is called. */
function pending() {
	let finish!: () => void;
	const done = new Promise<void>((resolve) => (finish = resolve));
	return { finish, send: async () => await done };
}

const settled = async () => await new Promise((resolve) => setImmediate(resolve));

test('no more requests are in flight than the slots, and each waiting one gets its turn in order', async () => {
	const slots = new RequestSlots(2);
	const requests = [pending(), pending(), pending(), pending()];
	const started: number[] = [];
	const runs = requests.map(async (request, index) =>
		await slots.use(async () => {
			started.push(index);
			await request.send();
			return index;
		}),
	);
	await settled();
	expect(started).toEqual([0, 1]);
	requests[1].finish();
	await settled();
	expect(started).toEqual([0, 1, 2]);
	requests[0].finish();
	await settled();
	expect(started).toEqual([0, 1, 2, 3]);
	requests[2].finish();
	requests[3].finish();
	expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
});

test('a failed request frees its slot too', async () => {
	const slots = new RequestSlots(1);
	await expect(slots.use(async () => await Promise.reject(new Error('429')))).rejects.toThrow('429');
	await expect(slots.use(async () => await Promise.resolve('next'))).resolves.toBe('next');
	const held = pending();
	const first = slots.use(held.send);
	let second = false;
	const after = slots.use(async () => {
		second = true;
	});
	await settled();
	expect(second).toBe(false);
	held.finish();
	await Promise.all([first, after]);
	expect(second).toBe(true);
});
