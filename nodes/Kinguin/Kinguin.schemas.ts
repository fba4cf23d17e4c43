import { z } from 'zod';

import * as reading from '../shared/inbound/readingRules';

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

export const KINGUIN_EVENTS = ['order.complete', 'order.status', 'product.update'] as const;
export type KinguinEvent = (typeof KINGUIN_EVENTS)[number];

/** From Kinguin's eCommerce API v1 "Order Statuses" and the webhook example (`canceled`). */
export const KINGUIN_ORDER_STATUSES = ['canceled', 'completed', 'processing'] as const;

export function isKinguinEvent(name: string | undefined): name is KinguinEvent {
	return (KINGUIN_EVENTS as readonly string[]).includes(name ?? '');
}

export type KinguinPayload = KinguinProductUpdate | KinguinOrderStatus | KinguinOrderComplete;

export const KINGUIN_PAYLOADS = {
	'order.complete': KinguinOrderComplete,
	'order.status': KinguinOrderStatus,
	'product.update': KinguinProductUpdate,
} as const satisfies Record<KinguinEvent, z.ZodTypeAny>;

/** The field that names the subject (product or order) whose newest `updatedAt` is remembered. */
export const KINGUIN_SUBJECT_FIELD = {
	'order.complete': 'orderId',
	'order.status': 'orderId',
	'product.update': 'kinguinId',
} as const satisfies Record<KinguinEvent, string>;
