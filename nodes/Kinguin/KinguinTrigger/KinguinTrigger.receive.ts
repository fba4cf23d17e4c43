import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { acknowledge, rejectBadRequest } from '../../shared/inbound/responses';
import { answerInvalidPayload, emitsInvalidPayloads } from '../../shared/inbound/invalidPayloads';
import { answerWithRelatedRecords } from '../../shared/related/relatedAnswer';
import { deliveryItem } from '../../shared/inbound/items';
import { DeliveryLedger } from '../../shared/memory/deliveryLedger';
import { isPlainObject, payloadFields, readBody, wasRead } from '../../shared/inbound/payloadReading';
import { readHeader } from '../../shared/inbound/headers';
import { readJsonBody } from '../../shared/inbound/body';
import type { JsonBody } from '../../shared/inbound/body';
import { refuseUnauthenticated } from '../../shared/inbound/authenticationFailure';
import type { PayloadIssue } from '../../shared/inbound/payloadReading';
import type { KinguinEvent } from '../Kinguin.schemas';
import { isKinguinEvent, KINGUIN_EVENT_TABLE, kinguinTimestampMillis } from '../Kinguin.schemas';
import { kinguinSecretFailure, kinguinSecretMatches, sendsNoSecret } from './KinguinTrigger.authentication';
import { relatedRecords } from './KinguinTrigger.related';

/**
 * Kinguin retries a failed delivery "several times" without saying how long: the newest `updatedAt` of a
 * product or order is remembered for a day after it was last accepted (README, "What was assumed").
 */
export const NEWEST_UPDATES_RETENTION_MS = 24 * 60 * 60 * 1000;

/** The most a request without a secret gets parsed: Kinguin's published examples are a few hundred bytes. */
export const SECRETLESS_MAX_BODY_BYTES = 64 * 1024;

export async function receiveKinguinDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const headers = this.getHeaderData();
	const received = readHeader(headers, 'x-event-secret');
	const authentic = await kinguinSecretMatches(this, received);
	const refuse = () => refuseUnauthenticated(this, () => kinguinSecretFailure(received));
	// A wrong secret is refused unread; only a request without any may be the dashboard's test before a secret is set.
	if (!authentic && !sendsNoSecret(headers)) return refuse();

	const event = readHeader(headers, 'x-event-name') || undefined;
	const selected = this.getNodeParameter('events', []) as string[];
	if (event !== undefined && (!isKinguinEvent(event) || !selected.includes(event))) {
		return authentic ? acknowledge(this) : refuse();
	}
	if (!authentic) return answerSecretlessRequest(this, event, refuse);
	const body = await readJsonBody(this.getRequestObject());
	if (!body.ok && body.status === 413) return rejectBadRequest(this, body.reason, 413);
	const isTest = isKinguinTestRequest(event, body);

	const { value, issues } = event
		? readBody(KINGUIN_EVENT_TABLE[event].payload, body)
		: { value: body.ok ? body.value : body.text, issues: [] };
	const item = deliveryItem({ event: event ?? null }, payloadFields(value), { isTest, payloadIssues: issues });
	if (isTest || !event) return acknowledge(this, [item]);

	if (!isNewest(this, event, value, issues)) return acknowledge(this);
	if (KINGUIN_EVENT_TABLE[event].byStatus && wasRead(issues, ['status'])) {
		const onlyStatuses = this.getNodeParameter('onlyStatuses', []) as string[];
		if (onlyStatuses.length > 0 && !onlyStatuses.includes((value as { status: string }).status)) return acknowledge(this);
	}
	return emitDelivery(this, event, value, issues, item);
}

/**
 * Answers Kinguin and emits the delivery with the records the options ask for; a delivery that Invalid
 * Payloads does not emit is answered at once, with nothing fetched.
 */
