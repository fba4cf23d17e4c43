import { z } from 'zod';

import * as reading from '../shared/inbound/readingRules';
import { eventsOf, isEventOf } from '../shared/inbound/eventTable';
import type { EventEntry } from '../shared/inbound/eventTable';

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

const AnyPayload = reading.anyObject();

/** `fulfillmentOrderStatusUpdated` → `Fulfillment Order Status Updated`. */
function titleOf(code: string): string {
	const words = code.replace(/([A-Z])/g, ' $1');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Each event code with the schema of its payload: the one Shopgate documents, any object for the others. */
function named<Code extends string>(payloads: Record<Code, z.ZodTypeAny>): Record<Code, EventEntry> {
	const entries = Object.entries<z.ZodTypeAny>(payloads).map(([code, payload]) => [code, { name: titleOf(code), payload }]);
	return Object.fromEntries(entries) as Record<Code, EventEntry>;
}

/** Shopgate's events (available-webhooks.md), one entry each, sorted as the node lists them: the Events options, the payload schemas and the schema preview are read from it. */
export const SHOPGATE_EVENT_TABLE = named({
	cartReminderTimeReached: AnyPayload,
	customerDeleted: AnyPayload,
	fulfillmentOrderAdded: ShopgateFulfillmentOrderAdded,
	fulfillmentOrderStatusUpdated: ShopgateFulfillmentOrderStatusUpdated,
	fulfillmentOrderUpdated: AnyPayload,
	importCompleted: ShopgateImportCompleted,
	inventoryReservationCreated: ShopgateInventoryReservation,
	inventoryReservationDeleted: ShopgateInventoryReservation,
	inventoryReservationSettled: ShopgateInventoryReservation,
	inventoryReservationUpdated: ShopgateInventoryReservation,
	locationCreated: AnyPayload,
	locationDeleted: AnyPayload,
	locationUpdated: AnyPayload,
	orderNotPickedUp: AnyPayload,
	productCreated: ShopgateProductEvent,
	productUpdated: ShopgateProductEvent,
	returnOrderAdded: AnyPayload,
	returnOrderStatusUpdated: AnyPayload,
	salesOrderAdded: AnyPayload,
	salesOrderFulfillmentAdded: AnyPayload,
	salesOrderStatusUpdated: AnyPayload,
	salesOrderUpdated: AnyPayload,
	schedulePickTimeReached: AnyPayload,
	schedulePickupReminderTimeReached: AnyPayload,
});

export type ShopgateEventCode = keyof typeof SHOPGATE_EVENT_TABLE;

export const SHOPGATE_EVENT_CODES = eventsOf(SHOPGATE_EVENT_TABLE);

/** What a new node has selected. */
export const SHOPGATE_DEFAULT_EVENTS: ShopgateEventCode[] = ['salesOrderAdded'];

/** The schema of an event's payload; any object for an undocumented event, or when the event code could not be read. */
export function shopgatePayloadSchema(eventCode: string | undefined): z.ZodTypeAny {
	return isEventOf(SHOPGATE_EVENT_TABLE, eventCode) ? SHOPGATE_EVENT_TABLE[eventCode].payload : AnyPayload;
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

const optionalText = z.string().nullable().optional();
const optionalNumber = z.number().nullable().optional();

const ShopgateAddress = z
	.object({
		type: optionalText,
		firstName: optionalText,
		middleName: optionalText,
		lastName: optionalText,
		company: optionalText,
		address1: optionalText,
		address2: optionalText,
		city: optionalText,
		region: optionalText,
		postalCode: optionalText,
		country: optionalText,
		phone: optionalText,
		mobile: optionalText,
		emailAddress: optionalText,
	})
	.passthrough();

const ShopgateLineItem = z
	.object({
		code: optionalText,
		quantity: optionalNumber,
		fulfillmentMethod: optionalText,
		fulfillmentLocationCode: optionalText,
		product: z.object({ code: optionalText, name: optionalText }).passthrough().nullable().optional(),
		currencyCode: optionalText,
		price: optionalNumber,
		extendedPrice: optionalNumber,
		taxAmount: optionalNumber,
		discountAmount: optionalNumber,
	})
	.passthrough();

/** Fields a sales order and a fulfillment order share (Connect SDK, Dto/Order/Order/Get.php and SimpleFulfillmentOrder.php). */
const orderFields = {
	orderNumber: optionalText,
	externalCode: optionalText,
	type: optionalText,
	customerId: optionalText,
	externalCustomerNumber: optionalText,
	status: optionalText,
	localeCode: optionalText,
	currencyCode: optionalText,
	subTotal: optionalNumber,
	taxAmount: optionalNumber,
	shippingTotal: optionalNumber,
	total: optionalNumber,
	submitDate: optionalText,
	acceptDate: optionalText,
	completeDate: optionalText,
	lineItems: z.array(ShopgateLineItem).nullable().optional(),
};

/** A sales order as the order service answers `GET orders/{orderNumber}` with it; the schema preview's source, never enforced. */
export const ShopgateOrder = z
	.object({
		...orderFields,
		fulfillmentStatus: optionalText,
		primaryBillToAddressSequenceIndex: optionalNumber,
		primaryShipToAddressSequenceIndex: optionalNumber,
		addressSequences: z.array(ShopgateAddress).nullable().optional(),
		discountAmount: optionalNumber,
		date: optionalText,
	})
	.passthrough();

/** A fulfillment order as the order service answers `GET fulfillmentOrders/{orderNumber}` with it; never enforced. */
export const ShopgateFulfillmentOrder = z
	.object({
		...orderFields,
		salesOrderNumber: optionalText,
		locationCode: optionalText,
		routeType: optionalText,
		cancellationReason: optionalText,
		readyDate: optionalText,
		fulfillmentOrderAddress: ShopgateAddress.nullable().optional(),
	})
	.passthrough();
