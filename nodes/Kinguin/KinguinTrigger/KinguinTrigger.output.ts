import { z } from 'zod';

import { deliveryItemSchema } from '../../shared/inbound/itemSchemas';
import type { NodeOutput } from '../../shared/inbound/itemSchemas';
import { KINGUIN_EVENT_TABLE, KINGUIN_EVENTS } from '../Kinguin.schemas';

const isTest = z.boolean().describe("Whether this is the dashboard's TEST URL button (no X-Event-Name, or one of Kinguin's published examples)");

function eventItem(event: z.ZodLiteral<string>, payload: z.ZodTypeAny): z.AnyZodObject {
	return deliveryItemSchema({ event }, payload, { isTest, payloadIssues: true });
}

/** The Kinguin Trigger's item per event (KinguinTrigger.receive.ts): the source of its schema preview. */
export const output: NodeOutput = {
	item: {
		...Object.fromEntries(KINGUIN_EVENTS.map((event) => [`for ${event}`, eventItem(z.literal(event), KINGUIN_EVENT_TABLE[event].payload)])),
		// the request names no event, so its body is passed on unread
		'for the TEST URL button without X-Event-Name (its body as sent)': deliveryItemSchema({ event: z.null() }, z.object({}).passthrough(), {
			isTest: z.literal(true),
		}),
	},
};
