import type { RetryPolicy } from '../transport/retryPolicy';

/**
 * Fetching a record changes nothing, so any failure that may pass is worth another try: a rate limit, a
 * failing or unreachable API. The waits stay short enough for a few tries within FETCH_WITHIN_MS.
 */
export const RELATED_RECORD_RETRY: RetryPolicy = {
	retryOn: ['rateLimited', 'serverError', 'unanswered'],
	maxRetries: 4,
	baseDelayMs: 500,
	maxDelayMs: 10_000,
};
