import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { SHOPGATE, shopgateAuthBaseUrl, shopgateWebhookBaseUrl, shopgateWebhookServiceUrl } from '../../credentials/platforms/shopgate';
import type { ShopgateCredential } from '../../credentials/platforms/shopgate';
import { forRegistration } from '../shared/lifecycle/registrationRetry';
import { requestPlatform } from '../shared/transport/platformRequest';
import type { ApiContext, PlatformRequest } from '../shared/transport/platformRequest';

export interface ShopgateWebhookDefinition {
	code: string;
	name: string;
	endpoint: string;
	active: boolean;
	events: Array<{ code: string }>;
}

export interface ShopgateWebhook extends ShopgateWebhookDefinition {
	id: string;
}

const SHOPGATE_API: PlatformRequest = {
	credentialType: SHOPGATE.credential,
	renewsToken: true,
	credentialDisplayName: SHOPGATE.credentialDisplayName,
	name: 'Shopgate',
	/** The auth service is called by the credential's preAuthentication, so its URL is checked here too. */
	locate(credential: ShopgateCredential) {
		return {
			baseUrl: shopgateWebhookServiceUrl(credential),
			configured: [
				{ url: shopgateWebhookBaseUrl(credential), field: 'Webhook Service Base URL' },
				{ url: shopgateAuthBaseUrl(credential), field: 'Auth Base URL' },
			],
		};
	},
	guidance: {
		'400': "Shopgate rejected the request: check that n8n's webhook URL is public (set WEBHOOK_URL) and the selected events",
		'401': 'Shopgate refused the credentials: check the Client ID, Client Secret, Username, Password and Merchant Code of the Shopgate API credential',
		'403': 'Shopgate does not let this user manage webhooks: give the "Api Credentials" user access to the webhook service',
		'404': 'Shopgate does not know this merchant or route: check the Merchant Code, Environment and Webhook Service Base URL of the Shopgate API credential',
		'429': 'Shopgate is limiting requests: wait a minute, then activate the workflow again',
		default: 'Shopgate did not answer as expected: check the Environment and base URLs of the Shopgate API credential and try again',
	},
};

/** Registration calls: sent again while Shopgate is unavailable (n8n may be starting). */
const SHOPGATE_REGISTRATION = forRegistration(SHOPGATE_API);

/** The merchant's webhooks whose fields equal the given values (Shopgate's `filters` with `$eq`). */
export async function findShopgateWebhooks(
	context: ApiContext,
	equal: Partial<Record<'code' | 'endpoint', string>>,
): Promise<ShopgateWebhook[]> {
	const filters = Object.fromEntries(Object.entries(equal).map(([field, value]) => [field, { $eq: value }]));
	const listed = await requestPlatform<{ webhooks?: ShopgateWebhook[] }>(context, SHOPGATE_REGISTRATION, {
		method: 'GET',
		path: '/webhooks',
		qs: { filters: JSON.stringify(filters) },
	});
	return (listed?.webhooks ?? []).filter((webhook) =>
		Object.entries(equal).every(([field, value]) => webhook[field as 'code' | 'endpoint'] === value),
	);
}

export async function findShopgateWebhook(context: ApiContext, code: string): Promise<ShopgateWebhook | undefined> {
	return (await findShopgateWebhooks(context, { code }))[0];
}

/** Creates one webhook. Shopgate answers 200 even when it refuses an entry, so its `errors` are read too. */
export async function createShopgateWebhook(context: ApiContext, webhook: ShopgateWebhookDefinition): Promise<string> {
	const answer = await requestPlatform<{ ids?: string[]; errors?: Array<{ code?: number; reason?: string }> }>(context, SHOPGATE_REGISTRATION, {
		method: 'POST',
		path: '/webhooks',
		body: { webhooks: [webhook] },
	});
	const id = answer?.ids?.[0];
	if (!id || (answer?.errors?.length ?? 0) > 0) {
		const reason = answer?.errors?.map((error) => `${error.code ?? ''} ${error.reason ?? ''}`.trim()).join('; ');
		throw new NodeApiError(context.getNode(), (answer ?? {}) as JsonObject, {
			message: `Shopgate did not create the webhook: ${reason || 'no id in its answer'}`,
		});
	}
	return id;
}

export async function updateShopgateWebhook(context: ApiContext, id: string, webhook: ShopgateWebhookDefinition): Promise<void> {
	const { name, endpoint, active, events } = webhook;
	await requestPlatform(context, SHOPGATE_REGISTRATION, { method: 'POST', path: `/webhooks/${encodeURIComponent(id)}`, body: { name, endpoint, active, events } });
}

/** Removes a webhook; one Shopgate no longer knows (404) counts as removed. */
export async function deleteShopgateWebhook(context: ApiContext, id: string): Promise<void> {
	await requestPlatform(context, SHOPGATE_REGISTRATION, { method: 'DELETE', path: `/webhooks/${encodeURIComponent(id)}`, acceptedFailures: ['404'] });
}

/**
 * Asks Shopgate to post its sample payload to the webhook's endpoint now; Shopgate answers with what the
 * endpoint answered (`statusCode`, `body`) or why it could not deliver (`error`).
 */
export async function requestShopgateTestDelivery(
	context: ApiContext,
	id: string,
): Promise<{ error?: string | null; statusCode?: number; body?: string } | undefined> {
	return requestPlatform(context, SHOPGATE_API, { method: 'POST', path: `/webhooks/${encodeURIComponent(id)}/test` });
}

/**
 * The merchant's token that Shopgate sends in `shopgate-token` with every delivery. A delivery asks once, without
 * retries, as Shopgate waits at most 10 seconds for the answer.
 */
export async function fetchShopgateWebhookToken(context: ApiContext, whileDelivering = false): Promise<string> {
	const answer = await requestPlatform<{ webhookToken?: string }>(context, whileDelivering ? SHOPGATE_API : SHOPGATE_REGISTRATION, {
		method: 'GET',
		path: '/webhookToken',
		timeoutMs: whileDelivering ? 5_000 : undefined,
	});
	if (!answer?.webhookToken) {
		throw new NodeApiError(context.getNode(), (answer ?? {}) as JsonObject, {
			message: 'Shopgate answered without a webhook token: check the Merchant Code of the Shopgate API credential',
		});
	}
	return answer.webhookToken;
}
