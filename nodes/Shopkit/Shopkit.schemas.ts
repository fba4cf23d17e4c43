import { z } from 'zod';

import * as reading from '../shared/inbound/readingRules';
import { eventsOf, isEventOf } from '../shared/inbound/eventTable';
import type { EventEntry } from '../shared/inbound/eventTable';

const SHOPKIT_DATE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Dates arrive as ISO 8601 (`2014-11-19T00:44:19+00:00`) or as SQL datetimes in UTC (`2014-11-19 00:44:19`);
 * both are emitted as ISO 8601 in UTC, a zero date as null. The fixed pattern leaves `Date.parse` only
 * ISO 8601 to read, which costs a fraction of what luxon does on every delivery (bench/RESULTS.md).
 */
const ShopkitDate = reading.date('2014-11-19T00:44:19+00:00', (value) => {
	const parts = SHOPKIT_DATE.exec(value);
	const millis = parts ? Date.parse(`${parts[1]}T${parts[2]}${parts[3] ?? 'Z'}`) : Number.NaN;
	return Number.isNaN(millis) ? undefined : new Date(millis).toISOString();
});

const optionalNumber = reading.number().nullable().optional();
const optionalText = reading.text().nullable().optional();
const optionalDate = ShopkitDate.nullable().optional();
const optionalFlag = reading.flag().nullable().optional();

export const ShopkitShipping = reading.object({
	value: optionalNumber,
	tax: optionalNumber,
	tax_percent: optionalNumber,
	discount: optionalNumber,
	discount_percent: optionalNumber,
});

export const ShopkitPayment = reading.object({
	type: optionalText,
	description: optionalText,
	data: reading.anyObject().nullable().optional(),
});

export const ShopkitCoupon = reading.object({
	code: optionalText,
	type: optionalText,
	value: optionalNumber,
});

const addressFields = {
	name: optionalText,
	address: optionalText,
	postcode: optionalText,
	town: optionalText,
	country: optionalText,
	country_code: optionalText,
	phone: optionalText,
	fiscal_id: optionalText,
	company: optionalText,
};

const ShopkitAddress = reading.object(addressFields);

export const ShopkitClient = reading.object({
	...addressFields,
	email: optionalText,
	is_registered: optionalFlag,
	delivery: ShopkitAddress.nullable().optional(),
	billing: ShopkitAddress.nullable().optional(),
});

export const ShopkitProductImage = reading.object({
	thumb: optionalText,
	square: optionalText,
	full: optionalText,
});

export const ShopkitOrderProduct = reading.object({
	id: reading.integerId(),
	title: optionalText,
	option: optionalText,
	reference: optionalText,
	price: optionalNumber,
	tax: optionalNumber,
	quantity: optionalNumber,
	discount: optionalNumber,
	subtotal: optionalNumber,
	discount_percent: optionalNumber,
	weight: optionalNumber,
	url: optionalText,
	description_short: optionalText,
	image: ShopkitProductImage.nullable().optional(),
});

export const ShopkitOrder = reading.object({
	id: reading.integerId(),
	hash: optionalText,
	total: optionalNumber,
	subtotal: optionalNumber,
	product_tax: optionalNumber,
	total_tax: optionalNumber,
	discount: optionalNumber,
	shipping: ShopkitShipping.nullable().optional(),
	coupon_code: optionalText,
	created_at: optionalDate,
	update_at: optionalDate,
	sent_at: optionalDate,
	paid_at: optionalDate,
	currency: optionalText,
	payment: ShopkitPayment.nullable().optional(),
	status: optionalNumber,
	status_alias: optionalText,
	status_description: optionalText,
	paid: optionalFlag,
	is_new: optionalFlag,
	invoice_url: optionalText,
	tracking_code: optionalText,
	tracking_url: optionalText,
	permalink: optionalText,
	weight: optionalNumber,
	observations: optionalText,
	custom_field: optionalText,
	coupon: ShopkitCoupon.nullable().optional(),
	note: optionalText,
	client_note: optionalText,
	shipment_method: optionalText,
	client: ShopkitClient.nullable().optional(),
	products: z.array(ShopkitOrderProduct).nullable().optional(),
});

export const ShopkitDelivery = z.object({ order: ShopkitOrder }).passthrough();

interface ShopkitEventEntry extends EventEntry {
	/** Whether a new node has it selected. */
	byDefault?: boolean;
}

/** Each event Shopkit delivers the order it is about. */
function orderEvent(name: string, description: string, byDefault?: boolean): ShopkitEventEntry {
	return { name, description, payload: ShopkitDelivery, ...(byDefault ? { byDefault } : {}) };
}

const table = {
	order_canceled: orderEvent('Order Canceled', 'An order status changed to canceled'),
	order_change_status: orderEvent('Order Status Changed', 'An order status changed'),
	order_created: orderEvent('Order Created', 'An order was created', true),
	order_deleted: orderEvent('Order Deleted', 'An order was deleted'),
	order_invoice: orderEvent('Order Invoice Requested', 'An invoice was requested for an order'),
	order_paid: orderEvent('Order Paid', 'An order was set to paid'),
	order_sent: orderEvent('Order Sent', 'An order status changed to sent'),
	order_updated: orderEvent('Order Updated', 'Any change was made to an order'),
};

export type ShopkitEvent = keyof typeof table;

/** Shopkit's events, one entry each: the Events options, the webhooks registered and the schema preview are read from it. */
export const SHOPKIT_EVENT_TABLE: Readonly<Record<ShopkitEvent, ShopkitEventEntry>> = table;

export const SHOPKIT_EVENTS = eventsOf(SHOPKIT_EVENT_TABLE);

export function isShopkitEvent(name: string | undefined): name is ShopkitEvent {
	return isEventOf(SHOPKIT_EVENT_TABLE, name);
}

export type ShopkitOrder = z.infer<typeof ShopkitOrder>;
export type ShopkitOrderProduct = z.infer<typeof ShopkitOrderProduct>;
export type ShopkitDelivery = z.infer<typeof ShopkitDelivery>;

/**
 * The dashboard's test tool posts "a dummy payload". Every order Shopkit has published as one (the webhook
 * page's examples, whatever their id, total or products) is bought by Shopkit itself: client "Shopkit",
 * `info@shopk.it`. No shop's real customer has Shopkit's own address, so an order whose client email is
 * `info@shopk.it` is taken for the dummy, whatever its id (README, "What was assumed").
 */
const SHOPKIT_OWN_EMAIL = 'info@shopk.it';

export function isShopkitTestOrder(order: unknown): boolean {
	const client = (order as { client?: { email?: unknown } } | undefined)?.client;
	return typeof client?.email === 'string' && client.email.trim().toLowerCase() === SHOPKIT_OWN_EMAIL;
}
