/** The kinds of failure worth sending a request again for: the platform may accept it a moment later. */
export type RetriableFailure = 'rateLimited' | 'serverError' | 'unanswered';

/** When a failed call to a platform is sent again, and how long to wait first. */
export interface RetryPolicy {
	/** Which failures are sent again: 429, 5xx, or no answer at all (a connection failure or a timeout). */
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
}

/** Connection failures and timeouts, where the platform may simply not have been reached. */
const UNANSWERED_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

function kindOf(failure: FailedAttempt): RetriableFailure | undefined {
	if (failure.status === 429) return 'rateLimited';
	if (failure.status !== undefined) return failure.status >= 500 ? 'serverError' : undefined;
	return failure.code !== undefined && UNANSWERED_CODES.has(failure.code) ? 'unanswered' : undefined;
}

/** Whether the failure says the platform is unavailable (rate limited, failing, unreachable) rather than refusing the request. */
export function isUnavailability(failure: FailedAttempt): boolean {
	return kindOf(failure) !== undefined;
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
	const kind = kindOf(failure);
	if (kind === undefined || !policy.retryOn.includes(kind)) return undefined;
	const asked = retryAfterMs(failure.retryAfter);
	if (asked !== undefined) return Math.min(asked, policy.maxDelayMs);
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(ceiling * random());
}
