import type { IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { SHOPKIT } from '../../credentials/platforms/shopkit';
import type { ShopkitCredential } from '../../credentials/platforms/shopkit';
import { requestPlatform } from '../shared';
import type { PlatformRequest } from '../shared';

export interface ShopkitWebhookRecord {
	id: number;
	event: string;
	url: string;
}

const SHOPKIT_API: PlatformRequest = {
	credentialType: SHOPKIT.credential,
	credentialDisplayName: SHOPKIT.credentialDisplayName,
	name: 'Shopkit',
	locate(credential: ShopkitCredential) {
		const url = credential.baseUrl || SHOPKIT.defaultBaseUrl;
		return { baseUrl: url, configured: [{ url, field: 'API Base URL' }] };
	},
	guidance: {
		'400': "Shopkit rejected the request: check that n8n's webhook URL is public (set WEBHOOK_URL) and the selected events",
		'401': 'Shopkit refused the API key: check the API Key of the Shopkit API credential (Account settings → Developers → API)',
		'403': 'Shopkit does not let this API key manage webhooks: use a key with access to webhooks in the Shopkit API credential',
		'404': `Shopkit does not know this route: check the API Base URL of the Shopkit API credential (default ${SHOPKIT.defaultBaseUrl})`,
		'429': 'Shopkit allows 3,600 requests per hour: wait a few minutes, then activate the workflow again',
		default: 'Shopkit did not answer as expected: check the API Base URL of the Shopkit API credential and try again',
	},
};

export async function createShopkitWebhook(context: IHookFunctions, event: string, url: string): Promise<ShopkitWebhookRecord> {
	const created = await requestPlatform<Partial<ShopkitWebhookRecord>>(context, SHOPKIT_API, { method: 'POST', path: '/webhook', body: { url, event } });
	if (typeof created?.id !== 'number') {
		throw new NodeApiError(context.getNode(), (created ?? {}) as JsonObject, {
			message: `Shopkit answered the creation of the ${event} webhook without an id: check the API Base URL of the Shopkit API credential`,
		});
	}
	return { id: created.id, event, url };
}

/** Removes a webhook; one that Shopkit no longer knows (404) counts as removed. */
export async function deleteShopkitWebhook(context: IHookFunctions, id: number): Promise<void> {
	await requestPlatform(context, SHOPKIT_API, { method: 'DELETE', path: `/webhook/${id}`, acceptedFailures: ['404'] });
}
