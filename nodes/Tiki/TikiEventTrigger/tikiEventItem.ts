import type { IDataObject } from 'n8n-workflow';

import { isPlainObject, readPayload, wasRead } from '../../shared/inbound/payloadReading';
import type { PayloadIssue } from '../../shared/inbound/payloadReading';
import type { TikiEventItem } from './TikiEventTrigger.schemas';
import { isTikiEventType, TIKI_EVENT_PAYLOADS, TikiQueueEvent } from './TikiEventTrigger.schemas';

/** One pulled event as the trigger reads it: its id and type where they could be read, and its item. */
export interface TikiEventReading {
	id: string | undefined;
	type: string | undefined;
	item: TikiEventItem;
}

/**
 * Reads one pulled event on its own, so that a malformed one stops nothing: its envelope and, for a known
 * type, its payload are typed by their schemas; what does not match is kept as sent and named in
 * `payloadIssues`. A type Tiki added later passes its payload on as sent. The payload's fields sit between
 * the event's own fields, which lead and are written again after it so that a payload field never
 * overwrites them.
 */
export function readTikiEvent(sent: unknown): TikiEventReading {
	const envelope = readPayload(TikiQueueEvent, sent);
	const issues: PayloadIssue[] = [...envelope.issues];
	const event: Partial<TikiQueueEvent> = isPlainObject(envelope.value) ? envelope.value : {};
	const id = wasRead(issues, ['id']) ? event.id : undefined;
	const type = wasRead(issues, ['type']) ? event.type : undefined;
	const leading = {
		eventId: event.id ?? null,
		type: event.type ?? null,
		version: event.version ?? null,
		createdAt: event.created_at ?? null,
	};

	let payload: IDataObject = {};
	if (!isPlainObject(envelope.value)) payload = { event: sent as IDataObject };
	else if (!isPlainObject(event.payload)) payload = event.payload === undefined || event.payload === null ? {} : { payload: event.payload };
	else if (type !== undefined && isTikiEventType(type)) {
		const typed = readPayload(TIKI_EVENT_PAYLOADS[type], event.payload, ['payload']);
		issues.push(...typed.issues);
		payload = typed.value as IDataObject;
	} else payload = event.payload;

	const item: TikiEventItem = { ...leading, ...payload, ...leading };
	if (issues.length > 0) item.payloadIssues = issues;
	return { id, type, item };
}
