import { z } from 'zod';

import { deliveryItemSchema, fieldOf, orNull } from '../../shared/inbound/itemSchemas';
import type { NodeOutput } from '../../shared/inbound/itemSchemas';
import { SHOPKIT_EVENTS, ShopkitClient, ShopkitCoupon, ShopkitOrder, ShopkitOrderProduct, ShopkitPayment, ShopkitShipping } from '../Shopkit.schemas';

/** What simplifyShopkitOrder.ts makes of an order, each field typed by the order field it comes from. */
const SimplifiedOrder = z.object({
	orderId: fieldOf(ShopkitOrder, 'id'),
	status: orNull(ShopkitOrder, 'status_alias'),
	statusCode: orNull(ShopkitOrder, 'status'),
	paid: orNull(ShopkitOrder, 'paid'),
	currency: orNull(ShopkitOrder, 'currency'),
	total: orNull(ShopkitOrder, 'total'),
	subtotal: orNull(ShopkitOrder, 'subtotal'),
	totalTax: orNull(ShopkitOrder, 'total_tax'),
	discount: orNull(ShopkitOrder, 'discount'),
	shippingCost: orNull(ShopkitShipping, 'value'),
	couponCode: z.union([orNull(ShopkitOrder, 'coupon_code'), orNull(ShopkitCoupon, 'code')]),
	paymentType: orNull(ShopkitPayment, 'type'),
	shipmentMethod: orNull(ShopkitOrder, 'shipment_method'),
	clientName: orNull(ShopkitClient, 'name'),
	clientEmail: orNull(ShopkitClient, 'email'),
	clientPhone: orNull(ShopkitClient, 'phone'),
	createdAt: orNull(ShopkitOrder, 'created_at'),
	updatedAt: orNull(ShopkitOrder, 'update_at'),
	paidAt: orNull(ShopkitOrder, 'paid_at'),
	sentAt: orNull(ShopkitOrder, 'sent_at'),
	products: z.array(
		z.object({
			id: fieldOf(ShopkitOrderProduct, 'id'),
			title: orNull(ShopkitOrderProduct, 'title'),
			option: orNull(ShopkitOrderProduct, 'option'),
			reference: orNull(ShopkitOrderProduct, 'reference'),
			price: orNull(ShopkitOrderProduct, 'price'),
			quantity: orNull(ShopkitOrderProduct, 'quantity'),
			subtotal: orNull(ShopkitOrderProduct, 'subtotal'),
		}),
	),
});

const isTest = z.boolean().describe("Whether this is the dashboard's Test delivery (Shopkit's example order)");
const event = z.enum(SHOPKIT_EVENTS);

/** The Shopkit Trigger's item (ShopkitTrigger.receive.ts) with Simplify on and off: the source of its schema preview. */
export const output: NodeOutput = {
	item: {
		'with Simplify on': deliveryItemSchema({ event }, SimplifiedOrder, { isTest, payloadIssues: true }),
		'with Simplify off': deliveryItemSchema({ event }, { order: ShopkitOrder }, { isTest, payloadIssues: true }),
	},
};
