/**
 * The kinds of failure worth sending a request again for: the platform may accept it a moment later. A failure
 * may be of several kinds: `unavailable` (503) is also a `serverError`, `notConnected` (no connection was ever
 * made, so nothing was sent) also `unanswered`. A client whose requests must not be applied twice retries only
 * `rateLimited`, `unavailable` and `notConnected`: the failures that say the request was not processed.
 */
export type RetriableFailure = 'rateLimited' | 'serverError' | 'unanswered' | 'unavailable' | 'notConnected';

/** When a failed call to a platform is sent again, and how long to wait first. */
export interface RetryPolicy {
	/** Which failures are sent again: 429, 5xx (or 503 alone), no answer at all (or only no connection). */
	retryOn: readonly RetriableFailure[];
	maxRetries: number;
	baseDelayMs: number;
	/** The longest single wait, also for a longer Retry-After. */
	maxDelayMs: number;
}

export interface FailedAttempt {
	/** HTTP status, when the platform answered. */
	status?: number;
	/** Node's error code (ECONNRESET, ETIMEDOUT …), when it did not. */
	code?: string;
	/** The Retry-After header of the answer, if any. */
	retryAfter?: string;
	/** Without an answer: what ended the wait, in the words of whatever ended it (a token request's timeout, a refused connection). */
	reason?: string;
}

/** Connection failures and timeouts, where the platform may simply not have been reached. */
const UNANSWERED_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);
/** Of those, the ones where no connection was made (refused, or the name did not resolve): nothing was sent. */
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND']);

function kindsOf(failure: FailedAttempt): RetriableFailure[] {
	if (failure.status === 429) return ['rateLimited'];
	if (failure.status === 503) return ['unavailable', 'serverError'];
	if (failure.status !== undefined) return failure.status >= 500 ? ['serverError'] : [];
	if (failure.code === undefined || !UNANSWERED_CODES.has(failure.code)) return [];
	return NOT_CONNECTED_CODES.has(failure.code) ? ['notConnected', 'unanswered'] : ['unanswered'];
}

/** Whether the failure says the platform is unavailable (rate limited, failing, unreachable) rather than refusing the request. */
export function isUnavailability(failure: FailedAttempt): boolean {
	return kindsOf(failure).length > 0;
}

/** Whether the failure says the platform did not process the request: rate limited, 503, or never connected to. */
export function certainlyNotProcessed(failure: FailedAttempt): boolean {
	return kindsOf(failure).some((kind) => kind === 'rateLimited' || kind === 'unavailable' || kind === 'notConnected');
}

/** Whether the request certainly was not applied: refused (a 4xx), or a failure that says it was not processed. */
export function certainlyNotApplied(failure: FailedAttempt): boolean {
	return certainlyNotProcessed(failure) || (failure.status !== undefined && failure.status < 500);
}

/** Retry-After in milliseconds: a number of seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
	if (!value) return undefined;
	if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Milliseconds to wait before attempt `attempt + 1`, or undefined when the failure is final: one the policy
 * does not retry (a 4xx other than 429 means the request itself is wrong), or retries used up. The wait is
 * what Retry-After asks, else capped exponential backoff with full jitter; never more than maxDelayMs.
 */
export function retryDelay(failure: FailedAttempt, attempt: number, policy: RetryPolicy, random = Math.random): number | undefined {
	if (attempt >= policy.maxRetries) return undefined;
	if (!kindsOf(failure).some((kind) => policy.retryOn.includes(kind))) return undefined;
	const asked = retryAfterMs(failure.retryAfter);
	if (asked !== undefined) return Math.min(asked, policy.maxDelayMs);
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(ceiling * random());
}
