import { z } from 'zod';

import { deliveryItemSchema, fieldOf, orNull } from '../../shared/itemSchemas';
import type { NodeOutput, OutputVariants } from '../../shared/itemSchemas';
import { TIKI_EVENT_PAYLOADS, TIKI_EVENT_TYPES, TIKI_ORDER_EVENT_TYPES, TikiQueueEvent } from './TikiEventSchemas';

function leading(type: z.ZodTypeAny) {
	return {
		eventId: fieldOf(TikiQueueEvent, 'id'),
		type,
		version: orNull(TikiQueueEvent, 'version'),
		createdAt: z.string().datetime().describe("Tiki's created_at as ISO 8601 in UTC"),
	};
}

const payloadIssue = z.string().describe("The payload's field that breaks Tiki's documented payload, and what is wrong with it");
const order = z.record(z.unknown()).nullable().optional().describe('With Fetch Full Order: the order as Tiki has it now (null when Tiki does not know the code)');

/**
 * The Tiki Event Trigger's item per event type (tikiEventItem.ts, pollTikiEvents.ts): the event's own fields,
 * then its payload's. The source of its schema preview.
 */
export const output: NodeOutput = {
	item: {
		...(Object.fromEntries(
			TIKI_EVENT_TYPES.map((type) => [
				`for ${type}`,
				deliveryItemSchema(leading(z.literal(type)), TIKI_EVENT_PAYLOADS[type], {
					receivedAt: false,
					trailing: TIKI_ORDER_EVENT_TYPES.includes(type) ? { order } : {},
				}),
			]),
		) as OutputVariants),
		"for an event whose payload breaks Tiki's documented one (as sent)": deliveryItemSchema(leading(z.enum(TIKI_EVENT_TYPES)), z.object({}).passthrough(), {
			receivedAt: false,
			trailing: { payloadIssue, order },
		}),
		'for an event type Tiki adds later (as sent)': deliveryItemSchema(leading(z.string()), z.object({}).passthrough(), { receivedAt: false }),
	},
};
