import { z } from 'zod';

import { deliveryItemSchema } from '../../shared/inbound/itemSchemas';
import type { NodeOutput } from '../../shared/inbound/itemSchemas';
import type { KinguinEvent } from '../Kinguin.schemas';
import { KINGUIN_EVENT_TABLE, KINGUIN_EVENTS } from '../Kinguin.schemas';

const isTest = z.boolean().describe("Whether this is the dashboard's TEST URL button (no X-Event-Name, or one of Kinguin's published examples)");

/** Kinguin's Order Object (eCommerce API v1, GET /v1/order/{orderId}), as documented; Kinguin may add fields. */
const KinguinOrder = z
	.object({
		orderId: z.string(),
		orderExternalId: z.string().nullable(),
		status: z.string().describe('processing, completed, canceled, refunded, or one Kinguin adds later'),
		totalPrice: z.number().describe('Order sell price (EUR)'),
		requestTotalPrice: z.number(),
		paymentPrice: z.union([z.number(), z.string()]).describe('Balance amount charged for this order'),
		userEmail: z.string(),
		storeId: z.number(),
		createdAt: z.string(),
		couponCode: z.string().nullable(),
		isPreorder: z.boolean(),
		preorderReleaseDate: z.string().nullable(),
		products: z.array(
			z
				.object({
					kinguinId: z.number(),
					offerId: z.string(),
					productId: z.string(),
					qty: z.number(),
					name: z.string(),
					price: z.number(),
					requestPrice: z.number(),
					isPreorder: z.boolean(),
					releaseDate: z.string().nullable(),
					keyType: z.string(),
					accurate: z.boolean(),
					broker: z.string(),
				})
				.partial()
				.passthrough(),
		),
		dispatch: z.object({ id: z.number(), createdAt: z.string() }).partial().passthrough(),
	})
	.partial()
	.passthrough();

/** Kinguin's Key Object (GET /v2/order/{orderId}/keys). */
const KinguinKey = z
	.object({
		serial: z.string().describe('The key as text, or for image/* the image in base64: a secret'),
		type: z.string().describe('text/plain, image/jpeg, image/png or image/gif'),
		name: z.string(),
		kinguinId: z.number(),
		offerId: z.string(),
		productId: z.string(),
	})
	.partial()
	.passthrough();

/** Kinguin's Product Object (GET /v1/products/{kinguinId}), its most used fields; the rest passes through. */
const KinguinProduct = z
	.object({
		kinguinId: z.number(),
		productId: z.string(),
		name: z.string(),
		originalName: z.string(),
		platform: z.string(),
		price: z.number().describe('Cheapest offer price in EUR'),
		qty: z.number(),
		textQty: z.number(),
		totalQty: z.number(),
		cheapestOfferId: z.array(z.string()),
		offers: z.array(
			z
				.object({ offerId: z.string(), name: z.string(), price: z.number(), qty: z.number(), textQty: z.number(), merchantName: z.string(), isPreorder: z.boolean() })
				.partial()
				.passthrough(),
		),
		offersCount: z.number(),
		regionId: z.number(),
		regionalLimitations: z.string(),
		isPreorder: z.boolean(),
		releaseDate: z.string(),
		coverImage: z.string(),
		coverImageOriginal: z.string(),
		screenshots: z.array(z.object({ url: z.string(), url_original: z.string() }).partial().passthrough()),
		genres: z.array(z.string()),
		languages: z.array(z.string()),
		tags: z.array(z.string()),
		updatedAt: z.string(),
	})
	.partial()
	.passthrough();

const order = KinguinOrder.nullable()
	.optional()
	.describe('With Fetch Full Order: the order as Kinguin has it now (null when Kinguin does not know it or it could not be fetched; payloadIssues says why)');
const keys = z
	.array(KinguinKey)
	.nullable()
	.optional()
	.describe('With Fetch Order Keys, once the order is completed: its keys (secrets). Null when they could not be fetched; payloadIssues says why');
const product = KinguinProduct.nullable()
	.optional()
	.describe('With Fetch Product: the product as Kinguin has it now (null when Kinguin does not know it or it could not be fetched; payloadIssues says why)');

/** What the options add to an event's item (KinguinTrigger.related.ts). */
function related(event: KinguinEvent): z.ZodRawShape {
	const { record, keys: withKeys } = KINGUIN_EVENT_TABLE[event];
	return { ...(record === 'order' ? { order } : { product }), ...(withKeys ? { keys } : {}) };
}

function eventItem(event: KinguinEvent): z.AnyZodObject {
	return deliveryItemSchema({ event: z.literal(event) }, KINGUIN_EVENT_TABLE[event].payload, { isTest, payloadIssues: true, trailing: related(event) });
}

/** The Kinguin Trigger's item per event (KinguinTrigger.receive.ts): the source of its schema preview. */
export const output: NodeOutput = {
	item: {
		...Object.fromEntries(KINGUIN_EVENTS.map((event) => [`for ${event}`, eventItem(event)])),
		// the request names no event, so its body is passed on unread
		'for the TEST URL button without X-Event-Name (its body as sent)': deliveryItemSchema({ event: z.null() }, z.object({}).passthrough(), {
			isTest: z.literal(true),
		}),
	},
};
