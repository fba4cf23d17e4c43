import { z } from 'zod';

import { deliveryItemSchema, fieldOf, orNull } from '../../shared/inbound/itemSchemas';
import type { NodeOutput, OutputVariants } from '../../shared/inbound/itemSchemas';
import { ORDER_FETCH_POLLS } from './orderFetchAttempts';
import { TIKI_EVENT_PAYLOADS, TIKI_EVENT_TYPES, TIKI_ORDER_EVENT_TYPES, TikiQueueEvent } from './TikiEventTrigger.schemas';

function leading(type: z.ZodTypeAny) {
	return {
		eventId: fieldOf(TikiQueueEvent, 'id'),
		type,
		version: orNull(TikiQueueEvent, 'version'),
		createdAt: fieldOf(TikiQueueEvent, 'created_at').describe("Tiki's created_at as ISO 8601 in UTC"),
	};
}

const order = z
	.record(z.unknown())
	.nullable()
	.optional()
	.describe('With Fetch Full Order: the order as Tiki has it now (null when Tiki does not know the code, or it could not be fetched)');
const orderFetchError = z
	.string()
	.optional()
	.describe(`With Fetch Full Order: why the order could not be fetched in ${ORDER_FETCH_POLLS} polls, or at once in a manual run (order is then null)`);
const orderFields = { order, orderFetchError };

/**
 * The Tiki Event Trigger's item per event type (tikiEventItem.ts, TikiEventTrigger.poll.ts): the event's own fields,
 * then its payload's. The source of its schema preview.
 */
export const output: NodeOutput = {
	item: {
		...(Object.fromEntries(
			TIKI_EVENT_TYPES.map((type) => [
				`for ${type}`,
				deliveryItemSchema(leading(z.literal(type)), TIKI_EVENT_PAYLOADS[type], {
					receivedAt: false,
					trailing: TIKI_ORDER_EVENT_TYPES.includes(type) ? orderFields : {},
				}),
			]),
		) as OutputVariants),
		"for an event that breaks Tiki's documented one (as sent)": deliveryItemSchema(leading(z.enum(TIKI_EVENT_TYPES)), z.object({}).passthrough(), {
			receivedAt: false,
			payloadIssues: true,
			trailing: orderFields,
		}),
		'for an event type Tiki adds later (as sent)': deliveryItemSchema(leading(z.string()), z.object({}).passthrough(), { receivedAt: false }),
	},
};
