import { z } from 'zod';

export const SHOPKIT_EVENTS = [
	'order_canceled',
	'order_change_status',
	'order_created',
	'order_deleted',
	'order_invoice',
	'order_paid',
	'order_sent',
	'order_updated',
] as const;
export type ShopkitEvent = (typeof SHOPKIT_EVENTS)[number];

export function isShopkitEvent(name: string | undefined): name is ShopkitEvent {
	return (SHOPKIT_EVENTS as readonly string[]).includes(name ?? '');
}

const NUMERIC_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;

/** Shopkit's JSON carries most amounts as numbers, but its API has been seen to quote them. */
const ShopkitNumber = z.preprocess(
	(value) => (typeof value === 'string' && NUMERIC_TEXT.test(value) ? Number(value) : value),
	z.number(),
);

const SHOPKIT_DATE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Dates arrive as ISO 8601 (`2014-11-19T00:44:19+00:00`) or as SQL datetimes in UTC (`2014-11-19 00:44:19`);
 * both are emitted as ISO 8601 in UTC. The fixed pattern leaves `Date.parse` only ISO 8601 to read, which
 * costs a fraction of what luxon does on every delivery (bench/RESULTS.md).
 */
const ShopkitDate = z.string().transform((value, context) => {
	const parts = SHOPKIT_DATE.exec(value);
	const millis = parts ? Date.parse(`${parts[1]}T${parts[2]}${parts[3] ?? 'Z'}`) : Number.NaN;
	if (Number.isNaN(millis)) {
		context.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a date like 2014-11-19T00:44:19+00:00' });
		return z.NEVER;
	}
	return new Date(millis).toISOString();
});

const optionalNumber = ShopkitNumber.nullable().optional();
const optionalText = z.string().nullable().optional();
const optionalDate = ShopkitDate.nullable().optional();

export const ShopkitShipping = z
	.object({
		value: optionalNumber,
		tax: optionalNumber,
		tax_percent: optionalNumber,
		discount: optionalNumber,
		discount_percent: optionalNumber,
	})
	.passthrough();

export const ShopkitPayment = z
	.object({
		type: optionalText,
		description: optionalText,
		data: z.record(z.unknown()).nullable().optional(),
	})
	.passthrough();

export const ShopkitCoupon = z
	.object({
		code: optionalText,
		type: optionalText,
		value: optionalNumber,
	})
	.passthrough();

const ShopkitAddress = z
	.object({
		name: optionalText,
		address: optionalText,
		postcode: optionalText,
		town: optionalText,
		country: optionalText,
		country_code: optionalText,
		phone: optionalText,
		fiscal_id: optionalText,
		company: optionalText,
	})
	.passthrough();

export const ShopkitClient = ShopkitAddress.extend({
	email: optionalText,
	company: optionalText,
	is_registered: z.boolean().nullable().optional(),
	delivery: ShopkitAddress.nullable().optional(),
	billing: ShopkitAddress.nullable().optional(),
}).passthrough();

export const ShopkitProductImage = z
	.object({
		thumb: optionalText,
		square: optionalText,
		full: optionalText,
	})
	.passthrough();

export const ShopkitOrderProduct = z
	.object({
		id: ShopkitNumber,
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
	})
	.passthrough();

export const ShopkitOrder = z
	.object({
		id: ShopkitNumber,
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
		paid: z.boolean().nullable().optional(),
		is_new: z.boolean().nullable().optional(),
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
	})
	.passthrough();

export const ShopkitDelivery = z.object({ order: ShopkitOrder }).passthrough();

export type ShopkitOrder = z.infer<typeof ShopkitOrder>;
export type ShopkitOrderProduct = z.infer<typeof ShopkitOrderProduct>;
export type ShopkitDelivery = z.infer<typeof ShopkitDelivery>;

/**
 * The dashboard's "Test" button posts a dummy payload. Shopkit documents one example order (id 1337 for
 * the Shopkit store itself); a delivery carrying exactly that identity is taken for the dummy.
 */
export function isShopkitTestOrder(order: ShopkitOrder): boolean {
	return order.id === 1337 && order.client?.email === 'info@shopk.it';
}
