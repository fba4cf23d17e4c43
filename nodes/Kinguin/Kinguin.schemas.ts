import { z } from 'zod';

import * as reading from '../shared/inbound/readingRules';
import { eventsOf, isEventOf } from '../shared/inbound/eventTable';
import type { EventEntry } from '../shared/inbound/eventTable';

/** Kinguin's `Y-m-d\TH:i:s.vP`, e.g. `2020-10-16T11:24:08.015+00:00`. */
const KINGUIN_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Milliseconds since the epoch of a Kinguin timestamp, NaN when it is none. The fixed pattern leaves
 * `Date.parse` only ISO 8601 to read, which it does exactly and, unlike luxon, in a fraction of a
 * microsecond on every delivery (bench/RESULTS.md).
 */
export function kinguinTimestampMillis(value: string): number {
	return KINGUIN_TIMESTAMP.test(value) ? Date.parse(value) : Number.NaN;
}

/** Kept as Kinguin wrote it; a zero date reads as null. */
const KinguinTimestamp = reading.date('2020-10-16T11:24:08.015+00:00', (value) =>
	Number.isNaN(kinguinTimestampMillis(value)) ? undefined : value,
);

export const KinguinProductUpdate = z
	.object({
		kinguinId: reading.integerId(),
		productId: reading.text(),
		qty: reading.integer().nullable(),
		textQty: reading.integer().nullable(),
		cheapestOfferId: z.array(reading.text()).nullable(),
		updatedAt: KinguinTimestamp.nullable(),
		/** Cheapest price; only in one published version of Kinguin's webhook page. */
		price: reading.number().nullable().optional(),
	})
	.passthrough();

export const KinguinOrderStatus = z
	.object({
		orderId: reading.text(),
		orderExternalId: reading.text().nullable().optional(),
		/** Kinguin may add statuses, so any text is valid; the known ones are in KINGUIN_ORDER_STATUSES. */
		status: reading.text(),
		updatedAt: KinguinTimestamp.nullable(),
	})
	.passthrough();

export const KinguinOrderComplete = z
	.object({
		orderId: reading.text(),
		orderExternalId: reading.text().nullable().optional(),
		updatedAt: KinguinTimestamp.nullable(),
	})
	.passthrough();

export type KinguinProductUpdate = z.infer<typeof KinguinProductUpdate>;
export type KinguinOrderStatus = z.infer<typeof KinguinOrderStatus>;
export type KinguinOrderComplete = z.infer<typeof KinguinOrderComplete>;

/** From Kinguin's eCommerce API v1 "Order Statuses" and the webhook example (`canceled`). */
export const KINGUIN_ORDER_STATUSES = ['canceled', 'completed', 'processing'] as const;

export type KinguinPayload = KinguinProductUpdate | KinguinOrderStatus | KinguinOrderComplete;

interface KinguinEventEntry extends EventEntry {
	/** The field that names the subject (product or order) whose newest `updatedAt` is remembered. */
	subject: string;
	/** Whether "Only These Statuses" applies to it. */
	byStatus?: boolean;
	/** Whether a new node has it selected. */
	byDefault?: boolean;
	/** The record its subject names in Kinguin's eCommerce API, which Fetch Full Order or Fetch Product adds. */
	record: 'order' | 'product';
	/** When Fetch Order Keys adds the order's keys: always (the keys are ready), or once its status is `completed`. */
	keys?: 'always' | 'whenCompleted';
}

const table = {
	'product.update': {
		name: 'Product Updated',
		description: 'A product changed, went out of stock or got a new cheapest offer (product.update)',
		payload: KinguinProductUpdate,
		subject: 'kinguinId',
		byDefault: true,
		record: 'product',
	},
	'order.status': {
		name: 'Order Status Changed',
		description: 'An order changed its status (order.status)',
		payload: KinguinOrderStatus,
		subject: 'orderId',
		byStatus: true,
		byDefault: true,
		record: 'order',
		keys: 'whenCompleted',
	},
	'order.complete': {
		name: 'Order Complete (Deprecated)',
		description:
			'An order was dispatched and its keys are ready (order.complete). Kinguin deprecated this event on 2024-06-18: use Order Status Changed with status "completed". Still accepted.',
		payload: KinguinOrderComplete,
		subject: 'orderId',
		record: 'order',
		keys: 'always',
	},
} as const satisfies Record<string, KinguinEventEntry>;

export type KinguinEvent = keyof typeof table;

/** Kinguin's events, one entry each: the Events options, the payload schemas and the schema preview are read from it. */
export const KINGUIN_EVENT_TABLE: Readonly<Record<KinguinEvent, KinguinEventEntry>> = table;

export const KINGUIN_EVENTS = eventsOf(KINGUIN_EVENT_TABLE);

export function isKinguinEvent(name: string | undefined): name is KinguinEvent {
	return isEventOf(KINGUIN_EVENT_TABLE, name);
}
