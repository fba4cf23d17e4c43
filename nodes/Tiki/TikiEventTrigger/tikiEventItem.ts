import type { TikiEventItem, TikiQueueEvent } from './TikiEventSchemas';
import { isTikiEventType, TIKI_EVENT_PAYLOADS } from './TikiEventSchemas';

/**
 * The payload's fields between the event's own fields, which lead and are written again after the payload so
 * that a payload field can never overwrite them. A payload of a known type is typed by its schema; one that
 * does not match is passed on as sent with `payloadIssue` saying why, and one of a type Tiki added later is
 * passed on as sent: neither stops the queue.
 */
export function tikiEventItem(event: TikiQueueEvent): TikiEventItem {
	const leading = {
		eventId: event.id,
		type: event.type,
		version: event.version ?? null,
		createdAt: new Date(event.created_at).toISOString(),
	};
	const payload = event.payload ?? {};
	if (!isTikiEventType(event.type)) return { ...leading, ...payload, ...leading };
	const typed = TIKI_EVENT_PAYLOADS[event.type].safeParse(payload);
	if (typed.success) return { ...leading, ...typed.data, ...leading };
	const issue = typed.error.issues[0];
	return { ...leading, ...payload, ...leading, payloadIssue: `${issue.path.join('.') || 'payload'}: ${issue.message}` };
}
