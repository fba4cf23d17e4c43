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

/** The most webhooks Shopkit gives a page (`limit`: 25 unless asked, 50 at most). */
const WEBHOOK_PAGE_SIZE = 50;

/** How many pages the node reads: 5,000 webhooks, far beyond a store's; a longer list fails rather than being cut. */
const MOST_WEBHOOK_PAGES = 100;

/** How long a delivery may wait for the whole list, its sender waiting for the answer. */
const LIST_WHILE_DELIVERING_MS = 5_000;

interface WebhookPage {
	webhooks: unknown[];
	/** Whether Shopkit says there is a next page; undefined when its answer does not say (an array). */
	next?: boolean;
}

/**
 * One page of Shopkit's list, in either shape its reference shows (ACTIONS.md, Shopkit, uncertain 1): a JSON
 * array, or an object whose numeric keys are the items beside `paging: {previous, next}`; a single webhook is a
 * page of one, and `404 Not found.` (past the last page, or no webhook at all) a page of none.
 */
function webhookPage(listed: unknown): WebhookPage {
	if (Array.isArray(listed)) return { webhooks: listed };
	if (listed === undefined || listed === null || typeof listed !== 'object') return { webhooks: [], next: false };
	if (isListedWebhook(listed)) return { webhooks: [listed], next: false };
	const { paging, ...items } = listed as { paging?: { next?: unknown } } & Record<string, unknown>;
	const webhooks = Object.keys(items)
		.filter((key) => /^\d+$/.test(key))
		.sort((a, b) => Number(a) - Number(b))
		.map((key) => items[key]);
	return { webhooks, next: typeof paging?.next === 'string' && paging.next !== '' };
}

/**
 * Every webhook of the store (`GET /webhook`, page by page to the end: a short page, no `paging.next`, a 404, or a
 * page that brings no webhook not seen yet, as from a Shopkit that ignores `page`). A delivery asks without
 * retries and within 5 s in all, as its sender waits for the answer.
 */
export async function listShopkitWebhooks(context: IHookFunctions | IWebhookFunctions, whileDelivering = false): Promise<ShopkitListedWebhook[]> {
	const deadline = whileDelivering ? Date.now() + LIST_WHILE_DELIVERING_MS : undefined;
	const byId = new Map<number, ShopkitListedWebhook>();
	for (let page = 1; page <= MOST_WEBHOOK_PAGES; page++) {
		const listed = await requestPlatform<unknown>(
			context,
			whileDelivering ? SHOPKIT_API : SHOPKIT_REGISTRATION,
			{ method: 'GET', path: '/webhook', qs: { page: String(page), limit: String(WEBHOOK_PAGE_SIZE) }, acceptedFailures: ['404'] },
			{ deadline },
		);
		const { webhooks, next } = webhookPage(listed);
		const fresh = webhooks.filter(isListedWebhook).filter((webhook) => !byId.has(webhook.id));
		for (const webhook of fresh) byId.set(webhook.id, { ...webhook, active: webhook.active !== false });
		if (next === false || fresh.length === 0 || (next === undefined && webhooks.length < WEBHOOK_PAGE_SIZE)) return [...byId.values()];
	}
	throw new NodeApiError(context.getNode(), {} as JsonObject, {
		message: `Shopkit lists more than ${MOST_WEBHOOK_PAGES * WEBHOOK_PAGE_SIZE} webhooks: delete the store's webhooks that are no longer used, then activate the workflow again`,
	});
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
