import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../../shared/inbound/payloadReading';
import type { ShopkitOrder, ShopkitOrderProduct } from '../Shopkit.schemas';

/**
 * The order flattened to the fields people map most into invoicing, CRM and chat. An order that broke its
 * schema holds some fields as sent (a list of products that is no list, a line that is no object): those are
 * flattened as far as they go.
 */
export function simplifyShopkitOrder(order: ShopkitOrder): IDataObject {
	return {
		orderId: order.id,
		status: order.status_alias ?? null,
		statusCode: order.status ?? null,
		paid: order.paid ?? null,
		currency: order.currency ?? null,
		total: order.total ?? null,
		subtotal: order.subtotal ?? null,
		totalTax: order.total_tax ?? null,
		discount: order.discount ?? null,
		shippingCost: order.shipping?.value ?? null,
		couponCode: order.coupon_code || order.coupon?.code || null,
		paymentType: order.payment?.type ?? null,
		shipmentMethod: order.shipment_method ?? null,
		clientName: order.client?.name ?? null,
		clientEmail: order.client?.email ?? null,
		clientPhone: order.client?.phone ?? null,
		createdAt: order.created_at ?? null,
		updatedAt: order.update_at ?? null,
		paidAt: order.paid_at ?? null,
		sentAt: order.sent_at ?? null,
		products: Array.isArray(order.products) ? order.products.map(simplifyProduct) : [],
	};
}

function simplifyProduct(product: ShopkitOrderProduct): IDataObject {
	if (!isPlainObject(product)) return { line: product };
	return {
		id: product.id ?? null,
		title: product.title ?? null,
		option: product.option ?? null,
		reference: product.reference ?? null,
		price: product.price ?? null,
		quantity: product.quantity ?? null,
		subtotal: product.subtotal ?? null,
	};
}
