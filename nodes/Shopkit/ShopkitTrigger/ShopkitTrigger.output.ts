import { z } from 'zod';
import type { ZodRawShape, ZodTypeAny } from 'zod';

import { deliveryItemSchema, fieldOf, orNull } from '../../shared/inbound/itemSchemas';
import type { NodeOutput } from '../../shared/inbound/itemSchemas';
import { ShopkitCustomer, shopkitEventsOf, ShopkitOrder, ShopkitOrderProduct, ShopkitProduct, ShopkitSubscriber } from '../Shopkit.schemas';
import type { ShopkitEventGroup } from '../Shopkit.schemas';
import { ShopkitHeaderFields } from './shopkitHeaderFields';
import { SIMPLIFIED_ORDER_FIELDS, SIMPLIFIED_PRODUCT_FIELDS } from './simplifyShopkitOrder';
import type { SimplifiedField } from './simplifyShopkitOrder';

/** The field `field` of the simplified order reads, typed by the order field (or fields) it comes from. */
function previewOf(schema: ZodTypeAny, field: SimplifiedField): ZodTypeAny {
	const at = (path: readonly string[], required?: boolean) => {
		const parent = path.slice(0, -1).reduce(fieldOf, schema);
		return required ? fieldOf(parent, path[path.length - 1]) : orNull(parent, path[path.length - 1]);
	};
	return field.orFrom ? z.union([at(field.from), at(field.orFrom)]) : at(field.from, field.required);
}

function previewsOf(schema: ZodTypeAny, fields: Record<string, SimplifiedField>): ZodRawShape {
	return Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, previewOf(schema, field)]));
}

/** What simplifyShopkitOrder.ts makes of an order, read from the same field table. */
const SimplifiedOrder = z.object({
	...previewsOf(ShopkitOrder, SIMPLIFIED_ORDER_FIELDS),
	products: z.array(z.object(previewsOf(ShopkitOrderProduct, SIMPLIFIED_PRODUCT_FIELDS))),
});

const isTest = z.boolean().describe("Whether this is the dashboard's Test delivery (Shopkit's example order or client)");

/** The fields that lead every item: the event, of the group the variant is for, and what Shopkit's headers say. */
const leading = (group: ShopkitEventGroup): ZodRawShape => ({ event: z.enum(shopkitEventsOf(group)), ...ShopkitHeaderFields.shape });

/** The Shopkit Trigger's item (ShopkitTrigger.receive.ts) per group of events, orders with Simplify on and off: the source of its schema preview. */
export const output: NodeOutput = {
	item: {
		'for order events with Simplify on': deliveryItemSchema(leading('order'), SimplifiedOrder, { isTest, payloadIssues: true }),
		'for order events with Simplify off': deliveryItemSchema(leading('order'), { order: ShopkitOrder }, { isTest, payloadIssues: true }),
		'for client events': deliveryItemSchema(leading('client'), { client: ShopkitCustomer }, { isTest, payloadIssues: true }),
		'for newsletter events': deliveryItemSchema(leading('newsletter'), { client: ShopkitSubscriber }, { isTest, payloadIssues: true }),
		'for product events': deliveryItemSchema(leading('product'), { product: ShopkitProduct }, { isTest, payloadIssues: true }),
		'for abandoned carts (every field Shopkit sends, as sent)': deliveryItemSchema(leading('cart'), {}, { isTest, payloadIssues: true }),
	},
};