function emitDelivery(
	context: IWebhookFunctions,
	event: KinguinEvent,
	value: unknown,
	issues: PayloadIssue[],
	item: IDataObject,
): Promise<IWebhookResponseData> | IWebhookResponseData {
	const answer = () => (issues.length > 0 ? answerInvalidPayload(context, issues, [item], { subject: event }) : acknowledge(context, [item]));
	if (issues.length > 0 && !emitsInvalidPayloads(context)) return answer();
	return answerWithRelatedRecords(context, answer, relatedRecords(context, event, value, issues), { subject: kinguinSubject(event, value, issues) });
}

/** The product or order a delivery is about, when its id was read: its deliveries start in the order they came. */
function kinguinSubject(event: KinguinEvent, value: unknown, issues: PayloadIssue[]): string | undefined {
	const field = KINGUIN_EVENT_TABLE[event].subject;
	return wasRead(issues, [field]) ? `${field}:${String((value as Record<string, unknown>)[field])}` : undefined;
}

/**
 * A request without any secret may only be the dashboard's test before a secret is set: one that names no event
 * is taken for it unread; one that names an event is read only as far as Kinguin's examples need, so a stranger's
 * request costs at most that much parsing before it is refused (README, "Security").
 */
async function answerSecretlessRequest(
	context: IWebhookFunctions,
	event: string | undefined,
	refuse: () => IWebhookResponseData,
): Promise<IWebhookResponseData> {
	if (event !== undefined) {
		const body = await readJsonBody(context.getRequestObject(), SECRETLESS_MAX_BODY_BYTES);
		if (!isKinguinTestRequest(event, body)) return refuse();
	}
	context.logger.info('Kinguin Trigger: answered a test request without X-Event-Secret (the dashboard\'s TEST URL before a secret is set) with 204 and started nothing');
	return acknowledge(context);
}

/**
 * Whether the delivery is newer than every one seen for its product or order (when the option is on). A
 * delivery whose subject or `updatedAt` could not be read cannot be ordered, and counts as newest.
 */
function isNewest(context: IWebhookFunctions, event: KinguinEvent, value: unknown, issues: PayloadIssue[]): boolean {
	if (!(context.getNodeParameter('ignoreOutOfOrder', true) as boolean)) return true;
	const subjectField = KINGUIN_EVENT_TABLE[event].subject;
	const payload = value as Record<string, unknown>;
	if (!wasRead(issues, [subjectField]) || !wasRead(issues, ['updatedAt']) || typeof payload.updatedAt !== 'string') return true;
	const newest = DeliveryLedger.ofNewestVersions(context, 'newestUpdate', NEWEST_UPDATES_RETENTION_MS);
	return newest.acceptNewer(`${event}:${String(payload[subjectField])}`, kinguinTimestampMillis(payload.updatedAt));
}

/** Every published example of Kinguin's webhook page is dated 2020-10-16 11:24:08 (UTC). */
const EXAMPLE_TIME = /^2020-10-16T11:24:08(\.\d+)?\+00:?00$/;

/** The product and the order of Kinguin's published examples, by the ids that identify them. */
function isDocumentedExample(payload: unknown): boolean {
	if (!isPlainObject(payload) || typeof payload.updatedAt !== 'string' || !EXAMPLE_TIME.test(payload.updatedAt)) return false;
	return (
		(payload.kinguinId === 1949 && payload.productId === '5c9b5f6b2539a4e8f172916a') ||
		(payload.orderId === 'PHS84FJAG5U' && payload.orderExternalId === 'AL2FEEHOO2OHF')
	);
}

/**
 * Whether a request is the dashboard's TEST URL button. Kinguin does not document what it sends, so the
 * node takes for a test a request that names no event (X-Event-Name missing or empty) or whose body is one
 * of Kinguin's published examples (their product and order ids, dated 2020-10-16 11:24:08): no real
 * delivery is either (README, "What was assumed").
 */
function isKinguinTestRequest(event: string | undefined, body: JsonBody): boolean {
	return event === undefined || (body.ok && isDocumentedExample(body.value));
}
