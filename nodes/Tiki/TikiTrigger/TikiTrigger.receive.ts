import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { acknowledge, rejectBadRequest } from '../../shared/inbound/responses';
import { answerInvalidPayload } from '../../shared/inbound/invalidPayloads';
import { basicCredentialsMatch } from '../../shared/inbound/secrets';
import { deliveryItem } from '../../shared/inbound/items';
import { DeliveryLedger } from '../../shared/memory/deliveryLedger';
import { isPlainObject, payloadFields, readBody, readPayload, wasRead } from '../../shared/inbound/payloadReading';
import { readHeader } from '../../shared/inbound/headers';
import { readJsonBody } from '../../shared/inbound/body';
import { refuseUnauthenticated } from '../../shared/inbound/authenticationFailure';
import { answerWhileRegistering } from '../../shared/inbound/registering';
import type { PayloadReading } from '../../shared/inbound/payloadReading';
import type { TikiEvent } from './TikiTrigger.schemas';
import { isTikiEvent, payloadSchemaOf, TikiEnvelope, TikiPayload, tikiTimeToIso } from './TikiTrigger.schemas';
import { currentTikiBasicPair, tikiBasicFailure } from './TikiTrigger.authentication';
import type { TikiBasicPair } from './TikiTrigger.authentication';
import { hasTikiGrant, TIKI_UNREGISTERED, tikiWebhookState } from './TikiTrigger.state';

/** Tiki documents no retry policy: a delivery id is remembered for a day (README, "What was assumed"). */
export const DELIVERY_ID_RETENTION_MS = 24 * 60 * 60 * 1000;

const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="Tiki webhook"' };

/**
 * The payload's fields: none for an empty payload, typed by the event's schema for a known event, as sent
 * otherwise; a payload that is no object is kept whole under `payload`. `event_time` is added in ISO 8601.
 */
function readTikiPayload(event: TikiEvent | undefined, payload: unknown): PayloadReading<IDataObject> {
	// an object with fields, as Tiki sends its events, is read once, by the event's schema (a second parse each
	// delivery measured in bench/RESULTS.md); only an empty or odd payload is read as one first
	const sent: PayloadReading<IDataObject> =
		isPlainObject(payload) && Object.keys(payload).length > 0
			? { value: payload, issues: [] }
			: (readPayload(TikiPayload, payload ?? {}, ['payload']) as PayloadReading<IDataObject>);
	if (sent.issues.length > 0) return { value: { payload: payload as IDataObject }, issues: sent.issues };
	if (event === undefined || Object.keys(sent.value).length === 0) return sent;
	const typed = readPayload(payloadSchemaOf(event), sent.value, ['payload']);
	const fields = typed.value as IDataObject;
	if (typeof fields.event_time === 'string' && wasRead(typed.issues, ['payload', 'event_time'])) fields.event_time_iso = tikiTimeToIso(fields.event_time);
	return { value: fields, issues: typed.issues };
}

/**
 * The answer to a request without the Basic pair the credential gives now, which every Tiki trigger of the
 * credential accepts alike; none for Tiki's. A credential changed within the reuse window is read again
 * before a delivery is refused.
 */
async function refusal(context: IWebhookFunctions): Promise<IWebhookResponseData | undefined> {
	const authorization = readHeader(context.getHeaderData(), 'authorization');
	const matches = ({ id, secret }: TikiBasicPair) => basicCredentialsMatch(authorization, id, secret);
	const pair = await currentTikiBasicPair(context);
	if (!matches(pair) && (authorization === undefined || !matches(await currentTikiBasicPair(context, true)))) {
		return refuseUnauthenticated(context, () => tikiBasicFailure(authorization, pair), CHALLENGE);
	}
	return undefined;
}

export async function receiveTikiDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (!hasTikiGrant(tikiWebhookState(this))) return answerWhileRegistering(this, TIKI_UNREGISTERED);
	const refused = await refusal(this);
	if (refused) return refused;

	const body = await readJsonBody(this.getRequestObject());
	if (!body.ok && body.status === 413) return rejectBadRequest(this, body.reason, 413);
	const envelope = readBody(TikiEnvelope, body);
	const { id, event, payload } = (isPlainObject(envelope.value) ? envelope.value : {}) as Partial<typeof envelope.value>;
	const eventRead = wasRead(envelope.issues, ['event']) && typeof event === 'string';
	const selected = this.getNodeParameter('events', []) as string[];
	// An event that cannot be read may be a selected one: it is emitted with its issues rather than dropped.
	if (eventRead && (!isTikiEvent(event) || !selected.includes(event))) return acknowledge(this);

	const { value: fields, issues } = isPlainObject(envelope.value)
		? readTikiPayload(eventRead && isTikiEvent(event) ? event : undefined, payload)
		: { value: payloadFields(envelope.value), issues: [] };
	issues.unshift(...envelope.issues);

	const idRead = wasRead(envelope.issues, ['id']) && typeof id === 'string';
	if (idRead && !DeliveryLedger.ofFirstDeliveries(this, 'deliveryIds', DELIVERY_ID_RETENTION_MS).acceptFirst(id)) {
		return acknowledge(this);
	}
	const item = deliveryItem({ deliveryId: id ?? null, event: event ?? null }, fields, { payloadIssues: issues });
	if (issues.length > 0) return answerInvalidPayload(this, issues, [item]);
	return acknowledge(this, [item]);
}
