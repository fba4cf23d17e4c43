import { DateTime } from 'luxon';
import { z } from 'zod';

export const TIKI_EVENTS = ['product:request:approved', 'product:request:locked', 'product:request:rejected'] as const;
export type TikiEvent = (typeof TIKI_EVENTS)[number];

export function isTikiEvent(name: string): name is TikiEvent {
	return (TIKI_EVENTS as readonly string[]).includes(name);
}

/** Tiki writes times as `2020-02-02 12:00:00` in Vietnam's time, which has been UTC+7 all year since 1975. */
const TIKI_TIME_FORMAT = 'yyyy-MM-dd HH:mm:ss';
const TIKI_ZONE = 'UTC+7';

export function tikiTimeToIso(value: string): string | null {
	const time = DateTime.fromFormat(value, TIKI_TIME_FORMAT, { zone: TIKI_ZONE });
	return time.isValid ? time.toISO({ suppressMilliseconds: true }) : null;
}

/** Ids such as `1154523837593192401` exceed what a JSON number can hold exactly, so they stay text. */
const TikiId = z.preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string());

const TikiTime = z.string().refine((value) => tikiTimeToIso(value) !== null, {
	message: 'must be a time like 2020-02-02 12:00:00',
});

export const TikiProductRequest = z
	.object({
		event: z.string().optional(),
		event_time: TikiTime.optional(),
		request_id: TikiId,
		state: z.string().optional(),
		product_id: TikiId.nullable().optional(),
		product_sku: z.string().nullable().optional(),
	})
	.passthrough();

export const TikiRejectReason = z
	.object({
		reason_id: z.number().int().nullable().optional(),
		reason_name: z.string().nullable().optional(),
		reject_description: z.string().nullable().optional(),
		reason_data: z.unknown().optional(),
	})
	.passthrough();

export const TikiProductRequestRejected = TikiProductRequest.extend({
	list_reasons: z.array(TikiRejectReason).nullable().optional(),
	reason: z.string().nullable().optional(),
}).passthrough();

export const TikiEnvelope = z
	.object({
		id: z.string().min(1),
		event: z.string().min(1),
		payload: z.record(z.unknown()).nullable().optional(),
	})
	.passthrough();

export type TikiProductRequest = z.infer<typeof TikiProductRequest>;
export type TikiProductRequestRejected = z.infer<typeof TikiProductRequestRejected>;
export type TikiEnvelope = z.infer<typeof TikiEnvelope>;

export function payloadSchemaOf(event: TikiEvent) {
	return event === 'product:request:rejected' ? TikiProductRequestRejected : TikiProductRequest;
}
