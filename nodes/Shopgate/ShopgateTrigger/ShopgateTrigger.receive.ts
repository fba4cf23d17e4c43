import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { acknowledge, rejectBadRequest } from '../../shared/inbound/responses';
import { answerInvalidPayload } from '../../shared/inbound/invalidPayloads';
import { deliveryItem } from '../../shared/inbound/items';
import { DeliveryLedger } from '../../shared/memory/deliveryLedger';
import { readBody, readPayload, wasRead } from '../../shared/inbound/payloadReading';
import { readHeader } from '../../shared/inbound/headers';
import { readJsonBody } from '../../shared/inbound/body';
import { recentCredentials } from '../../shared/inbound/recentCredentials';
import { refuseUnauthenticated } from '../../shared/inbound/authenticationFailure';
import type { JsonBody } from '../../shared/inbound/body';
import { SHOPGATE, shopgateSourceIp } from '../../../credentials/platforms/shopgate';
import type { ShopgateCredential } from '../../../credentials/platforms/shopgate';
import { shopgateAddressFailure, shopgateTokenFailure } from './shopgateAuthenticationFailure';
import { ShopgateEnvelope, shopgatePayloadSchema } from '../Shopgate.schemas';
import { carriesEnvelope, isShopgateTestSample } from './shopgateTestSample';
import { shopgateTokenMatches } from './shopgateTokenCheck';
import { hasShopgateToken, shopgateState } from './ShopgateTrigger.state';
import { ownShopgateCodes } from './shopgateWebhookCode';

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
	if (!hasShopgateToken(state) && this.getMode() !== 'manual') {
		throw new NodeOperationError(this.getNode(), 'The Shopgate Trigger has no webhook token', {
			description: 'The token is fetched from Shopgate when the workflow is activated. Deactivate the workflow and activate it again.',
		});
	}
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

/** An event in Shopgate's envelope: acknowledged unemitted when not selected or delivered before, else one item. */
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
	if (issues.length > 0 && !isTest) return answerInvalidPayload(context, issues, [item]);
	return acknowledge(context, [item]);
}
