import { z } from 'zod';

import * as reading from '../shared/inbound/readingRules';

/** Shopgate's event codes (available-webhooks.md), sorted as the node lists them. */
export const SHOPGATE_EVENT_CODES = [
	'cartReminderTimeReached',
	'customerDeleted',
	'fulfillmentOrderAdded',
	'fulfillmentOrderStatusUpdated',
	'fulfillmentOrderUpdated',
	'importCompleted',
	'inventoryReservationCreated',
	'inventoryReservationDeleted',
	'inventoryReservationSettled',
	'inventoryReservationUpdated',
	'locationCreated',
	'locationDeleted',
	'locationUpdated',
	'orderNotPickedUp',
	'productCreated',
	'productUpdated',
	'returnOrderAdded',
	'returnOrderStatusUpdated',
	'salesOrderAdded',
	'salesOrderFulfillmentAdded',
	'salesOrderStatusUpdated',
	'salesOrderUpdated',
	'schedulePickTimeReached',
	'schedulePickupReminderTimeReached',
] as const;

const text = reading.text().nullable().optional();
const count = reading.number().nullable().optional();
const code = reading.text();

export const ShopgateProductEvent = z.object({ catalogCode: code, productCode: code, user: text }).passthrough();

export const ShopgateFulfillmentOrderAdded = z
	.object({
		locationCode: code,
		fulfillmentOrderNumber: code,
		customerId: text,
		salesOrderNumber: text,
		sequenceId: z.union([z.string(), z.number()]).nullable().optional(),
		user: text,
	})
	.passthrough();

export const ShopgateFulfillmentOrderStatusUpdated = z
	.object({
		locationCode: code,
		fulfillmentOrderNumber: code,
		customerId: text,
		newStatus: code,
		oldStatus: text,
		user: text,
	})
	.passthrough();

export const ShopgateInventoryReservation = z
	.object({
		code,
		locationCode: text,
		salesOrderNumber: text,
		fulfillmentOrderNumber: text,
		salesOrderLineItemCode: text,
		productCode: text,
		quantity: count,
		bin: text,
		binLocation: text,
		sku: text,
	})
	.passthrough();

export const ShopgateImportCompleted = z.object({ ref: code, status: z.enum(['succeeded', 'failed']) }).passthrough();

/** Payloads Shopgate documents; every other event's payload passes through as an object. */
const DOCUMENTED_PAYLOADS: Record<string, z.ZodTypeAny> = {
	productCreated: ShopgateProductEvent,
	productUpdated: ShopgateProductEvent,
	fulfillmentOrderAdded: ShopgateFulfillmentOrderAdded,
	fulfillmentOrderStatusUpdated: ShopgateFulfillmentOrderStatusUpdated,
	inventoryReservationCreated: ShopgateInventoryReservation,
	inventoryReservationDeleted: ShopgateInventoryReservation,
	inventoryReservationSettled: ShopgateInventoryReservation,
	inventoryReservationUpdated: ShopgateInventoryReservation,
	importCompleted: ShopgateImportCompleted,
};

const AnyPayload = reading.anyObject();

/** The schema of an event's payload; any object for an undocumented event, or when the event code could not be read. */
export function shopgatePayloadSchema(eventCode: string | undefined): z.ZodTypeAny {
	return (eventCode !== undefined && DOCUMENTED_PAYLOADS[eventCode]) || AnyPayload;
}

export const ShopgateEnvelope = z
	.object({
		id: reading.nonEmptyText(),
		date: reading.text(),
		webhookId: reading.text(),
		webhookCode: reading.text(),
		eventCode: reading.nonEmptyText(),
		tenantId: reading.text(),
		tenantType: reading.text(),
		/** Read on its own, by the schema of the event (shopgatePayloadSchema). */
		payload: z.unknown(),
	})
	.passthrough();

export type ShopgateEnvelope = z.infer<typeof ShopgateEnvelope>;
