import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	acknowledge,
	deliveryItem,
	DeliveryLedger,
	readHeader,
	readJsonBody,
	recentCredentials,
	rejectBadRequest,
	rejectUnauthorized,
	validatePayload,
} from '../shared';
import { SHOPGATE, shopgateSourceIp } from '../../credentials/platforms/shopgate';
import type { ShopgateCredential } from '../../credentials/platforms/shopgate';
import { ShopgateEnvelope, shopgatePayloadSchema } from './ShopgateSchemas';
import { shopgateTokenMatches } from './shopgateTokenCheck';
import { hasShopgateToken, shopgateState } from './shopgateState';

/** Shopgate retries for up to 24 hours with the same id; this many recent ids are remembered. */
export const DELIVERY_IDS_REMEMBERED = 2000;

/** The address n8n sees; Express honours n8n's proxy settings (N8N_PROXY_HOPS) when it works it out. */
function sourceAddress(context: IWebhookFunctions): string {
	const { ip } = context.getRequestObject() as { ip?: string };
	return (ip ?? '').replace(/^::ffff:/, '');
}

export async function receiveShopgateDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	// a test listen's first delivery may come before n8n recorded what its create() left: the token is then read
	if (!hasShopgateToken(shopgateState(this)) && this.getMode() !== 'manual') {
		throw new NodeOperationError(this.getNode(), 'The Shopgate Trigger has no webhook token', {
			description: 'The token is fetched from Shopgate when the workflow is activated. Deactivate the workflow and activate it again.',
		});
	}
	if (this.getNodeParameter('onlyShopgateIps', false)) {
		const credential = await recentCredentials<ShopgateCredential>(this, SHOPGATE.credential);
		if (sourceAddress(this) !== shopgateSourceIp(credential)) return rejectUnauthorized(this);
	}
	if (!(await shopgateTokenMatches(this, readHeader(this.getHeaderData(), 'shopgate-token')))) {
		return rejectUnauthorized(this);
	}

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
