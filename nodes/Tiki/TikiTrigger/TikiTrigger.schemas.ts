import { z } from 'zod';

import * as reading from '../../shared/inbound/readingRules';
import { eventsOf, isEventOf } from '../../shared/inbound/eventTable';
import type { EventEntry } from '../../shared/inbound/eventTable';

/** Tiki writes times as `2020-02-02 12:00:00` in Vietnam's time, which has been UTC+7 all year since 1975. */
const TIKI_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const TIKI_OFFSET = '+07:00';

/**
 * The ISO 8601 form of a Tiki time (the same wall-clock time with Vietnam's offset), or null when it is
 * not a real time. A fixed offset needs no time-zone arithmetic, only a check that the calendar date
 * exists, which Date.UTC does in a fraction of what luxon takes on every delivery (bench/RESULTS.md).
 */
export function tikiTimeToIso(value: string): string | null {
	const parts = TIKI_TIME.exec(value);
	if (!parts) return null;
	const [year, month, day, hour, minute, second] = parts.slice(1).map(Number);
	const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
	const exists =
		date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day &&
		date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
	return exists ? `${parts[1]}-${parts[2]}-${parts[3]}T${parts[4]}:${parts[5]}:${parts[6]}${TIKI_OFFSET}` : null;
}

/** Ids such as `1154523837593192401` exceed what a JSON number holds exactly, so they stay text (sent as numbers too). */
const TikiId = reading.nonEmptyText();
const optionalText = reading.text().nullable().optional();

/** Kept as Tiki wrote it; a zero date reads as null. */
const TikiTime = reading.date('2020-02-02 12:00:00', (value) => (tikiTimeToIso(value) === null ? undefined : value));

export const TikiProductRequest = z
	.object({
		event: reading.text().optional(),
		event_time: TikiTime.nullable().optional(),
		request_id: TikiId,
		state: reading.text().optional(),
		product_id: TikiId.nullable().optional(),
		product_sku: optionalText,
	})
	.passthrough();

export const TikiRejectReason = reading.object({
	reason_id: reading.integer().nullable().optional(),
	reason_name: optionalText,
	reject_description: optionalText,
	reason_data: z.unknown().optional(),
});

export const TikiProductRequestRejected = TikiProductRequest.extend({
	list_reasons: z.array(TikiRejectReason).nullable().optional(),
	reason: optionalText,
}).passthrough();

export const TikiEnvelope = z
	.object({
		id: reading.nonEmptyText(),
		event: reading.nonEmptyText(),
		/** Read on its own (TikiPayload, then the event's schema). */
		payload: z.unknown(),
	})
	.passthrough();

/** `payload` "could be empty" (the seed): absent, null, `{}`, `[]` and `""` all read as no payload. */
export const TikiPayload = reading.anyObject();

export type TikiProductRequest = z.infer<typeof TikiProductRequest>;
export type TikiProductRequestRejected = z.infer<typeof TikiProductRequestRejected>;
export type TikiEnvelope = z.infer<typeof TikiEnvelope>;

interface TikiEventEntry extends EventEntry {
	/** Whether a new node has it selected. */
	byDefault?: boolean;
}

function productRequestEvent(name: string, description: string, payload: z.ZodTypeAny, byDefault?: boolean): TikiEventEntry {
	return { name, description, payload, ...(byDefault ? { byDefault } : {}) };
}

const table = {
	'product:request:approved': productRequestEvent('Product Request Approved', 'Tiki approved a product request', TikiProductRequest, true),
	'product:request:locked': productRequestEvent('Product Request Locked', 'A product request was rejected two or three times and is now locked', TikiProductRequest),
	'product:request:rejected': productRequestEvent('Product Request Rejected', 'Tiki rejected a product request; the reasons are included', TikiProductRequestRejected, true),
};

export type TikiEvent = keyof typeof table;

/** Tiki's webhook events, one entry each: the Events options, the payload schemas and the schema preview are read from it. */
export const TIKI_EVENT_TABLE: Readonly<Record<TikiEvent, TikiEventEntry>> = table;

export const TIKI_EVENTS = eventsOf(TIKI_EVENT_TABLE);

export function isTikiEvent(name: string): name is TikiEvent {
	return isEventOf(TIKI_EVENT_TABLE, name);
}

export function payloadSchemaOf(event: TikiEvent): z.ZodTypeAny {
	return TIKI_EVENT_TABLE[event].payload;
}
