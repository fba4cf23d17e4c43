import { z } from 'zod';
import type { ZodRawShape, ZodTypeAny } from 'zod';

import { deliveryItemSchema, fieldOf, orNull } from '../../shared/inbound/itemSchemas';
import type { NodeOutput } from '../../shared/inbound/itemSchemas';
import { SHOPKIT_EVENTS, ShopkitOrder, ShopkitOrderProduct } from '../Shopkit.schemas';
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

const isTest = z.boolean().describe("Whether this is the dashboard's Test delivery (Shopkit's example order)");
const event = z.enum(SHOPKIT_EVENTS);

/** The Shopkit Trigger's item (ShopkitTrigger.receive.ts) with Simplify on and off: the source of its schema preview. */
export const output: NodeOutput = {
	item: {
		'with Simplify on': deliveryItemSchema({ event }, SimplifiedOrder, { isTest, payloadIssues: true }),
		'with Simplify off': deliveryItemSchema({ event }, { order: ShopkitOrder }, { isTest, payloadIssues: true }),
	},
};
