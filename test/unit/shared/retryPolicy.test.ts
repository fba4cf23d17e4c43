import { certainlyNotProcessed, retryAfterMs, retryDelay } from '../../../nodes/shared/transport/retryPolicy';
import { DELTA_RETRY, STOCK_UPDATE_RETRY as DEFAULT_RETRY_POLICY } from '../../../nodes/SupplierMarketplace/SupplierMarketplace.api';

describe('retryAfterMs', () => {
	it('reads seconds and HTTP dates', () => {
		expect(retryAfterMs('3')).toBe(3000);
		expect(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
		expect(retryAfterMs('soon')).toBeUndefined();
		expect(retryAfterMs(undefined)).toBeUndefined();
	});
});

describe('retryDelay', () => {
	const policy = DEFAULT_RETRY_POLICY;
	const half = () => 0.5;

	it('retries 429, 5xx and connection failures with capped exponential backoff and jitter', () => {
		expect(retryDelay({ status: 429 }, 0, policy, half)).toBe(250);
		expect(retryDelay({ status: 503 }, 3, policy, half)).toBe(2000);
		expect(retryDelay({ code: 'ECONNRESET' }, 1, policy, half)).toBe(500);
		expect(retryDelay({ status: 500 }, 4, { ...policy, maxRetries: 10 }, () => 0.999)).toBeLessThanOrEqual(policy.maxDelayMs);
		expect(retryDelay({ status: 500 }, 9, { ...policy, maxRetries: 10 }, () => 0.999)).toBeLessThanOrEqual(policy.maxDelayMs);
	});

	it('waits what Retry-After asks, capped', () => {
		expect(retryDelay({ status: 429, retryAfter: '2' }, 0, policy)).toBe(2000);
		expect(retryDelay({ status: 429, retryAfter: '3600' }, 0, policy)).toBe(policy.maxDelayMs);
	});

	it('never retries other 4xx, unknown failures, or past Max Retries', () => {
		expect(retryDelay({ status: 400 }, 0, policy)).toBeUndefined();
		expect(retryDelay({ status: 401 }, 0, policy)).toBeUndefined();
		expect(retryDelay({ status: 404 }, 0, policy)).toBeUndefined();
		expect(retryDelay({}, 0, policy)).toBeUndefined();
		expect(retryDelay({ status: 500 }, policy.maxRetries, policy)).toBeUndefined();
	});
});

describe('retryDelay for requests that must not be applied twice', () => {
	const half = () => 0.5;

	it('retries only what says the request was not processed: 429, 503, a connection never made', () => {
		expect(retryDelay({ status: 429 }, 0, DELTA_RETRY, half)).toBe(250);
		expect(retryDelay({ status: 503 }, 0, DELTA_RETRY, half)).toBe(250);
		expect(retryDelay({ status: 503, retryAfter: '2' }, 0, DELTA_RETRY)).toBe(2000);
		expect(retryDelay({ code: 'ECONNREFUSED' }, 0, DELTA_RETRY, half)).toBe(250);
		expect(retryDelay({ code: 'ENOTFOUND' }, 0, DELTA_RETRY, half)).toBe(250);
	});

	it('does not retry what may have been processed: 500, 502, 504, a timeout, a reset connection', () => {
		for (const failure of [{ status: 500 }, { status: 502 }, { status: 504 }, { code: 'ECONNABORTED' }, { code: 'ETIMEDOUT' }, { code: 'ECONNRESET' }, { code: 'EPIPE' }]) {
			expect(retryDelay(failure, 0, DELTA_RETRY)).toBeUndefined();
			expect(certainlyNotProcessed(failure)).toBe(false);
		}
		expect([{ status: 429 }, { status: 503 }, { code: 'ECONNREFUSED' }].every(certainlyNotProcessed)).toBe(true);
	});
});
