import { z } from 'zod';

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

const text = z.string().nullable().optional();
const count = z.number().nullable().optional();

export const ShopgateProductEvent = z.object({ catalogCode: z.string(), productCode: z.string(), user: text }).passthrough();

export const ShopgateFulfillmentOrderAdded = z
	.object({
		locationCode: z.string(),
		fulfillmentOrderNumber: z.string(),
		customerId: text,
		salesOrderNumber: text,
		sequenceId: z.union([z.string(), z.number()]).nullable().optional(),
		user: text,
	})
	.passthrough();

export const ShopgateFulfillmentOrderStatusUpdated = z
	.object({
		locationCode: z.string(),
		fulfillmentOrderNumber: z.string(),
		customerId: text,
		newStatus: z.string(),
		oldStatus: text,
		user: text,
	})
	.passthrough();

export const ShopgateInventoryReservation = z
	.object({
		code: z.string(),
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

export const ShopgateImportCompleted = z.object({ ref: z.string(), status: z.enum(['succeeded', 'failed']) }).passthrough();

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

export function shopgatePayloadSchema(eventCode: string): z.ZodTypeAny {
	return DOCUMENTED_PAYLOADS[eventCode] ?? z.record(z.unknown());
}

export const ShopgateEnvelope = z
	.object({
		id: z.string().min(1),
		date: z.string(),
		webhookId: z.string(),
		webhookCode: z.string(),
		eventCode: z.string().min(1),
		tenantId: z.string(),
		tenantType: z.string(),
		payload: z.record(z.unknown()).nullable().optional(),
	})
	.passthrough();

export type ShopgateEnvelope = z.infer<typeof ShopgateEnvelope>;
