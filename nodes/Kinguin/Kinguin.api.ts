import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { KINGUIN, kinguinApiBaseUrl } from '../../credentials/platforms/kinguin';
import type { KinguinApiCredential } from '../../credentials/platforms/kinguin';
import type { RelatedRecord } from '../shared/related/relatedRecord';
import { RELATED_RECORD_RETRY } from '../shared/related/relatedRecordRetry';
import { readPlatformCredential, requestPlatform } from '../shared/transport/platformRequest';
import type { PlatformCredential, PlatformRequest } from '../shared/transport/platformRequest';

/** Kinguin's eCommerce API as the Kinguin Trigger reads it: X-Api-Key (the credential's authenticate), JSON answers. */
export const KINGUIN_API: PlatformRequest = {
	credentialType: KINGUIN.apiCredential,
	credentialDisplayName: KINGUIN.apiCredentialDisplayName,
	name: 'Kinguin',
	locate(credential: KinguinApiCredential) {
		const baseUrl = kinguinApiBaseUrl(credential);
		return { baseUrl, configured: [{ url: baseUrl, field: 'Base URL' }] };
	},
	guidance: {
		'401': 'Kinguin refused the API key: check the API Key and Environment of the Kinguin API credential (sandbox stores have keys of their own)',
		'403': 'Kinguin does not let this API key read it: check that the key belongs to the store that placed the order',
		'422': 'Kinguin cannot hand it out yet (the order is still being dispatched)',
		'429': 'Kinguin kept answering "too many requests"',
		default: 'Kinguin did not answer as expected: check the Environment (or Base URL) of the Kinguin API credential',
	},
	retry: RELATED_RECORD_RETRY,
};

/** Kinguin's largest page of keys (`limit`, GET /v2/order/{orderId}/keys). */
export const KINGUIN_KEYS_PAGE_SIZE = 100;

/**
 * Kinguin's eCommerce API for one delivery: the credential is read, and its URL checked, once, when the first
 * record is fetched, so that a missing or broken credential becomes the records' reason and not a lost event.
 */
export class KinguinApiClient {
	private credential?: Promise<PlatformCredential>;

	constructor(private readonly context: IWebhookFunctions) {}

	/** The order of an order.status or order.complete delivery (GET /v1/order/{orderId}). */
	order(orderId: string): RelatedRecord {
		return {
			field: 'order',
			fetch: (deadline) => this.get<IDataObject>('Fetch Full Order', `/v1/order/${encodeURIComponent(orderId)}`, deadline),
			unknown: `Kinguin has no order ${orderId}`,
		};
	}

	/** Every key of a completed order (GET /v2/order/{orderId}/keys), page by page. */
	keys(orderId: string): RelatedRecord {
		return { field: 'keys', fetch: (deadline) => this.allKeys(orderId, deadline), unknown: `Kinguin has no keys for order ${orderId}` };
	}

	/** The product of a product.update delivery (GET /v1/products/{kinguinId}). */
	product(kinguinId: string | number): RelatedRecord {
		return {
			field: 'product',
			fetch: (deadline) => this.get<IDataObject>('Fetch Product', `/v1/products/${encodeURIComponent(String(kinguinId))}`, deadline),
			unknown: `Kinguin has no product ${kinguinId}`,
		};
	}

	private async allKeys(orderId: string, deadline: number): Promise<IDataObject[] | null> {
		const keys: IDataObject[] = [];
		for (let page = 1; ; page++) {
			const answer = await this.get<unknown>('Fetch Order Keys', `/v2/order/${encodeURIComponent(orderId)}/keys`, deadline, {
				page: String(page),
				limit: String(KINGUIN_KEYS_PAGE_SIZE),
			});
			if (answer === null) return page === 1 ? null : keys;
			if (!Array.isArray(answer)) {
				throw new NodeOperationError(this.context.getNode(), `Kinguin answered the keys of order ${orderId} with something other than a list`);
			}
			keys.push(...(answer as IDataObject[]));
			if (answer.length < KINGUIN_KEYS_PAGE_SIZE) return keys;
		}
	}

	/** The answer, or null when Kinguin does not know the record (404); `option` is the node's option that asked for it. */
	private async get<T>(option: string, path: string, deadline: number, qs?: Record<string, string>): Promise<T | null> {
		if (!this.context.getNode().credentials?.[KINGUIN.apiCredential]) {
			throw new NodeOperationError(this.context.getNode(), `${option} is on, but the node has no Kinguin API credential`, {
				description: 'Select a Kinguin API credential in the Kinguin Trigger, or turn the option off.',
			});
		}
		const credential = await (this.credential ??= readPlatformCredential(this.context, KINGUIN_API));
		const answer = await requestPlatform<T>(this.context, KINGUIN_API, { method: 'GET', path, qs, acceptedFailures: ['404'] }, { credential, deadline });
		return answer ?? null;
	}
}
