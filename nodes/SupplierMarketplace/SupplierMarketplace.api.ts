import type { IExecuteFunctions } from 'n8n-workflow';

import { SUPPLIER_MARKETPLACE } from '../../credentials/platforms/supplierMarketplace';
import type { SupplierApiCredential } from '../../credentials/platforms/supplierMarketplace';
import { sendToPlatform } from '../shared/transport/platformRequest';
import type { CallOptions, PlatformAnswer, PlatformRequest } from '../shared/transport/platformRequest';
import type { RetryPolicy } from '../shared/transport/retryPolicy';
import type { SupplierStockUpdate } from './SupplierMarketplace.schemas';

/**
 * A price sets an absolute value, so sending it twice changes nothing: 429, 5xx, timeouts and connection
 * failures are sent again (Max Retries), with 0.5 s doubling backoff and full jitter, or after the Retry-After
 * the marketplace asks for; never more than 30 s at a time.
 */
export const STOCK_UPDATE_RETRY: RetryPolicy = {
	retryOn: ['rateLimited', 'serverError', 'unanswered'],
	maxRetries: 5,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
};

/**
 * Receipts, sales, cancels and returns move the stock by their counts: sending one twice moves it twice. Only
 * what the marketplace certainly did not apply is sent again: 429, 503, and a connection that was never made.
 */
export const DELTA_RETRY: RetryPolicy = { ...STOCK_UPDATE_RETRY, retryOn: ['rateLimited', 'unavailable', 'notConnected'] };

/** Sent with every update, the same for all its attempts, for a marketplace that de-duplicates by it. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Whether the update moves the stock by its counts (every action but price). */
export function movesStock(update: SupplierStockUpdate): boolean {
	return update.action !== 'price';
}

/** The stock-update API, as its credential's API URL names it; every update is a POST to that URL itself. */
export const SUPPLIER_API: PlatformRequest = {
	credentialType: SUPPLIER_MARKETPLACE.apiCredential,
	credentialDisplayName: SUPPLIER_MARKETPLACE.apiCredentialDisplayName,
	name: 'The marketplace',
	locate(credential: SupplierApiCredential) {
		const url = credential.apiUrl ?? '';
		return { baseUrl: url, configured: [{ url, field: 'API URL' }] };
	},
	guidance: {
		'400': 'The marketplace rejected this stock update: check the fields named in the answer',
		'401': 'The marketplace refused the API Token: copy it again from the supplier dashboard (Settings) into the Supplier Marketplace API credential',
		'403': 'The marketplace does not let this API Token update this product: check the Supplier Product ID and the token',
		'404': 'The marketplace does not know this address: copy the API URL again from the supplier dashboard (Settings)',
		'429': 'The marketplace kept answering "too many requests": lower the Concurrency option or try again later',
		default: ({ status, code }) => (status ? `The marketplace answered HTTP ${status}` : `The marketplace could not be reached (${code ?? 'no answer'})`),
	},
	retry: STOCK_UPDATE_RETRY,
	cite: 'attempts',
};

/** Posts one stock update with the credential's Bearer token and its Idempotency-Key, retried as the platform's policy says. */
export async function postStockUpdate(
	context: IExecuteFunctions,
	platform: PlatformRequest,
	update: SupplierStockUpdate,
	request: { timeoutMs: number; idempotencyKey: string },
	options: CallOptions,
): Promise<PlatformAnswer<unknown>> {
	return sendToPlatform<unknown>(
		context,
		platform,
		{ method: 'POST', body: update, timeoutMs: request.timeoutMs, headers: { [IDEMPOTENCY_HEADER]: request.idempotencyKey } },
		options,
	);
}
