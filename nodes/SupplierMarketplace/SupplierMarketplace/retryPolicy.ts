import { retryAfterMs } from '../../shared';

export { retryAfterMs };

/** When a failed stock update is worth sending again, and how long to wait first. */
export interface RetryPolicy {
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Connection failures and timeouts, where the marketplace may simply not have been reached. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

export interface FailedAttempt {
	/** HTTP status, when the marketplace answered. */
	status?: number;
	/** Node's error code (ECONNRESET, ETIMEDOUT …), when it did not. */
	code?: string;
	/** The Retry-After header of the answer, if any. */
	retryAfter?: string;
}

/**
 * Milliseconds to wait before attempt `attempt + 1`, or undefined when the failure is final: a 4xx other
 * than 429 (the request itself is wrong), or retries used up. 429, 5xx and connection failures are retried
 * with capped exponential backoff and full jitter, or after the Retry-After the marketplace asked for.
 */
export function retryDelay(failure: FailedAttempt, attempt: number, policy: RetryPolicy, random = Math.random): number | undefined {
	if (attempt >= policy.maxRetries) return undefined;
	const retriable =
		failure.status === 429 ||
		(failure.status !== undefined && failure.status >= 500) ||
		(failure.status === undefined && failure.code !== undefined && TRANSIENT_CODES.has(failure.code));
	if (!retriable) return undefined;
	const asked = retryAfterMs(failure.retryAfter);
	if (asked !== undefined) return Math.min(asked, policy.maxDelayMs);
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(ceiling * random());
}
