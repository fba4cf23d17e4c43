import { z } from 'zod';

import { deliveryItemSchema, fieldOf } from '../../shared/inbound/itemSchemas';
import type { NodeOutput } from '../../shared/inbound/itemSchemas';
import { SHOPGATE_EVENT_CODES, SHOPGATE_EVENT_TABLE, ShopgateEnvelope, ShopgateFulfillmentOrder, ShopgateOrder } from '../Shopgate.schemas';

/** Every event's payload schema: the documented ones typed, the others an object. */
const payload = z
	.union(SHOPGATE_EVENT_CODES.map((code) => SHOPGATE_EVENT_TABLE[code].payload) as unknown as [z.ZodTypeAny, z.ZodTypeAny, ...z.ZodTypeAny[]])
	.describe('The event’s payload; typed where Shopgate documents it');

/** With Fetch Full Order (Shopgate.orders.ts): the record the event names, null when it could not be had. */
const order = ShopgateOrder.nullable()
	.optional()
	.describe('With Fetch Full Order, for a sales order event: the order as Shopgate has it now (null when Shopgate does not know the number, or it could not be fetched; payloadIssues says which)');
const fulfillmentOrder = ShopgateFulfillmentOrder.nullable()
	.optional()
	.describe('With Fetch Full Order, for a fulfillment order event: the fulfillment order as Shopgate has it now (null when Shopgate does not know the number, or it could not be fetched; payloadIssues says which)');

/** The Shopgate Trigger's items (ShopgateTrigger.receive.ts): an event, or the service's test call. The source of its schema preview. */
export const output: NodeOutput = {
	item: {
		'for an event': deliveryItemSchema(
			{
				deliveryId: fieldOf(ShopgateEnvelope, 'id'),
				eventCode: z.enum(SHOPGATE_EVENT_CODES),
				webhookCode: fieldOf(ShopgateEnvelope, 'webhookCode'),
				tenantId: fieldOf(ShopgateEnvelope, 'tenantId'),
				tenantType: fieldOf(ShopgateEnvelope, 'tenantType'),
				date: fieldOf(ShopgateEnvelope, 'date'),
			},
			{ payload, order, fulfillmentOrder },
			{ isTest: z.boolean().describe("Whether this is the webhook service's test call (the guide's sample, or another webhook's)"), payloadIssues: true },
		),
		"for the webhook service's test call without an envelope": deliveryItemSchema(
			{},
			{ body: z.unknown().describe('The sample Shopgate sent, as it sent it') },
			{ isTest: z.literal(true) },
		),
	},
};
