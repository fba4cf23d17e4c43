import { z } from 'zod';
import type { ZodTypeAny } from 'zod';

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

/** Shopkit writes an amount it has no value for as empty text (`"tax_percent": ""` in its own example): read as null. */
const optionalNumber = z.preprocess((value) => (value === '' ? null : value), reading.number().nullable()).optional();
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
	title: optionalText,
	method: optionalText,
	type: optionalText,
	gateway: optionalText,
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
	address_extra: optionalText,
	zip_code: optionalText,
	city: optionalText,
	country_code_alpha_2: optionalText,
};

const ShopkitAddress = reading.object(addressFields);

export const ShopkitClient = reading.object({
	...addressFields,
	id: reading.integerId().nullable().optional(),
	hash: optionalText,
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

/** A tag of an order or a client (Shopkit's 2025 payloads), as `order_tag_added` and `client_tag_added` deliver it. */
export const ShopkitTag = reading.object({
	id: reading.integerId().nullable().optional(),
	title: optionalText,
	handle: optionalText,
	total_items: optionalNumber,
	created_at: optionalDate,
});

/** Where the carrier last saw the order (Shopkit's 2025 payloads); both null until there is a tracking event. */
export const ShopkitTrackingStatus = reading.object({
	event_alias: optionalText,
	event_description: optionalText,
});

/** A client's wholesale: `true` or `false` in the webhook page's examples, and `pending` where the API filters by it. */
const ShopkitWholesale = z.union([z.boolean(), z.string()]).nullable().optional();

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
	tracking_carrier: optionalText,
	tracking_status: ShopkitTrackingStatus.nullable().optional(),
	wholesale: optionalFlag,
	tags: z.array(ShopkitTag).nullable().optional(),
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

/** Shopkit's clients carry Unix seconds (`"created_at": 1572289289`) where orders carry dates: both are emitted as ISO 8601. */
const ShopkitTime = z
	.preprocess((value) => (typeof value === 'number' && Number.isSafeInteger(value) ? new Date(value * 1000).toISOString() : value), ShopkitDate)
	.nullable()
	.optional();

/** A client as client events deliver it (the webhook page's example, the API's `GET /client`); none of it is required. */
export const ShopkitCustomer = reading.object({
	id: reading.integerId().nullable().optional(),
	hash: optionalText,
	name: optionalText,
	email: optionalText,
	company: optionalText,
	fiscal_id: optionalText,
	locale: optionalText,
	gender: optionalText,
	birthday: optionalText,
	picture: optionalText,
	subscribe_newsletter: optionalFlag,
	accepts_marketing: optionalFlag,
	is_registered: optionalFlag,
	is_banned: optionalFlag,
	internal_notes: optionalText,
	wholesale: ShopkitWholesale,
	tags: z.array(ShopkitTag).nullable().optional(),
	created_at: ShopkitTime,
	last_seen_at: ShopkitTime,
	delivery: ShopkitAddress.nullable().optional(),
	billing: ShopkitAddress.nullable().optional(),
});

/** Who subscribed to or left the newsletter: the webhook page's example is all there is. */
export const ShopkitSubscriber = reading.object({
	name: optionalText,
	email: optionalText,
	hash: optionalText,
});

export const ShopkitProductStock = reading.object({
	stock_enabled: optionalFlag,
	stock_qty: optionalNumber,
	stock_backorder: optionalFlag,
	stock_show: optionalFlag,
	stock_sold_single: optionalFlag,
	stock_notify: optionalNumber,
});

/** One option (variant) of a product, with its own price and stock. */
export const ShopkitProductOption = reading.object({
	id: reading.integerId().nullable().optional(),
	title: optionalText,
	reference: optionalText,
	barcode: optionalText,
	price: optionalNumber,
	price_promo: optionalNumber,
	price_without_tax: optionalNumber,
	stock: optionalNumber,
	weight: optionalNumber,
	active: optionalFlag,
	url: optionalText,
	image: ShopkitProductImage.nullable().optional(),
});

export const ShopkitProductCategory = reading.object({
	id: reading.integerId().nullable().optional(),
	parent: optionalNumber,
	title: optionalText,
	handle: optionalText,
	url: optionalText,
});

/** A product as Shopkit's API returns it (`GET /product/{id}`); only its id is required, every other field passes as sent when it breaks its type. */
export const ShopkitProduct = reading.object({
	id: reading.integerId(),
	title: optionalText,
	reference: optionalText,
	barcode: optionalText,
	price: optionalNumber,
	price_promo: optionalNumber,
	price_wholesale: optionalNumber,
	price_without_tax: optionalNumber,
	price_on_request: optionalFlag,
	status: optionalNumber,
	status_alias: optionalText,
	featured: optionalFlag,
	new: optionalFlag,
	is_promotion: optionalFlag,
	tax: optionalNumber,
	taxable: optionalFlag,
	weight: optionalNumber,
	sales: optionalNumber,
	handle: optionalText,
	description: optionalText,
	description_short: optionalText,
	url: optionalText,
	permalink: optionalText,
	created_at: optionalDate,
	updated_at: optionalDate,
	image: ShopkitProductImage.nullable().optional(),
	images: z.array(ShopkitProductImage).nullable().optional(),
	categories: z.array(ShopkitProductCategory).nullable().optional(),
	brand: reading.anyObject().nullable().optional(),
	options: z.array(ShopkitProductOption).nullable().optional(),
	stock: ShopkitProductStock.nullable().optional(),
});

export const ShopkitOrderDelivery = z.object({ order: ShopkitOrder }).passthrough();
export const ShopkitClientDelivery = z.object({ client: ShopkitCustomer }).passthrough();
export const ShopkitNewsletterDelivery = z.object({ client: ShopkitSubscriber }).passthrough();
export const ShopkitProductDelivery = z.object({ product: ShopkitProduct }).passthrough();
/** `cart_abandoned`: Shopkit documents no body for it, so every field it carries is emitted as sent, and none is required. */
export const ShopkitCartDelivery = z.object({}).passthrough();

/** What an event is about: orders, clients, newsletter subscribers, products or abandoned carts. */
export type ShopkitEventGroup = 'order' | 'client' | 'newsletter' | 'product' | 'cart';

/** Per group: the schema of its events' bodies (one field: `order`, `client` or `product`), and the prefix of their names in the Events list. */
const GROUPS: Readonly<Record<ShopkitEventGroup, { label: string; payload: ZodTypeAny }>> = {
	order: { label: 'Order', payload: ShopkitOrderDelivery },
	client: { label: 'Client', payload: ShopkitClientDelivery },
	newsletter: { label: 'Newsletter', payload: ShopkitNewsletterDelivery },
	product: { label: 'Product', payload: ShopkitProductDelivery },
	cart: { label: 'Cart', payload: ShopkitCartDelivery },
};

export interface ShopkitEventEntry extends EventEntry {
	group: ShopkitEventGroup;
	/** Whether a new node has it selected. */
	byDefault?: boolean;
}

/** One event of a group, named "Order: Paid" so that the Events list, sorted by name, keeps each group together. */
function event(group: ShopkitEventGroup, name: string, description: string, byDefault?: boolean): ShopkitEventEntry {
	const { label, payload } = GROUPS[group];
	return { name: `${label}: ${name}`, description, payload, group, ...(byDefault ? { byDefault } : {}) };
}

/**
 * The 32 events of Shopkit's webhook page (Shopkit/docs `webhooks/docs/webhooks.md`, 2025-04-08), as
 * ../shared/PROVIDERS.md records them. `shipping_expedited` ("when an order is shipped") is taken to deliver the
 * order, as the other order events do (docs/shopkit-trigger.md, "What was assumed").
 */
const table = {
	order_canceled: event('order', 'Canceled', 'An order status changed to canceled'),
	order_change_payment: event('order', 'Payment Method Changed', "An order's payment method was changed"),
	order_change_status: event('order', 'Status Changed', 'An order status changed'),
	order_created: event('order', 'Created', 'An order was created', true),
	order_deleted: event('order', 'Deleted', 'An order was deleted'),
	order_delivered: event('order', 'Delivered', 'An order status changed to delivered'),
	order_invoice: event('order', 'Invoice Requested', 'An invoice was requested for an order'),
	order_paid: event('order', 'Paid', 'An order was set to paid'),
	order_payment_failed: event('order', 'Payment Failed', "An order's payment failed (expired, canceled or other)"),
	order_pickup_available: event('order', 'Pickup Available', 'An order status changed to pickup available'),
	order_returned: event('order', 'Returned', 'An order status changed to returned'),
	order_sent: event('order', 'Sent', 'An order status changed to sent'),
	order_shipping: event('order', 'Shipping Requested', "An order's shipping was requested"),
	order_updated: event('order', 'Updated', 'Any change was made to an order'),
	order_waiting_shipment: event('order', 'Waiting Shipment', 'An order status changed to waiting shipment'),
	order_invoiced: event('order', 'Invoiced', 'An order was invoiced'),
	shipping_expedited: event('order', 'Shipped', 'An order was shipped (shipping_expedited)'),
	order_tag_added: event('order', 'Tag Added', 'A tag was added to an order'),
	client_created: event('client', 'Created', 'A client was created'),
	client_deleted: event('client', 'Deleted', 'A client was deleted'),
	client_updated: event('client', 'Updated', 'A client was updated'),
	client_tag_added: event('client', 'Tag Added', 'A tag was added to a client'),
	client_wholesale_accepted: event('client', 'Wholesale Accepted', "A client's wholesale request was accepted"),
	client_wholesale_revoked: event('client', 'Wholesale Revoked', "A client's wholesale was revoked"),
	client_wholesale_requested: event('client', 'Wholesale Requested', 'A client applied for wholesale'),
	newsletter_subscribed: event('newsletter', 'Subscribed', 'A client subscribed to the newsletter'),
	newsletter_unsubscribed: event('newsletter', 'Unsubscribed', 'A client unsubscribed from the newsletter'),
	product_created: event('product', 'Created', 'A product was created'),
	product_deleted: event('product', 'Deleted', 'A product was deleted'),
	product_updated: event('product', 'Updated', 'A product was updated'),
	product_updated_stock: event('product', 'Updated Stock', "A product's stock changed"),
	cart_abandoned: event('cart', 'Abandoned', 'An abandoned cart was notified'),
};

export type ShopkitEvent = keyof typeof table;

/** Shopkit's events, one entry each: the Events options, the webhooks registered and the schema preview are read from it. */
export const SHOPKIT_EVENT_TABLE: Readonly<Record<ShopkitEvent, ShopkitEventEntry>> = table;

export const SHOPKIT_EVENTS = eventsOf(SHOPKIT_EVENT_TABLE);

export function isShopkitEvent(name: string | undefined): name is ShopkitEvent {
	return isEventOf(SHOPKIT_EVENT_TABLE, name);
}

/** The events of one group, in the table's order: never none, as zod's enums of them need. */
export function shopkitEventsOf(group: ShopkitEventGroup): [ShopkitEvent, ...ShopkitEvent[]] {
	const [first, ...rest] = SHOPKIT_EVENTS.filter((name) => SHOPKIT_EVENT_TABLE[name].group === group);
	return [first, ...rest];
}

/** The schema of the bodies of a group's events. */
export function shopkitPayloadOf(group: ShopkitEventGroup): ZodTypeAny {
	return GROUPS[group].payload;
}

/**
 * The group of a delivery that names no event (no X-Shopkit-Event header), by the one field its body has:
 * `product`, `cart`, `client` (read as a client, whose fields include a subscriber's) or, as before, `order`.
 */
export function shopkitGroupOfBody(body: unknown): ShopkitEventGroup {
	const fields = typeof body === 'object' && body !== null ? body : {};
	if ('product' in fields) return 'product';
	if ('cart' in fields) return 'cart';
	return 'client' in fields && !('order' in fields) ? 'client' : 'order';
}

export type ShopkitOrder = z.infer<typeof ShopkitOrder>;
export type ShopkitOrderProduct = z.infer<typeof ShopkitOrderProduct>;
export type ShopkitCustomer = z.infer<typeof ShopkitCustomer>;
export type ShopkitSubscriber = z.infer<typeof ShopkitSubscriber>;
export type ShopkitProduct = z.infer<typeof ShopkitProduct>;

/**
 * The dashboard's test tool posts "a dummy payload". Every order, client and subscriber Shopkit has published
 * as one (the webhook page's examples, whatever their id, total or products) is Shopkit itself: client
 * "Shopkit", `info@shopk.it`. No shop's real customer has Shopkit's own address, so a delivery whose order's
 * client, or whose client, has the email `info@shopk.it` is taken for the dummy, whatever its id (README,
 * "What was assumed"). Product events name no client: they are never taken for it.
 */
const SHOPKIT_OWN_EMAIL = 'info@shopk.it';

export function isShopkitTestDelivery(body: unknown): boolean {
	const fields = body as { order?: { client?: { email?: unknown } }; client?: { email?: unknown } } | undefined;
	const email = fields?.order?.client?.email ?? fields?.client?.email;
	return typeof email === 'string' && email.trim().toLowerCase() === SHOPKIT_OWN_EMAIL;
}
