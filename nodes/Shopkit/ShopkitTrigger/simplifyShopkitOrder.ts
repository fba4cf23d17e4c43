import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../../shared/inbound/payloadReading';
import type { ShopkitOrder, ShopkitOrderProduct } from '../Shopkit.schemas';

/** Where a field of the simplified order is read, and how; the schema preview (ShopkitTrigger.output.ts) reads the same. */
export interface SimplifiedField {
	/** The path in the order (or order line) it is read at; null when it is not there. */
	from: readonly string[];
	/** Read when `from` holds nothing (empty text included): a field Shopkit sends in either of two places. */
	orFrom?: readonly string[];
	/** Copied as sent, absent when absent: the key of the order, which a delivery always carries. */
	asSent?: true;
	/** Always present in the preview: the key of the order or of its line. */
	required?: true;
}

/** The order flattened to the fields people map most into invoicing, CRM and chat, each by where it comes from. */
export const SIMPLIFIED_ORDER_FIELDS = {
	orderId: { from: ['id'], asSent: true, required: true },
	status: { from: ['status_alias'] },
	statusCode: { from: ['status'] },
	paid: { from: ['paid'] },
	currency: { from: ['currency'] },
	total: { from: ['total'] },
	subtotal: { from: ['subtotal'] },
	totalTax: { from: ['total_tax'] },
	discount: { from: ['discount'] },
	shippingCost: { from: ['shipping', 'value'] },
	couponCode: { from: ['coupon_code'], orFrom: ['coupon', 'code'] },
	paymentType: { from: ['payment', 'type'] },
	shipmentMethod: { from: ['shipment_method'] },
	trackingCode: { from: ['tracking_code'] },
	trackingUrl: { from: ['tracking_url'] },
	trackingStatus: { from: ['tracking_status', 'event_alias'] },
	wholesale: { from: ['wholesale'] },
	tags: { from: ['tags'] },
	clientName: { from: ['client', 'name'] },
	clientEmail: { from: ['client', 'email'] },
	clientPhone: { from: ['client', 'phone'] },
	createdAt: { from: ['created_at'] },
	updatedAt: { from: ['update_at'] },
	paidAt: { from: ['paid_at'] },
	sentAt: { from: ['sent_at'] },
} as const satisfies Record<string, SimplifiedField>;

/** Each line of the order's `products`, flattened the same way. */
export const SIMPLIFIED_PRODUCT_FIELDS = {
	id: { from: ['id'], required: true },
	title: { from: ['title'] },
	option: { from: ['option'] },
	reference: { from: ['reference'] },
	price: { from: ['price'] },
	quantity: { from: ['quantity'] },
	subtotal: { from: ['subtotal'] },
} as const satisfies Record<string, SimplifiedField>;

const orderFields: Array<[string, SimplifiedField]> = Object.entries(SIMPLIFIED_ORDER_FIELDS);
const productFields: Array<[string, SimplifiedField]> = Object.entries(SIMPLIFIED_PRODUCT_FIELDS);

/** What `source` holds at `path`, as optional chaining reads it: undefined past a missing step. */
function valueAt(source: unknown, path: readonly string[]): unknown {
	let value = source;
	for (const key of path) {
		if (value === null || value === undefined) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

function simplified(source: object, fields: Array<[string, SimplifiedField]>): IDataObject {
	const result: IDataObject = {};
	for (const [name, field] of fields) {
		const value = valueAt(source, field.from);
		const copied = field.orFrom ? value || valueAt(source, field.orFrom) || null : field.asSent ? value : value ?? null;
		result[name] = copied as IDataObject[string];
	}
	return result;
}

/**
 * The order flattened (SIMPLIFIED_ORDER_FIELDS) with its lines (SIMPLIFIED_PRODUCT_FIELDS). An order that broke
 * its schema holds some fields as sent (a list of products that is no list, a line that is no object): those
 * are flattened as far as they go.
 */
export function simplifyShopkitOrder(order: ShopkitOrder): IDataObject {
	return {
		...simplified(order, orderFields),
		products: Array.isArray(order.products) ? order.products.map(simplifyProduct) : [],
	};
}

function simplifyProduct(product: ShopkitOrderProduct): IDataObject {
	if (!isPlainObject(product)) return { line: product };
	return simplified(product, productFields);
}
