import { z } from 'zod';

import { validatePayload } from '../shared';
import type { BodyResult } from '../shared';

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

const KinguinTimestamp = z.string().refine((value) => !Number.isNaN(kinguinTimestampMillis(value)), {
	message: 'must be a date like 2020-10-16T11:24:08.015+00:00',
});

export const KinguinProductUpdate = z
	.object({
		kinguinId: z.number().int(),
		productId: z.string(),
		qty: z.number().int(),
		textQty: z.number().int(),
		cheapestOfferId: z.array(z.string()),
		updatedAt: KinguinTimestamp,
		/** Cheapest price; only in one published version of Kinguin's webhook page. */
		price: z.number().optional(),
	})
	.passthrough();

export const KinguinOrderStatus = z
	.object({
		orderId: z.string(),
		orderExternalId: z.string().nullable().optional(),
		/** Kinguin may add statuses, so any string is valid; the known ones are in KINGUIN_ORDER_STATUSES. */
		status: z.string(),
		updatedAt: KinguinTimestamp,
	})
	.passthrough();

export const KinguinOrderComplete = z
	.object({
		orderId: z.string(),
		orderExternalId: z.string().nullable().optional(),
		updatedAt: KinguinTimestamp,
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

/** A validated delivery and the subject (product or order) whose newest `updatedAt` is remembered. */
export interface KinguinDelivery {
	event: KinguinEvent;
	payload: KinguinPayload;
	subject: string;
	updatedAtMillis: number;
}

function delivery(event: KinguinEvent, payload: KinguinPayload, subjectId: string | number): KinguinDelivery {
	return {
		event,
		payload,
		subject: `${event}:${subjectId}`,
		updatedAtMillis: kinguinTimestampMillis(payload.updatedAt),
	};
}

export function parseKinguinDelivery(event: KinguinEvent, body: unknown): BodyResult<KinguinDelivery> {
	switch (event) {
		case 'product.update': {
			const result = validatePayload(KinguinProductUpdate, body);
			return result.ok ? { ok: true, value: delivery(event, result.value, result.value.kinguinId) } : result;
		}
		case 'order.status': {
			const result = validatePayload(KinguinOrderStatus, body);
			return result.ok ? { ok: true, value: delivery(event, result.value, result.value.orderId) } : result;
		}
		case 'order.complete': {
			const result = validatePayload(KinguinOrderComplete, body);
			return result.ok ? { ok: true, value: delivery(event, result.value, result.value.orderId) } : result;
		}
	}
}
