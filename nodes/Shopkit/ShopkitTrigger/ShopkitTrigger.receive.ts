import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { acknowledge, rejectBadRequest } from '../../shared/inbound/responses';
import { answerInvalidPayload } from '../../shared/inbound/invalidPayloads';
import { deliveryItem } from '../../shared/inbound/items';
import { DeliveryLedger } from '../../shared/memory/deliveryLedger';
import { isPlainObject, payloadFields, readBody } from '../../shared/inbound/payloadReading';
import { readHeader } from '../../shared/inbound/headers';
import { readJsonBody } from '../../shared/inbound/body';
import { refuseUnauthenticated } from '../../shared/inbound/authenticationFailure';
import { answerWhileRegistering } from '../../shared/inbound/registering';
import type { JsonBody } from '../../shared/inbound/body';
import { shopkitSecretMatches, shopkitUrlSecretFailure, shopkitUserAgentFailure } from './ShopkitTrigger.authentication';
import { hasShopkitSecret, SHOPKIT_SECRET_PARAMETER, SHOPKIT_UNREGISTERED, shopkitState } from './ShopkitTrigger.state';
import type { ShopkitEvent, ShopkitEventGroup, ShopkitOrder } from '../Shopkit.schemas';
import { isShopkitEvent, isShopkitTestDelivery, SHOPKIT_EVENT_TABLE, shopkitGroupOfBody, shopkitPayloadOf } from '../Shopkit.schemas';
import { simplifyShopkitOrder } from './simplifyShopkitOrder';
import { isChangeThroughApi, shopkitHeaderFields } from './shopkitHeaderFields';
import type { ShopkitHeaderFields } from './shopkitHeaderFields';
import { shopkitRedeliveryKey } from './shopkitRedeliveryKey';
import { shopkitSignatureRefusal } from './shopkitSignature';

/**
 * Shopkit retries a failed delivery 5 times an hour apart, then suspends the webhook: a retry comes at most
 * ~5 hours after the first try. The same event for the same unchanged order or product after that is a new one.
 */
export const REDELIVERY_WINDOW_MS = 6 * 60 * 60 * 1000;

function querySecret(context: IWebhookFunctions): string | undefined {
	const value = (context.getQueryData() as IDataObject)[SHOPKIT_SECRET_PARAMETER];
	return typeof value === 'string' ? value : undefined;
}

/**
 * The answer to a request without this node's URL secret, or (with "Check User-Agent") without Shopkit's
 * User-Agent; none for Shopkit's. The URL secret is checked first, so a request without it is refused before
 * its body is read; the signature (when the credential has an App Client Secret) is checked after, over the body.
 * Before activation has left a secret, a request that Shopkit's webhooks do not vouch for is answered 503.
 */
async function refusal(context: IWebhookFunctions): Promise<IWebhookResponseData | undefined> {
	const received = querySecret(context);
	if (!(await shopkitSecretMatches(context, received))) {
		if (!hasShopkitSecret(shopkitState(context))) return answerWhileRegistering(context, SHOPKIT_UNREGISTERED);
		return refuseUnauthenticated(context, () => shopkitUrlSecretFailure(received));
	}
	const userAgent = readHeader(context.getHeaderData(), 'user-agent');
	if (context.getNodeParameter('checkUserAgent', true) && userAgent !== 'Shopkit-Webhook') {
		return refuseUnauthenticated(context, () => shopkitUserAgentFailure(userAgent));
	}
	return shopkitSignatureRefusal(context);
}

export async function receiveShopkitDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const refused = await refusal(this);
	if (refused) return refused;

	const name = readHeader(this.getHeaderData(), 'x-shopkit-event') || undefined;
	const selected = this.getNodeParameter('events', []) as string[];
	if (name !== undefined && (!isShopkitEvent(name) || !selected.includes(name))) return acknowledge(this);
	const event = name as ShopkitEvent | undefined;
	const headerFields = shopkitHeaderFields(this.getHeaderData());
	if (this.getNodeParameter('ignoreApiChanges', false) && isChangeThroughApi(headerFields)) return acknowledge(this);

	const body = await readJsonBody(this.getRequestObject());
	if (!body.ok && body.status === 413) return rejectBadRequest(this, body.reason, 413);
	return emitDelivery(this, event, headerFields, body);
}

/** Reads the body by its event's schema, drops a redelivery, answers, and emits the item. */
function emitDelivery(
	context: IWebhookFunctions,
	event: ShopkitEvent | undefined,
	headerFields: ShopkitHeaderFields,
	body: Exclude<JsonBody, { status: 413 }>,
): IWebhookResponseData {
	const group = event ? SHOPKIT_EVENT_TABLE[event].group : shopkitGroupOfBody(body.ok ? body.value : undefined);
	const { value, issues } = readBody(shopkitPayloadOf(group), body);
	if (event === undefined) issues.unshift({ path: 'headers.x-shopkit-event', problem: 'is missing' });
	const isTest = isShopkitTestDelivery(value);
	if (!isTest && event !== undefined && isRedelivery(context, shopkitRedeliveryKey(event, group, value, issues))) return acknowledge(context);

	const item = deliveryItem({ event: event ?? null, ...headerFields }, itemFields(context, group, value), { isTest, payloadIssues: issues });
	if (issues.length > 0 && !isTest) return answerInvalidPayload(context, issues, [item], { subject: event });
	return acknowledge(context, [item]);
}

/** An order simplified or whole (the Simplify option); the body of any other event as Shopkit sent it, read. */
function itemFields(context: IWebhookFunctions, group: ShopkitEventGroup, value: unknown): IDataObject {
	if (group !== 'order' || !isPlainObject(value) || !isPlainObject(value.order)) return payloadFields(value);
	const order = value.order as ShopkitOrder;
	return context.getNodeParameter('simplify', true) ? simplifyShopkitOrder(order) : { order };
}

/**
 * Whether a delivery under this key (shopkitRedeliveryKey.ts: event, id, version) was accepted within Shopkit's
 * retry window. A delivery without a key is never taken for a retry.
 */
function isRedelivery(context: IWebhookFunctions, key: string | undefined): boolean {
	if (key === undefined) return false;
	return !DeliveryLedger.ofFirstDeliveries(context, 'redeliveries', REDELIVERY_WINDOW_MS).acceptFirst(key);
}
