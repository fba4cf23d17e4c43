import type { PlatformRequest } from '../transport/platformRequest';
import type { RetryPolicy } from '../transport/retryPolicy';

/**
 * Registration runs while n8n starts, when a platform may briefly answer 429 or 5xx or not at all: each call is
 * sent up to 4 times, within 4 request timeouts (20 s each) and 3.5 s of waiting, before the failure counts.
 */
export const REGISTRATION_RETRY: RetryPolicy = { retryOn: ['rateLimited', 'serverError', 'unanswered'], maxRetries: 3, baseDelayMs: 500, maxDelayMs: 4_000 };

/** The platform's client as registration uses it: the same guidance, sent again on unavailability. */
export function forRegistration(platform: PlatformRequest): PlatformRequest {
	return { ...platform, retry: REGISTRATION_RETRY };
}
