import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { acknowledge, rejectBadRequest } from '../../shared/inbound/responses';
import { answerInvalidPayload, emitsInvalidPayloads } from '../../shared/inbound/invalidPayloads';
import { deliveryItem } from '../../shared/inbound/items';
import { DeliveryLedger } from '../../shared/memory/deliveryLedger';
import { isPlainObject, readBody, readPayload, wasRead } from '../../shared/inbound/payloadReading';
import { readHeader } from '../../shared/inbound/headers';
import { readJsonBody } from '../../shared/inbound/body';
import { recentCredentials } from '../../shared/inbound/recentCredentials';
import { refuseUnauthenticated } from '../../shared/inbound/authenticationFailure';
import { answerWhileRegistering } from '../../shared/inbound/registering';
import type { JsonBody } from '../../shared/inbound/body';
import { SHOPGATE, shopgateSourceIp } from '../../../credentials/platforms/shopgate';
import type { ShopgateCredential } from '../../../credentials/platforms/shopgate';
import { shopgateAddressFailure, shopgateTokenFailure, shopgateTokenMatches } from './ShopgateTrigger.authentication';
import { ShopgateEnvelope, shopgatePayloadSchema } from '../Shopgate.schemas';
import { hasShopgateToken, SHOPGATE_UNREGISTERED, shopgateState } from './ShopgateTrigger.state';
import { ownShopgateCodes } from './ShopgateTrigger.lifecycle';
import { shopgateOrderRecords, shopgateOrderSubject } from '../Shopgate.orders';
import { answerWithRelatedRecords } from '../../shared/related/relatedAnswer';

/**
 * Shopgate retries a failed delivery after 60, 180, 300, 600, 900, 1800, 3600, 7200, 21600 and 50400 seconds:
 * the last retry comes ~24 hours after the first try (14 hours if each wait counted from it), with the same id.
 */
export const DELIVERY_ID_RETENTION_MS = 25 * 60 * 60 * 1000;

/** The address n8n sees; Express honours n8n's proxy settings (N8N_PROXY_HOPS) when it works it out. */
function sourceAddress(context: IWebhookFunctions): string {
	const { ip } = context.getRequestObject() as { ip?: string };
	return (ip ?? '').replace(/^::ffff:/, '');
}

export async function receiveShopgateDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	// a test listen's first delivery may come before n8n recorded what its create() left: the token is then read
	const state = shopgateState(this);
	if (!hasShopgateToken(state) && this.getMode() !== 'manual') return answerWhileRegistering(this, SHOPGATE_UNREGISTERED);
	const refused = await refusal(this);
	if (refused) return refused;

	const body = await readJsonBody(this.getRequestObject());
	if (!body.ok && body.status === 413) return rejectBadRequest(this, body.reason, 413);
	const sent = body.ok ? body.value : body.text;
	const isTest = isShopgateTestSample(sent, ownShopgateCodes(this), state.webhookId);
	if (!carriesEnvelope(sent)) return acknowledge(this, [deliveryItem({}, { body: sent }, { isTest })]);
	return receiveEnvelope(this, body, isTest);
}

/** The answer to a request from another address (with "Only Shopgate IPs") or without this node's token; none for Shopgate's. */
async function refusal(context: IWebhookFunctions): Promise<IWebhookResponseData | undefined> {
	if (context.getNodeParameter('onlyShopgateIps', false)) {
		const credential = await recentCredentials<ShopgateCredential>(context, SHOPGATE.credential);
		const address = sourceAddress(context);
		const expected = shopgateSourceIp(credential);
		if (address !== expected) return refuseUnauthenticated(context, () => shopgateAddressFailure(address, expected));
	}
	const token = readHeader(context.getHeaderData(), 'shopgate-token');
	if (!(await shopgateTokenMatches(context, token))) return refuseUnauthenticated(context, () => shopgateTokenFailure(token));
	return undefined;
}

/**
 * An event in Shopgate's envelope: acknowledged unemitted when not selected or delivered before, else one item.
 * With "Fetch Full Order", a real order event's item that will be emitted also gets its order from the order
 * service; Shopgate's answer waits for it at most ANSWER_WITHIN_MS of its 10 seconds (relatedAnswer.ts).
 */
