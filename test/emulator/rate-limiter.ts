/**
 * BaseStartup's GlobalLimiter (v3.7.1-server, common/ASC.Api.Core/Core/BaseStartup.cs; defaults in
 * common/ASC.Common/Utils/RateLimiterSettings.cs). Off unless `core:hosting:rateLimiterOptions:enable`,
 * as in the shipped self-hosted config. UseRateLimiter sits before the endpoints and the
 * ChunkedUploader.ashx branch, so every request counts, per signed-in user or else per IP address.
 * docs/docspace-protocol.md, "Rate limits".
 */
export interface RateLimitConfig {
	/** SlidingWindowLimit: requests a minute (sliding window). */
	perMinute: number;
	/** ConcurrentGetLimit: GET requests in flight. */
	concurrentReads: number;
	/** DefaultConcurrencyWriteRequests: other requests in flight; QueueLimit 0, so the next is refused at once. */
	concurrentWrites: number;
	/** DailyWriteLimit: POST and PUT requests a day (fixed window). */
	dailyWrites: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = { perMinute: 1500, concurrentReads: 50, concurrentWrites: 15, dailyWrites: 10_000 };

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * 60_000;

export type RateLimitDecision =
	| { allowed: true; release: () => void }
	| { allowed: false; limit: number; retryAfterSeconds?: number };

export class RateLimiter {
	readonly config: RateLimitConfig;
	private readonly recent = new Map<string, number[]>();
	private readonly inFlight = new Map<string, number>();
	private readonly daily = new Map<string, { windowStart: number; count: number }>();

	constructor(config: Partial<RateLimitConfig> = {}) {
		this.config = { ...DEFAULT_RATE_LIMITS, ...config };
	}

	/**
	 * PartitionedRateLimiter.CreateChained: the sliding window, then the concurrency limiter, then the
	 * daily POST/PUT window; the first refusal answers. A window's permit is spent even when a later
	 * limiter refuses.
	 */
	acquire(partition: string, method: string, now = Date.now()): RateLimitDecision {
		const window = (this.recent.get(partition) ?? []).filter((at) => at > now - MINUTE_MS);
		this.recent.set(partition, window);
		if (window.length >= this.config.perMinute) {
			return { allowed: false, limit: this.config.perMinute, retryAfterSeconds: Math.max(1, Math.ceil((window[0] + MINUTE_MS - now) / 1000)) };
		}
		window.push(now);

		const read = method.toUpperCase() === 'GET';
		const key = `${read ? 'read' : 'write'}:${partition}`;
		const concurrent = read ? this.config.concurrentReads : this.config.concurrentWrites;
		const running = this.inFlight.get(key) ?? 0;
		if (running >= concurrent) return { allowed: false, limit: concurrent };

		if (method.toUpperCase() === 'POST' || method.toUpperCase() === 'PUT') {
			const day = this.daily.get(partition);
			const current = day && now < day.windowStart + DAY_MS ? day : { windowStart: now, count: 0 };
			this.daily.set(partition, current);
			if (current.count >= this.config.dailyWrites) {
				return { allowed: false, limit: this.config.dailyWrites, retryAfterSeconds: Math.max(1, Math.ceil((current.windowStart + DAY_MS - now) / 1000)) };
			}
			current.count++;
		}

		this.inFlight.set(key, running + 1);
		let released = false;
		return {
			allowed: true,
			release: () => {
				if (released) return;
				released = true;
				this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
			},
		};
	}
}

/** The `rateLimit` option: true for the server's defaults, an object to change some of them. */
export function rateLimiterFor(option: boolean | Partial<RateLimitConfig> | undefined): RateLimiter | undefined {
	if (!option) return undefined;
	return new RateLimiter(option === true ? {} : option);
}
