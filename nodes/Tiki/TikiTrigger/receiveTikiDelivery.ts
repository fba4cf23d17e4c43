import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	acknowledge,
	basicCredentialsMatch,
	deliveryItem,
	DeliveryLedger,
	readHeader,
	readJsonBody,
	refuseUnauthenticated,
	rejectBadRequest,
	validatePayload,
} from '../../shared';
import { tikiBasicFailure } from './tikiBasicFailure';
import { isTikiEvent, payloadSchemaOf, TikiEnvelope, tikiTimeToIso } from './TikiSchemas';
import type { TikiWebhookState } from './tikiWebhookLifecycle';

/** Delivery ids remembered to recognise Tiki's redeliveries. */
export const DELIVERY_IDS_REMEMBERED = 1000;

const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="Tiki webhook"' };

export async function receiveTikiDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const { grant } = this.getWorkflowStaticData('node') as TikiWebhookState;
	if (!grant) {
		throw new NodeOperationError(this.getNode(), 'The Tiki Trigger has not granted Tiki its Basic credentials', {
			description: 'The pair is granted when the workflow is activated. Deactivate the workflow and activate it again.',
		});
	}
	const authorization = readHeader(this.getHeaderData(), 'authorization');
	if (!basicCredentialsMatch(authorization, grant.id, grant.secret)) {
		return refuseUnauthenticated(this, () => tikiBasicFailure(authorization, grant), CHALLENGE);
	}

	const body = await readJsonBody(this.getRequestObject());
	if (!body.ok) return rejectBadRequest(this, body.reason, body.status);
	const envelope = validatePayload(TikiEnvelope, body.value);
	if (!envelope.ok) return rejectBadRequest(this, envelope.reason);
	const { id, event, payload } = envelope.value;

	const selected = this.getNodeParameter('events', []) as string[];
	if (!isTikiEvent(event) || !selected.includes(event)) return acknowledge(this);

	let fields: Record<string, unknown> = {};
	if (payload && Object.keys(payload).length > 0) {
		const typed = validatePayload(payloadSchemaOf(event), payload);
		if (!typed.ok) return rejectBadRequest(this, `payload.${typed.reason}`);
		fields = typed.value;
		if (typeof typed.value.event_time === 'string') fields.event_time_iso = tikiTimeToIso(typed.value.event_time);
	}

	if (!DeliveryLedger.forNode(this, 'deliveryIds', DELIVERY_IDS_REMEMBERED).acceptFirst(id)) return acknowledge(this);
	return acknowledge(this, [deliveryItem({ deliveryId: id, event }, fields)]);
}
