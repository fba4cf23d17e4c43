import type { IDataObject, IExecuteFunctions, IHookFunctions, IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SHOPKIT } from '../../credentials/platforms/shopkit';
import type { ShopkitCredential } from '../../credentials/platforms/shopkit';
import { readAllPages } from '../shared/action/pagedList';
import type { ListPage } from '../shared/action/pagedList';
import { forRegistration } from '../shared/lifecycle/registrationRetry';
import { requestPlatform } from '../shared/transport/platformRequest';
import type { PlatformCredential, PlatformRequest } from '../shared/transport/platformRequest';
import type { RetryPolicy } from '../shared/transport/retryPolicy';

export interface ShopkitWebhookRecord {
	id: number;
	event: string;
	url: string;
}

/** A webhook as Shopkit lists it: `active` is false once Shopkit suspended it (after 5 failed retries). */
export interface ShopkitListedWebhook extends ShopkitWebhookRecord {
	active: boolean;
}

export const SHOPKIT_API: PlatformRequest = {
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

/** The most items Shopkit gives a page (`limit`: 25 unless asked, 50 at most). */
export const SHOPKIT_PAGE_SIZE = 50;

/** How many pages of webhooks the node reads: 5,000 webhooks, far beyond a store's; a longer list fails rather than being cut. */
const MOST_WEBHOOK_PAGES = 100;

/** How long a delivery may wait for the whole list, its sender waiting for the answer. */
const LIST_WHILE_DELIVERING_MS = 5_000;

/**
 * One page of a Shopkit list, in either shape its reference shows (ACTIONS.md, Shopkit, uncertain 1): a JSON
 * array, or an object whose numeric keys are the items beside `paging: {previous, next}`; a single record is a
 * page of one, and `404 Not found.` (past the last page, or nothing at all) a page of none.
 */
export function shopkitListPage(listed: unknown, isRecord: (value: unknown) => boolean): ListPage {
	if (Array.isArray(listed)) return { items: listed };
	if (listed === undefined || listed === null || typeof listed !== 'object') return { items: [], next: false };
	if (isRecord(listed)) return { items: [listed], next: false };
	const { paging, ...fields } = listed as { paging?: { next?: unknown } } & Record<string, unknown>;
	const items = Object.keys(fields)
		.filter((key) => /^\d+$/.test(key))
		.sort((a, b) => Number(a) - Number(b))
		.map((key) => fields[key]);
	return { items, next: typeof paging?.next === 'string' && paging.next !== '' };
}

/**
 * Every webhook of the store (`GET /webhook`, page by page to its end, readAllPages). A delivery asks without
 * retries and within 5 s in all, as its sender waits for the answer.
 */
export async function listShopkitWebhooks(context: IHookFunctions | IWebhookFunctions, whileDelivering = false): Promise<ShopkitListedWebhook[]> {
	const deadline = whileDelivering ? Date.now() + LIST_WHILE_DELIVERING_MS : undefined;
	const readPage = async (page: number) =>
		shopkitListPage(
			await requestPlatform<unknown>(
				context,
				whileDelivering ? SHOPKIT_API : SHOPKIT_REGISTRATION,
				{ method: 'GET', path: '/webhook', qs: { page: String(page), limit: String(SHOPKIT_PAGE_SIZE) }, acceptedFailures: ['404'] },
				{ deadline },
			),
			isListedWebhook,
		);
	const webhooks = await readAllPages(readPage, {
		pageSize: SHOPKIT_PAGE_SIZE,
		mostPages: MOST_WEBHOOK_PAGES,
		accept: isListedWebhook,
		idOf: (webhook) => webhook.id,
		tooLong: () =>
			new NodeApiError(context.getNode(), {} as JsonObject, {
				message: `Shopkit lists more than ${MOST_WEBHOOK_PAGES * SHOPKIT_PAGE_SIZE} webhooks: delete the store's webhooks that are no longer used, then activate the workflow again`,
			}),
	});
	return webhooks.map((webhook) => ({ ...webhook, active: webhook.active !== false }));
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

/** The store's API as a workflow calls it (the Shopkit node): Shopkit's own words, and what to do, by status. */
export const SHOPKIT_STORE_API: PlatformRequest = {
	...SHOPKIT_API,
	guidance: {
		'400': 'Shopkit refused the request: check the fields its answer names',
		'401': SHOPKIT_API.guidance['401'],
		'403': 'Shopkit does not let this API key do this: use a key with access to orders, products and clients in the Shopkit API credential',
		'404': 'Shopkit has no such record',
		'409': 'Shopkit has this already',
		'413': 'Shopkit refused the request as too large',
		'429': 'Shopkit allows 3,600 requests an hour per API key, and kept refusing more: wait, or spread the work over more time',
		default: 'Shopkit did not answer as expected: check the API Base URL of the Shopkit API credential and try again',
	},
};

/**
 * Reads, and writes of absolute values: sent again after any failure that may pass (a 429, a 5xx, no answer),
 * after its Retry-After or a doubling backoff up to a minute, 8 times at most and never past the Time Budget.
 */
export const SHOPKIT_RESENDABLE = { retryOn: ['rateLimited', 'serverError', 'unanswered'], maxRetries: 8, baseDelayMs: 1000, maxDelayMs: 60_000 } as const;

/** A write Shopkit must not get twice (an invoice, a client's e-mail): sent again only when Shopkit certainly did not process it. */
export const SHOPKIT_ONCE = { ...SHOPKIT_RESENDABLE, retryOn: ['rateLimited', 'unavailable', 'notConnected'] } as const;

/** SHOPKIT_STORE_API for calls about one record: a 404 names it ("Shopkit has no order 7331"), with the retry policy the call needs. */
export function shopkitStoreApiAbout(record: string, retry: RetryPolicy): PlatformRequest {
	return { ...SHOPKIT_STORE_API, retry, guidance: { ...SHOPKIT_STORE_API.guidance, '404': `Shopkit has no ${record}` } };
}

/** 500,000 records: a longer list fails rather than being cut short. */
const MOST_RECORD_PAGES = 10_000;

const isShopkitRecord = (value: unknown): value is IDataObject & { id: number | string } =>
	typeof value === 'object' && value !== null && !Array.isArray(value) && (typeof (value as IDataObject).id === 'number' || typeof (value as IDataObject).id === 'string');

export interface ShopkitList {
	/** `/order`, `/product`, `/client`. */
	path: string;
	qs: Record<string, string>;
	/** Return All off: at most this many. */
	limit?: number;
	/** What the list holds, as a sentence names it ("orders"). */
	noun: string;
	credential: PlatformCredential;
	/** Epoch ms: the end of the node's Time Budget. */
	deadline?: number;
	itemIndex: number;
}

/** A Shopkit list, read page by page (50 a page) to its end or to `limit`, in either shape Shopkit answers it. */
export async function listShopkitRecords(context: IExecuteFunctions, list: ShopkitList): Promise<IDataObject[]> {
	const readPage = async (page: number) =>
		shopkitListPage(
			await requestPlatform<unknown>(
				context,
				{ ...SHOPKIT_STORE_API, retry: SHOPKIT_RESENDABLE },
				{ method: 'GET', path: list.path, qs: { ...list.qs, page: String(page), limit: String(SHOPKIT_PAGE_SIZE) }, acceptedFailures: ['404'] },
				{ credential: list.credential, deadline: list.deadline, itemIndex: list.itemIndex },
			),
			isShopkitRecord,
		);
	return await readAllPages(readPage, {
		pageSize: SHOPKIT_PAGE_SIZE,
		mostPages: MOST_RECORD_PAGES,
		limit: list.limit,
		accept: isShopkitRecord,
		idOf: (record) => String(record.id),
		tooLong: () =>
			new NodeOperationError(context.getNode(), `Shopkit lists more than ${MOST_RECORD_PAGES * SHOPKIT_PAGE_SIZE} ${list.noun} for these filters`, {
				itemIndex: list.itemIndex,
				description: 'Narrow the filters, or turn Return All off and set a Limit.',
			}),
	});
}
