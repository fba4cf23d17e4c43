import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	acknowledge,
	deliveryItem,
	DeliveryLedger,
	readHeader,
	readJsonBody,
	refuseUnauthenticated,
	rejectBadRequest,
	secretsMatch,
	validatePayload,
} from '../shared';
import { shopkitUrlSecretFailure, shopkitUserAgentFailure } from './shopkitAuthenticationFailure';
import { SHOPKIT_SECRET_PARAMETER } from './shopkitWebhookLifecycle';
import { isShopkitEvent, isShopkitTestOrder, ShopkitDelivery } from './ShopkitSchemas';
import { simplifyShopkitOrder } from './simplifyShopkitOrder';

/** Shopkit retries a failed delivery 5 times an hour apart; this many recent order events cover that. */
export const REDELIVERIES_REMEMBERED = 1000;

function querySecret(context: IWebhookFunctions): string | undefined {
	const value = (context.getQueryData() as IDataObject)[SHOPKIT_SECRET_PARAMETER];
	return typeof value === 'string' ? value : undefined;
}

export async function receiveShopkitDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const { secret } = this.getWorkflowStaticData('node') as { secret?: string };
	if (!secret) {
		throw new NodeOperationError(this.getNode(), 'The Shopkit Trigger has no webhook secret', {
			description:
				'The secret is created when the workflow is activated. Deactivate the workflow and activate it again so the node registers its webhooks with Shopkit.',
		});
	}
	const received = querySecret(this);
	if (!secretsMatch(secret, received)) return refuseUnauthenticated(this, () => shopkitUrlSecretFailure(received));
	const headers = this.getHeaderData();
	const userAgent = readHeader(headers, 'user-agent');
	if (this.getNodeParameter('checkUserAgent', true) && userAgent !== 'Shopkit-Webhook') {
		return refuseUnauthenticated(this, () => shopkitUserAgentFailure(userAgent));
	}

	const event = readHeader(headers, 'x-shopkit-event');
	if (!event) return rejectBadRequest(this, 'The X-Shopkit-Event header is missing');
	const selected = this.getNodeParameter('events', []) as string[];
	if (!isShopkitEvent(event) || !selected.includes(event)) return acknowledge(this);

	const body = await readJsonBody(this.getRequestObject());
	if (!body.ok) return rejectBadRequest(this, body.reason, body.status);
	const parsed = validatePayload(ShopkitDelivery, body.value);
	if (!parsed.ok) return rejectBadRequest(this, `${event}: ${parsed.reason}`);
	const { order } = parsed.value;

	const isTest = isShopkitTestOrder(order);
	if (!isTest && order.update_at) {
		const seen = DeliveryLedger.forNode(this, 'redeliveries', REDELIVERIES_REMEMBERED);
		if (!seen.acceptFirst(`${event}:${order.id}:${order.update_at}`)) return acknowledge(this);
	}
	const fields = this.getNodeParameter('simplify', true) ? simplifyShopkitOrder(order) : { order };
	return acknowledge(this, [deliveryItem({ event }, { ...fields, isTest })]);
}