async function receiveEnvelope(context: IWebhookFunctions, body: Exclude<JsonBody, { status: 413 }>, isTest: boolean): Promise<IWebhookResponseData> {
	const envelope = readBody(ShopgateEnvelope, body);
	const { id, date, webhookCode, eventCode, tenantId, tenantType, payload } = envelope.value;
	const selected = context.getNodeParameter('events', []) as string[];
	// An event code that cannot be read may be a selected one: it is emitted with its issues rather than dropped.
	const eventCodeRead = wasRead(envelope.issues, ['eventCode']);
	if (!isTest && eventCodeRead && !selected.includes(eventCode)) return acknowledge(context);

	const typed = readPayload(shopgatePayloadSchema(eventCodeRead ? eventCode : undefined), payload ?? {}, ['payload']);
	const issues = [...envelope.issues, ...typed.issues];
	const idRead = wasRead(envelope.issues, ['id']);
	if (!isTest && idRead && !DeliveryLedger.ofFirstDeliveries(context, 'deliveryIds', DELIVERY_ID_RETENTION_MS).acceptFirst(id)) {
		return acknowledge(context);
	}

	const item = deliveryItem(
		{ deliveryId: id ?? null, eventCode: eventCode ?? null, webhookCode: webhookCode ?? null, tenantId: tenantId ?? null, tenantType: tenantType ?? null, date: date ?? null },
		{ payload: typed.value as object },
		{ isTest, payloadIssues: issues },
	);
	const invalid = issues.length > 0 && !isTest;
	const answer = invalid ? () => answerInvalidPayload(context, issues, [item]) : () => acknowledge(context, [item]);
	// an invalid payload that "Invalid Payloads" acknowledges or rejects starts nothing, so its order is not asked for
	const emitted = !invalid || emitsInvalidPayloads(context);
	const fetchOrder = emitted && !isTest && eventCodeRead && context.getNodeParameter('fetchFullOrder', false) === true;
	const records = fetchOrder ? shopgateOrderRecords(context, eventCode, typed.value) : [];
	return answerWithRelatedRecords(context, answer, records, { subject: shopgateOrderSubject(typed.value) });
}

/** The delivery and webhook ids of the sample body in Shopgate's webhook guide. */
const GUIDE_SAMPLE_IDS = new Set(['34caaaf2-15b5-4aca-8f71-dfd0b287b116', 'f84ade20-46f3-4a30-b96f-834f7c411b5c']);

/**
 * Whether an authenticated body is what Shopgate's "test webhook" route (`POST /webhooks/{id}/test`) sends:
 * "a sample payload which does not reflect the actual payload or its structure". Shopgate does not show it,
 * so the node takes for the sample a body that carries none of the envelope's ids (`id`, `eventCode`,
 * `webhookId`), one carrying the ids of the guide's sample, or one that names another webhook than this node's.
 * A delivery naming one of this node's webhook codes (`webhookCode`, derived, never stored) is this node's
 * webhook's: a real delivery, whatever webhook id an older copy of the node's state recorded. Only a body
 * naming no code of this node is compared with the recorded id. A real delivery of this node's webhook is none
 * of these, also when it misses a field (README, "What was assumed").
 */
function isShopgateTestSample(body: unknown, ownCodes: readonly string[], registeredWebhookId: string | undefined): boolean {
	if (!carriesEnvelope(body)) return true;
	const { id, webhookId, webhookCode } = body;
	if (GUIDE_SAMPLE_IDS.has(id as string) || GUIDE_SAMPLE_IDS.has(webhookId as string)) return true;
	if (typeof webhookCode === 'string' && ownCodes.includes(webhookCode)) return false;
	return registeredWebhookId !== undefined && webhookId !== undefined && webhookId !== registeredWebhookId;
}

/** Whether a body carries any of the envelope's ids; one that carries none is emitted whole, as sent. */
function carriesEnvelope(body: unknown): body is Record<string, unknown> {
	return isPlainObject(body) && (body.id !== undefined || body.eventCode !== undefined || body.webhookId !== undefined);
}
