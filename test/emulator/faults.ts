/**
 * Faults a test switches on per request, as real networks and portals produce them. Each rule fires
 * `times` times (default once) on the requests it matches, then stays spent.
 */
export type FaultKind =
	/** The connection drops before the chunk is stored. */
	| 'reset-before-store'
	/** The chunk is stored, then the connection drops: the answer is lost. */
	| 'reset-after-store'
	/** A proxy in front of the portal answers with an HTML error page; nothing is stored. */
	| 'html-502'
	| 'html-503'
	/** DocSpace's rate limiter refuses the request: 429, no body, Retry-After (`retryAfterSeconds`); nothing is stored. */
	| 'too-many-requests'
	/** The chunk is stored but the answer comes only after `delayMs`. */
	| 'slow-answer'
	/** The handler fails once with `success:false`; nothing is stored. */
	| 'handler-error'
	/** The upload session expires just before this request. */
	| 'session-expired'
	/** The portal restarts just before this request: every upload session is gone. */
	| 'server-restart'
	/** A proxy delivers the request twice: a sequential chunk is stored under two numbers. */
	| 'replay'
	/** The portal commits the file one byte short (a storage fault on its side). */
	| 'short-commit'
	/**
	 * A bug on the server's side dereferences null on an API route: DocSpace's exception filter answers
	 * 500 "Object reference not set…" (the text a REST session route gives for a lost session); nothing is stored.
	 */
	| 'null-reference';

export type FaultTarget = 'chunk' | 'finalize' | 'create-session' | 'settings';

export interface FaultRule {
	kind: FaultKind;
	on: FaultTarget;
	/** For `on: 'chunk'`: the chunk's number (numbered mode) or position (sequential mode), 1-based. */
	chunk?: number;
	times?: number;
	retryAfterSeconds?: number;
	delayMs?: number;
}

export interface FiredFault extends FaultRule {
	at: Date;
}

export class FaultPlan {
	private rules: Array<FaultRule & { left: number }> = [];
	readonly fired: FiredFault[] = [];

	add(rule: FaultRule): void {
		this.rules.push({ ...rule, left: rule.times ?? 1 });
	}

	clear(): void {
		this.rules = [];
		this.fired.length = 0;
	}

	/** The fault to inject into this request, if a rule matches and has uses left. */
	take(on: FaultTarget, chunk?: number): FaultRule | undefined {
		const rule = this.rules.find(
			(candidate) => candidate.left > 0 && candidate.on === on && (candidate.chunk === undefined || candidate.chunk === chunk),
		);
		if (!rule) return undefined;
		rule.left--;
		const { left: _left, ...fault } = rule;
		this.fired.push({ ...fault, at: new Date() });
		return fault;
	}
}
