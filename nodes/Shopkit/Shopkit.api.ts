import type { IHookFunctions, IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { SHOPKIT } from '../../credentials/platforms/shopkit';
import type { ShopkitCredential } from '../../credentials/platforms/shopkit';
import { forRegistration } from '../shared/lifecycle/registrationRetry';
import { requestPlatform } from '../shared/transport/platformRequest';
import type { PlatformRequest } from '../shared/transport/platformRequest';

export interface ShopkitWebhookRecord {
	id: number;
	event: string;
	url: string;
}

/** A webhook as Shopkit lists it: `active` is false once Shopkit suspended it (after 5 failed retries). */
export interface ShopkitListedWebhook extends ShopkitWebhookRecord {
	active: boolean;
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

/** Registration calls: sent again while Shopkit is unavailable (n8n may be starting). */
const SHOPKIT_REGISTRATION = forRegistration(SHOPKIT_API);

function isListedWebhook(value: unknown): value is ShopkitListedWebhook {
	const webhook = value as Partial<ShopkitListedWebhook> | null;
	return typeof webhook === 'object' && webhook !== null && typeof webhook.id === 'number' && typeof webhook.event === 'string' && typeof webhook.url === 'string';
}

/**
 * Every webhook of the store (`GET /webhook`; Shopkit answers 404 "Not found." when there is none). A delivery
 * asks once, without retries, as its sender waits for the answer.
 */
export async function listShopkitWebhooks(context: IHookFunctions | IWebhookFunctions, whileDelivering = false): Promise<ShopkitListedWebhook[]> {
	const listed = await requestPlatform<unknown>(context, whileDelivering ? SHOPKIT_API : SHOPKIT_REGISTRATION, {
		method: 'GET',
		path: '/webhook',
		acceptedFailures: ['404'],
		timeoutMs: whileDelivering ? 5_000 : undefined,
	});
	const webhooks = Array.isArray(listed) ? listed : isListedWebhook(listed) ? [listed] : [];
	return webhooks.filter(isListedWebhook).map((webhook) => ({ ...webhook, active: webhook.active !== false }));
}

/**
 * Registers a webhook. Shopkit answers 409 when the store has this very webhook already (a creation that was
 * answered too late and sent again): that one is looked up and taken.
 */
export async function createShopkitWebhook(context: IHookFunctions, event: string, url: string): Promise<ShopkitWebhookRecord> {
	const created = await requestPlatform<Partial<ShopkitWebhookRecord>>(context, SHOPKIT_REGISTRATION, {
		method: 'POST',
		path: '/webhook',
		body: { url, event },
		acceptedFailures: ['409'],
	});
	if (created === undefined) {
		const existing = (await listShopkitWebhooks(context)).find((webhook) => webhook.event === event && webhook.url === url);
		if (existing) return { id: existing.id, event, url };
	}
	if (typeof created?.id !== 'number') {
		throw new NodeApiError(context.getNode(), (created ?? {}) as JsonObject, {
			message: `Shopkit answered the creation of the ${event} webhook without an id: check the API Base URL of the Shopkit API credential`,
		});
	}
	return { id: created.id, event, url };
}

/** Removes a webhook; one that Shopkit no longer knows (404) counts as removed. */
export async function deleteShopkitWebhook(context: IHookFunctions, id: number): Promise<void> {
	await requestPlatform(context, SHOPKIT_REGISTRATION, { method: 'DELETE', path: `/webhook/${id}`, acceptedFailures: ['404'] });
}
