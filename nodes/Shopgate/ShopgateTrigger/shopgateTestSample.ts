import { isPlainObject } from '../../shared/inbound/payloadReading';

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
export function isShopgateTestSample(body: unknown, ownCodes: readonly string[], registeredWebhookId: string | undefined): boolean {
	if (!carriesEnvelope(body)) return true;
	const { id, webhookId, webhookCode } = body;
	if (GUIDE_SAMPLE_IDS.has(id as string) || GUIDE_SAMPLE_IDS.has(webhookId as string)) return true;
	if (typeof webhookCode === 'string' && ownCodes.includes(webhookCode)) return false;
	return registeredWebhookId !== undefined && webhookId !== undefined && webhookId !== registeredWebhookId;
}

/** Whether a body carries any of the envelope's ids; one that carries none is emitted whole, as sent. */
export function carriesEnvelope(body: unknown): body is Record<string, unknown> {
	return isPlainObject(body) && (body.id !== undefined || body.eventCode !== undefined || body.webhookId !== undefined);
}
