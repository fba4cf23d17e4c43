import type { IWebhookFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { readHeader } from '../../shared/inbound/headers';

type RequestHeaders = ReturnType<IWebhookFunctions['getHeaderData']>;

/** What Shopkit's headers say about a delivery, as fields of every item it starts. */
export const ShopkitHeaderFields = z.object({
	resourceOrigin: z
		.string()
		.nullable()
		.describe('X-Webhook-Resource-Origin: what made the change (api, import, backoffice, storefront, duplicate or process); null when not sent'),
	environment: z.string().nullable().describe('X-Shopkit-Environment: the store’s environment, e.g. Production; null when not sent'),
	platform: z.string().nullable().describe('X-Platform: Shopkit; null when not sent'),
	contentLength: z.number().int().nullable().describe('Content-Length: the size of the body Shopkit sent, in bytes; null when not sent'),
});

export type ShopkitHeaderFields = z.infer<typeof ShopkitHeaderFields>;

/** The origin of a change made through Shopkit's API, as X-Webhook-Resource-Origin names it. */
const API_ORIGIN = 'api';

const DECIMAL = /^\s*\d+\s*$/;

export function shopkitHeaderFields(headers: RequestHeaders): ShopkitHeaderFields {
	const length = readHeader(headers, 'content-length');
	return {
		resourceOrigin: readHeader(headers, 'x-webhook-resource-origin') ?? null,
		environment: readHeader(headers, 'x-shopkit-environment') ?? null,
		platform: readHeader(headers, 'x-platform') ?? null,
		contentLength: length !== undefined && DECIMAL.test(length) ? Number(length) : null,
	};
}

/**
 * Whether the change was made through Shopkit's API. A workflow that writes back to Shopkit (a two-way sync,
 * a tag set on each paid order) makes Shopkit announce its own write as a new event, which runs the workflow,
 * which writes again: with "Ignore Changes Made Through the API" such deliveries are acknowledged and dropped.
 */
export function isChangeThroughApi(fields: ShopkitHeaderFields): boolean {
	return fields.resourceOrigin?.trim().toLowerCase() === API_ORIGIN;
}
