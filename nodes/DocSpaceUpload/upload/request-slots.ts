/**
 * A run's share of the portal's limit on requests in flight: DocSpace refuses a user's 16th concurrent
 * non-GET request at once with 429 (rate limiter, 15 by default; `maxUploadThreadCount` where the
 * portal publishes it). Every upload request of every item of a run takes a slot while it is sent.
 */
export class RequestSlots {
	private free: number;
	private readonly waiting: Array<() => void> = [];

	constructor(readonly size: number) {
		this.free = size;
	}

	async use<T>(send: () => Promise<T>): Promise<T> {
		if (this.free > 0) this.free--;
		else await new Promise<void>((resolve) => this.waiting.push(resolve));
		try {
			return await send();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.free++;
		}
	}
}
