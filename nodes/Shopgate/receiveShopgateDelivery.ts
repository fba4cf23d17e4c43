import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	acknowledge,
	deliveryItem,
	DeliveryLedger,
	readHeader,
	readJsonBody,
	recentCredentials,
	refuseUnauthenticated,
	rejectBadRequest,
	validatePayload,
} from '../shared';
import { SHOPGATE_CREDENTIAL } from './ShopgateApi';
import { shopgateAddressFailure, shopgateTokenFailure } from './shopgateAuthenticationFailure';
import { shopgateSourceIp } from './shopgateEndpoints';
import type { ShopgateCredential } from './shopgateEndpoints';
import { ShopgateEnvelope, shopgatePayloadSchema } from './ShopgateSchemas';
import { shopgateTokenMatches } from './shopgateTokenCheck';
import type { ShopgateWebhookState } from './shopgateWebhookLifecycle';

/** Shopgate retries for up to 24 hours with the same id; this many recent ids are remembered. */
export const DELIVERY_IDS_REMEMBERED = 2000;

/** The address n8n sees; Express honours n8n's proxy settings (N8N_PROXY_HOPS) when it works it out. */
function sourceAddress(context: IWebhookFunctions): string {
	const { ip } = context.getRequestObject() as { ip?: string };
	return (ip ?? '').replace(/^::ffff:/, '');
}

export async function receiveShopgateDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const state = this.getWorkflowStaticData('node') as ShopgateWebhookState;
	if (!state.webhookToken) {
		throw new NodeOperationError(this.getNode(), 'The Shopgate Trigger has no webhook token', {
			description: 'The token is fetched from Shopgate when the workflow is activated. Deactivate the workflow and activate it again.',
		});
	}
	if (this.getNodeParameter('onlyShopgateIps', false)) {
		const credential = await recentCredentials<ShopgateCredential>(this, SHOPGATE_CREDENTIAL);
		const address = sourceAddress(this);
		const expected = shopgateSourceIp(credential);
		if (address !== expected) return refuseUnauthenticated(this, () => shopgateAddressFailure(address, expected));
	}
	const token = readHeader(this.getHeaderData(), 'shopgate-token');
	if (!(await shopgateTokenMatches(this, token))) return refuseUnauthenticated(this, () => shopgateTokenFailure(token));

	const body = await readJsonBody(this.getRequestObject());
	if (!body.ok) return rejectBadRequest(this, body.reason, body.status);
	const envelope = ShopgateEnvelope.safeParse(body.value);
	if (!envelope.success) {
		// Only Shopgate knows the token, and only its "test webhook" call sends a body without the envelope.
		return acknowledge(this, [deliveryItem({ isTest: true }, { body: body.value })]);
	}
	const { id, date, webhookCode, eventCode, tenantId, tenantType, payload } = envelope.data;

	const selected = this.getNodeParameter('events', []) as string[];
	if (!selected.includes(eventCode)) return acknowledge(this);

	const typed = validatePayload(shopgatePayloadSchema(eventCode), payload ?? {});
	if (!typed.ok) return rejectBadRequest(this, `payload.${typed.reason}`);
	if (!DeliveryLedger.forNode(this, 'deliveryIds', DELIVERY_IDS_REMEMBERED).acceptFirst(id)) return acknowledge(this);

	return acknowledge(this, [
		deliveryItem(
			{ deliveryId: id, eventCode, webhookCode, tenantId, tenantType, date },
			{ payload: typed.value as object, isTest: false },
		),
	]);
}
