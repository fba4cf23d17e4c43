import type { IHookFunctions, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export const SHOPKIT_CREDENTIAL = 'shopkitApi';
export const SHOPKIT_DEFAULT_BASE_URL = 'https://api.shopk.it/v1';

export interface ShopkitWebhookRecord {
	id: number;
	event: string;
	url: string;
}

/** What the user should do, by the HTTP status Shopkit answered with. */
const GUIDANCE: Record<string, string> = {
	'400': 'Shopkit rejected the request: check that n8n\'s webhook URL is public (set WEBHOOK_URL) and the selected events',
	'401': 'Shopkit refused the API key: check the API Key of the Shopkit API credential (Account settings → Developers → API)',
	'403': 'Shopkit does not let this API key manage webhooks: use a key with access to webhooks in the Shopkit API credential',
	'404': 'Shopkit does not know this route: check the API Base URL of the Shopkit API credential (default https://api.shopk.it/v1)',
	'429': 'Shopkit allows 3,600 requests per hour: wait a few minutes, then activate the workflow again',
};
const NO_ANSWER = 'Shopkit did not answer as expected: check the API Base URL of the Shopkit API credential and try again';

/**
 * One call to the Shopkit API with the node's credential. A failure becomes a NodeApiError whose message
 * says what to fix and whose description keeps Shopkit's own reason.
 */
async function shopkitRequest<T>(
	context: IHookFunctions,
	method: IHttpRequestMethods,
	path: string,
	body?: object,
	{ goneIsFine = false } = {},
): Promise<T | undefined> {
	const { baseUrl } = await context.getCredentials<{ baseUrl?: string }>(SHOPKIT_CREDENTIAL);
	const url = `${(baseUrl || SHOPKIT_DEFAULT_BASE_URL).replace(/\/+$/, '')}${path}`;
	try {
		return (await context.helpers.httpRequestWithAuthentication.call(context, SHOPKIT_CREDENTIAL, {
			method,
			url,
			body,
			json: true,
			timeout: 20_000,
		})) as T;
	} catch (error) {
		const httpCode = error instanceof NodeApiError ? error.httpCode : null;
		if (goneIsFine && httpCode === '404') return undefined;
		// n8n hands back an existing NodeApiError unchanged, so the new one is built from its cause
		const cause = error instanceof NodeApiError && error.cause ? error.cause : error;
		throw new NodeApiError(context.getNode(), cause as JsonObject, {
			message: `${(httpCode && GUIDANCE[httpCode]) || NO_ANSWER} (${method} ${path}${httpCode ? `: HTTP ${httpCode}` : ''})`,
			httpCode: httpCode ?? undefined,
		});
	}
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
	await shopkitRequest(context, 'DELETE', `/webhook/${id}`, undefined, { goneIsFine: true });
}
