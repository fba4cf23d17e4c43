import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import * as reading from '../../shared/inbound/readingRules';
import { eventsOf, isEventOf } from '../../shared/inbound/eventTable';
import type { EventEntry } from '../../shared/inbound/eventTable';

/** Codes and ids stay text: Tiki documents some as strings, some as integers, and order codes can be either. */
const Code = reading.nonEmptyText();

/** Tiki documents prices as strings ("239545064") and sends numbers too; both are kept as sent. */
const Amount = z.union([z.string(), z.number()]);

const Sku = reading.text().nullable().optional();

export const TikiOrderCreated = z.object({ order_code: Code, status: reading.text().optional() }).passthrough();

export const TikiOrderStatusUpdated = z.object({ order_code: Code, status: reading.text() }).passthrough();

export const TikiProductPriceUpdated = z
	.object({ product_id: Code, original_sku: Sku, price_from: Amount.nullable().optional(), price_to: Amount })
	.passthrough();

export const TikiProductMarketPriceUpdated = z
	.object({
		product_id: Code,
		original_sku: Sku,
		market_price_from: Amount.nullable().optional(),
		market_price_to: Amount.nullable().optional(),
	})
	.passthrough();

/** Version 2 of the event; its quantities (`quantity_sellable_from`, `quantity_sellable_to` …) pass through as sent. */
export const TikiProductInventoryUpdated = z
	.object({ product_id: Code, original_sku: Sku, warehouse_id: Code.nullable().optional() })
	.passthrough();

export type TikiOrderCreated = z.infer<typeof TikiOrderCreated>;
export type TikiOrderStatusUpdated = z.infer<typeof TikiOrderStatusUpdated>;
export type TikiProductPriceUpdated = z.infer<typeof TikiProductPriceUpdated>;
export type TikiProductMarketPriceUpdated = z.infer<typeof TikiProductMarketPriceUpdated>;
export type TikiProductInventoryUpdated = z.infer<typeof TikiProductInventoryUpdated>;

interface TikiEventTypeEntry extends EventEntry {
	/** Whether the event is about an order: "Fetch Full Order" fetches it, and a new node has it selected. */
	aboutAnOrder?: boolean;
}

function eventType(name: string, description: string, payload: z.ZodTypeAny, aboutAnOrder?: boolean): TikiEventTypeEntry {
	return { name, description, payload, ...(aboutAnOrder ? { aboutAnOrder } : {}) };
}

const table = {
	ORDER_CREATED_SUCCESSFULLY: eventType('Order Created', 'A buyer placed an order for your products (Tiki scope: order)', TikiOrderCreated, true),
	ORDER_STATUS_UPDATED: eventType('Order Status Updated', 'Tiki or the seller changed the status of an order (Tiki scope: order)', TikiOrderStatusUpdated, true),
	PRODUCT_INVENTORY_UPDATED: eventType('Product Inventory Updated', 'The stock of a product changed in a warehouse (Tiki scope: inventory)', TikiProductInventoryUpdated),
	PRODUCT_MARKET_PRICE_UPDATED: eventType('Product Market Price Updated', 'The market (list) price of a product changed (Tiki scope: product)', TikiProductMarketPriceUpdated),
	PRODUCT_PRICE_UPDATED: eventType('Product Price Updated', 'The selling price of a product changed (Tiki scope: product)', TikiProductPriceUpdated),
};

export type TikiEventType = keyof typeof table;

/**
 * The event types Tiki routes into an event queue (open.tiki.vn, "Event type"), one entry each, in the order
 * the node lists them: the Events options, the payload schemas and the schema preview are read from it.
 */
export const TIKI_EVENT_TYPE_TABLE: Readonly<Record<TikiEventType, TikiEventTypeEntry>> = table;

export const TIKI_EVENT_TYPES = eventsOf(TIKI_EVENT_TYPE_TABLE);

export const TIKI_ORDER_EVENT_TYPES: readonly TikiEventType[] = TIKI_EVENT_TYPES.filter((type) => TIKI_EVENT_TYPE_TABLE[type].aboutAnOrder);

export function isTikiEventType(type: string): type is TikiEventType {
	return isEventOf(TIKI_EVENT_TYPE_TABLE, type);
}

export const TIKI_EVENT_PAYLOADS = Object.fromEntries(TIKI_EVENT_TYPES.map((type) => [type, TIKI_EVENT_TYPE_TABLE[type].payload])) as Record<TikiEventType, z.ZodTypeAny>;

/**
 * One event as a pull returns it. `type` is any text, so a type Tiki adds later is not a failure;
 * `created_at` (epoch milliseconds) is read as ISO 8601, also when sent as text; `payload` also as JSON text.
 */
export const TikiQueueEvent = z
	.object({
		id: Code,
		sid: reading.text().nullable().optional(),
		created_at: reading.timestamp(),
		type: reading.nonEmptyText(),
		version: z.union([z.number(), z.string()]).nullable().optional(),
		payload: reading.anyObjectOrJsonText().nullable().optional(),
	})
	.passthrough();

/** A pull's answer; each event is read on its own (tikiEventItem.ts), so one malformed event fails nothing else. */
export const TikiPullAnswer = z
	.object({ events: z.array(z.unknown()).nullable().optional(), ack_id: reading.text().nullable().optional() })
	.passthrough();

export const TikiQueue = z.object({ code: z.string().min(1), name: z.string().nullable().optional(), status: z.string().nullable().optional() }).passthrough();

export const TikiSubscription = z
	.object({ code: z.string().min(1), active: z.boolean().optional(), event_type: z.string(), sid: z.string().nullable().optional() })
	.passthrough();

/** Tiki documents lists as a bare array; an object wrapping it in `data` is accepted as well. */
export function listOf<T extends z.ZodTypeAny>(item: T) {
	return z.union([z.array(item), z.object({ data: z.array(item) }).transform((wrapped) => wrapped.data)]);
}

export type TikiQueueEvent = z.infer<typeof TikiQueueEvent>;
export type TikiPullAnswer = z.infer<typeof TikiPullAnswer>;
export type TikiQueue = z.infer<typeof TikiQueue>;
export type TikiSubscription = z.infer<typeof TikiSubscription>;

/**
 * The item the trigger emits for one event: its own fields first, then the payload, then `order` if fetched.
 * An event that broke its schema has the fields it was sent with where they could not be read (null when absent).
 */
export interface TikiEventItem extends IDataObject {
	eventId: string | null;
	type: string | null;
	version: number | string | null;
	createdAt: string | null;
}
