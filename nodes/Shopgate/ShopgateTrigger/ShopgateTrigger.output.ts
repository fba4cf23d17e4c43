import { z } from 'zod';

import { deliveryItemSchema, fieldOf } from '../../shared/inbound/itemSchemas';
import type { NodeOutput } from '../../shared/inbound/itemSchemas';
import { SHOPGATE_EVENT_CODES, SHOPGATE_EVENT_TABLE, ShopgateEnvelope } from '../Shopgate.schemas';

/** Every event's payload schema: the documented ones typed, the others an object. */
const payload = z
	.union(SHOPGATE_EVENT_CODES.map((code) => SHOPGATE_EVENT_TABLE[code].payload) as unknown as [z.ZodTypeAny, z.ZodTypeAny, ...z.ZodTypeAny[]])
	.describe('The event’s payload; typed where Shopgate documents it');

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
			{ payload },
			{ isTest: z.boolean().describe("Whether this is the webhook service's test call (the guide's sample, or another webhook's)"), payloadIssues: true },
		),
		"for the webhook service's test call without an envelope": deliveryItemSchema(
			{},
			{ body: z.unknown().describe('The sample Shopgate sent, as it sent it') },
			{ isTest: z.literal(true) },
		),
	},
};
