import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	acknowledge,
	answerInvalidPayload,
	basicCredentialsMatch,
	deliveryItem,
	DeliveryLedger,
	isPlainObject,
	payloadFields,
	readBody,
	readHeader,
	readJsonBody,
	readPayload,
	rejectBadRequest,
	rejectUnauthorized,
	wasRead,
} from '../../shared';
import { isTikiEvent, payloadSchemaOf, TikiEnvelope, tikiTimeToIso } from './TikiSchemas';
import type { TikiWebhookState } from './tikiWebhookLifecycle';

/** Delivery ids remembered to recognise Tiki's redeliveries. */
export const DELIVERY_IDS_REMEMBERED = 1000;
/** Tiki documents no retry policy: a delivery id is remembered for a day (README, "What was assumed"). */
export const DELIVERY_ID_RETENTION_MS = 24 * 60 * 60 * 1000;

const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="Tiki webhook"' };

export async function receiveTikiDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const { grant } = this.getWorkflowStaticData('node') as TikiWebhookState;
	if (!grant) {
		throw new NodeOperationError(this.getNode(), 'The Tiki Trigger has not granted Tiki its Basic credentials', {
			description: 'The pair is granted when the workflow is activated. Deactivate the workflow and activate it again.',
		});
	}
	if (!basicCredentialsMatch(readHeader(this.getHeaderData(), 'authorization'), grant.id, grant.secret)) {
		return rejectUnauthorized(this, CHALLENGE);
	}

	const body = await readJsonBody(this.getRequestObject());
	if (!body.ok && body.status === 413) return rejectBadRequest(this, body.reason, 413);
	const envelope = readBody(TikiEnvelope, body);
	const { id, event, payload } = (isPlainObject(envelope.value) ? envelope.value : {}) as Partial<typeof envelope.value>;
	const eventRead = wasRead(envelope.issues, ['event']) && typeof event === 'string';
	const selected = this.getNodeParameter('events', []) as string[];
	// An event that cannot be read may be a selected one: it is emitted with its issues rather than dropped.
	if (eventRead && (!isTikiEvent(event) || !selected.includes(event))) return acknowledge(this);

	const issues = [...envelope.issues];
	let fields: IDataObject;
	if (!isPlainObject(envelope.value)) fields = payloadFields(envelope.value);
	else if (!isPlainObject(payload)) fields = payload === undefined || payload === null ? {} : { payload };
	else if (Object.keys(payload).length === 0) fields = {};
	else {
		const typed = eventRead && isTikiEvent(event) ? readPayload(payloadSchemaOf(event), payload, ['payload']) : { value: payload, issues: [] };
		issues.push(...typed.issues);
		fields = typed.value as IDataObject;
		if (typeof fields.event_time === 'string' && wasRead(issues, ['payload', 'event_time'])) fields.event_time_iso = tikiTimeToIso(fields.event_time);
	}

	const idRead = wasRead(envelope.issues, ['id']) && typeof id === 'string';
	if (idRead && !DeliveryLedger.forNode(this, 'deliveryIds', DELIVERY_IDS_REMEMBERED, DELIVERY_ID_RETENTION_MS).acceptFirst(id)) {
		return acknowledge(this);
	}
	const item = deliveryItem({ deliveryId: id ?? null, event: event ?? null }, fields, { payloadIssues: issues });
	if (issues.length > 0) return answerInvalidPayload(this, issues, [item]);
	return acknowledge(this, [item]);
}
