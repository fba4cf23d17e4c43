import { z } from 'zod';

import { allOptional, deliveryItemSchema, fieldOf } from '../../shared/inbound/itemSchemas';
import type { NodeOutput, OutputVariants } from '../../shared/inbound/itemSchemas';
import { payloadSchemaOf, TIKI_EVENTS, TikiEnvelope } from './TikiTrigger.schemas';

const eventTimeIso = z
	.string()
	.nullable()
	.optional()
	.describe('event_time as ISO 8601 with Vietnam’s offset (+07:00), when the payload has one');

/**
 * The Tiki Trigger's item per event (TikiTrigger.receive.ts): the envelope's id and event, then the payload's
 * fields, every one of them optional since Tiki may send an empty payload. The source of its schema preview.
 */
export const output: NodeOutput = {
	item: Object.fromEntries(
		TIKI_EVENTS.map((event) => [
			`for ${event}`,
			deliveryItemSchema(
				{ deliveryId: fieldOf(TikiEnvelope, 'id'), event: z.literal(event) },
				allOptional(payloadSchemaOf(event)).extend({ event_time_iso: eventTimeIso }),
				{ payloadIssues: true },
			),
		]),
	) as OutputVariants,
};
