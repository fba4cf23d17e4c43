import type { IHookFunctions, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { requestPlatform } from '../shared';
import type { PlatformRequest } from '../shared';

export const SHOPKIT_CREDENTIAL = 'shopkitApi';
export const SHOPKIT_DEFAULT_BASE_URL = 'https://api.shopk.it/v1';

export interface ShopkitWebhookRecord {
	id: number;
	event: string;
	url: string;
}

const SHOPKIT: PlatformRequest = {
	credentialType: SHOPKIT_CREDENTIAL,
	guidance: {
		'400': "Shopkit rejected the request: check that n8n's webhook URL is public (set WEBHOOK_URL) and the selected events",
		'401': 'Shopkit refused the API key: check the API Key of the Shopkit API credential (Account settings → Developers → API)',
		'403': 'Shopkit does not let this API key manage webhooks: use a key with access to webhooks in the Shopkit API credential',
		'404': 'Shopkit does not know this route: check the API Base URL of the Shopkit API credential (default https://api.shopk.it/v1)',
		'429': 'Shopkit allows 3,600 requests per hour: wait a few minutes, then activate the workflow again',
		default: 'Shopkit did not answer as expected: check the API Base URL of the Shopkit API credential and try again',
	},
};

async function shopkitRequest<T>(
	context: IHookFunctions,
	method: IHttpRequestMethods,
	path: string,
	body?: object,
	platform: PlatformRequest = SHOPKIT,
): Promise<T | undefined> {
	const { baseUrl } = await context.getCredentials<{ baseUrl?: string }>(SHOPKIT_CREDENTIAL);
	const url = `${(baseUrl || SHOPKIT_DEFAULT_BASE_URL).replace(/\/+$/, '')}${path}`;
	return requestPlatform<T>(context, platform, { method, url, body });
}

export async function createShopkitWebhook(context: IHookFunctions, event: string, url: string): Promise<ShopkitWebhookRecord> {
	const created = await shopkitRequest<Partial<ShopkitWebhookRecord>>(context, 'POST', '/webhook', { url, event });
	if (typeof created?.id !== 'number') {
		throw new NodeApiError(context.getNode(), (created ?? {}) as JsonObject, {
			message: `Shopkit answered the creation of the ${event} webhook without an id: check the API Base URL of the Shopkit API credential`,
		});
	}
	return { id: created.id, event, url };
}

/** Removes a webhook; one that Shopkit no longer knows (404) counts as removed. */
export async function deleteShopkitWebhook(context: IHookFunctions, id: number): Promise<void> {
	await shopkitRequest(context, 'DELETE', `/webhook/${id}`, undefined, { ...SHOPKIT, acceptedFailures: ['404'] });
}
