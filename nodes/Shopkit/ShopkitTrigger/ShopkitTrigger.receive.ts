import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { acknowledge, rejectBadRequest } from '../../shared/inbound/responses';
import { answerInvalidPayload } from '../../shared/inbound/invalidPayloads';
import { deliveryItem } from '../../shared/inbound/items';
import { DeliveryLedger } from '../../shared/memory/deliveryLedger';
import { isPlainObject, payloadFields, readBody, wasRead } from '../../shared/inbound/payloadReading';
import { readHeader } from '../../shared/inbound/headers';
import { readJsonBody } from '../../shared/inbound/body';
import { refuseUnauthenticated } from '../../shared/inbound/authenticationFailure';
import type { PayloadIssue } from '../../shared/inbound/payloadReading';
import { shopkitSecretMatches, shopkitUrlSecretFailure, shopkitUserAgentFailure } from './ShopkitTrigger.authentication';
import { hasShopkitSecret, SHOPKIT_SECRET_PARAMETER, shopkitState } from './ShopkitTrigger.state';
import type { ShopkitOrder } from '../Shopkit.schemas';
import { isShopkitEvent, isShopkitTestOrder, ShopkitDelivery } from '../Shopkit.schemas';
import { simplifyShopkitOrder } from './simplifyShopkitOrder';

/**
 * Shopkit retries a failed delivery 5 times an hour apart, then suspends the webhook: a retry comes at most
 * ~5 hours after the first try. The same event for the same unchanged order after that is a new one.
 */
export const REDELIVERY_WINDOW_MS = 6 * 60 * 60 * 1000;

function querySecret(context: IWebhookFunctions): string | undefined {
	const value = (context.getQueryData() as IDataObject)[SHOPKIT_SECRET_PARAMETER];
	return typeof value === 'string' ? value : undefined;
}

/** The answer to a request without this node's URL secret, or (with "Check User-Agent") without Shopkit's User-Agent; none for Shopkit's. */
async function refusal(context: IWebhookFunctions): Promise<IWebhookResponseData | undefined> {
	const received = querySecret(context);
	if (!(await shopkitSecretMatches(context, received))) {
		if (!hasShopkitSecret(shopkitState(context))) {
			throw new NodeOperationError(context.getNode(), 'The Shopkit Trigger has no webhook secret', {
				description:
					'The secret is created when the workflow is activated. Deactivate the workflow and activate it again so the node registers its webhooks with Shopkit.',
			});
		}
		return refuseUnauthenticated(context, () => shopkitUrlSecretFailure(received));
	}
	const userAgent = readHeader(context.getHeaderData(), 'user-agent');
	if (context.getNodeParameter('checkUserAgent', true) && userAgent !== 'Shopkit-Webhook') {
		return refuseUnauthenticated(context, () => shopkitUserAgentFailure(userAgent));
	}
	return undefined;
}

export async function receiveShopkitDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const refused = await refusal(this);
	if (refused) return refused;

	const event = readHeader(this.getHeaderData(), 'x-shopkit-event') || undefined;
	const selected = this.getNodeParameter('events', []) as string[];
	if (event !== undefined && (!isShopkitEvent(event) || !selected.includes(event))) return acknowledge(this);

	const body = await readJsonBody(this.getRequestObject());
	if (!body.ok && body.status === 413) return rejectBadRequest(this, body.reason, 413);
	const { value, issues } = readBody(ShopkitDelivery, body);
	if (event === undefined) issues.unshift({ path: 'headers.x-shopkit-event', problem: 'is missing' });
	const order = isPlainObject(value) && isPlainObject(value.order) ? (value.order as ShopkitOrder) : undefined;
	const isTest = isShopkitTestOrder(order);
	if (!isTest && event !== undefined && isRedelivery(this, event, order, issues)) return acknowledge(this);

	let fields: IDataObject;
	if (order === undefined) fields = payloadFields(value);
	else fields = this.getNodeParameter('simplify', true) ? simplifyShopkitOrder(order) : { order };
	const item = deliveryItem({ event: event ?? null }, fields, { isTest, payloadIssues: issues });
	if (issues.length > 0 && !isTest) return answerInvalidPayload(this, issues, [item], { subject: event });
	return acknowledge(this, [item]);
}

/**
 * Whether this event for this order, unchanged (same `update_at`), was accepted within Shopkit's retry
 * window. An order whose id or `update_at` could not be read is never taken for a retry.
 */
function isRedelivery(context: IWebhookFunctions, event: string, order: ShopkitOrder | undefined, issues: PayloadIssue[]): boolean {
	if (!order?.update_at || !wasRead(issues, ['order', 'id']) || !wasRead(issues, ['order', 'update_at'])) return false;
	const seen = DeliveryLedger.ofFirstDeliveries(context, 'redeliveries', REDELIVERY_WINDOW_MS);
	return !seen.acceptFirst(`${event}:${order.id}:${order.update_at}`);
}
