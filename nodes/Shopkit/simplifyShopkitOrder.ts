import type { IDataObject } from 'n8n-workflow';

import type { ShopkitOrder } from './ShopkitSchemas';

/** The order flattened to the fields people map most into invoicing, CRM and chat. */
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
		products: (order.products ?? []).map((product) => ({
			id: product.id,
			title: product.title ?? null,
			option: product.option ?? null,
			reference: product.reference ?? null,
			price: product.price ?? null,
			quantity: product.quantity ?? null,
			subtotal: product.subtotal ?? null,
		})),
	};
}
