import type { IDataObject, IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { SHOPGATE, shopgateAuthBaseUrl, shopgateOrderBaseUrl, shopgateOrderServiceUrl } from '../../credentials/platforms/shopgate';
import type { ShopgateCredential } from '../../credentials/platforms/shopgate';
import { RELATED_RECORD_RETRY } from '../shared/related/relatedRecordRetry';
import type { RelatedRecord } from '../shared/related/relatedRecord';
import { isPlainObject } from '../shared/inbound/payloadReading';
import { nonEmptyText } from '../shared/inbound/readingRules';
import { requestPlatform } from '../shared/transport/platformRequest';
import type { PlatformRequest } from '../shared/transport/platformRequest';
import { SHOPGATE_EVENT_CODES } from './Shopgate.schemas';

/**
 * Shopgate's order service (Connect SDK): `GET orders/{orderNumber}` → `{order}`, `GET fulfillmentOrders/{orderNumber}`
 * → `{fulfillmentOrder}`, with the bearer token of the webhook service. A 404 is an order Shopgate does not know.
 */
const SHOPGATE_ORDER_SERVICE: PlatformRequest = {
	credentialType: SHOPGATE.credential,
	renewsToken: true,
	credentialDisplayName: SHOPGATE.credentialDisplayName,
	name: 'Shopgate',
	/** The auth service is called by the credential's preAuthentication, so its URL is checked here too. */
	locate(credential: ShopgateCredential) {
		return {
			baseUrl: shopgateOrderServiceUrl(credential),
			configured: [
				{ url: shopgateOrderBaseUrl(credential), field: 'Order Service Base URL' },
				{ url: shopgateAuthBaseUrl(credential), field: 'Auth Base URL' },
			],
		};
	},
	guidance: {
		'401': 'Shopgate refused the credentials for its order service: check the Client ID, Client Secret, Username, Password and Merchant Code of the Shopgate API credential',
		'403': 'Shopgate does not let this user read orders: give the "Api Credentials" user access to the order service in Shopgate Next Admin',
		'429': 'Shopgate kept limiting requests to its order service',
		default: "Shopgate's order service did not answer with the order: check the Environment and Order Service Base URL of the Shopgate API credential",
	},
	retry: RELATED_RECORD_RETRY,
};

/** The two records an order event may point at, and where each lives in the order service. */
const ORDER_RECORDS = {
	order: { route: 'orders', number: 'salesOrderNumber', named: 'sales order' },
	fulfillmentOrder: { route: 'fulfillmentOrders', number: 'fulfillmentOrderNumber', named: 'fulfillment order' },
} as const;

type OrderField = keyof typeof ORDER_RECORDS;

/** The sales order events name their order by salesOrderNumber, the fulfillment order events theirs by fulfillmentOrderNumber. */
function orderFieldOf(eventCode: string): OrderField | undefined {
	if (eventCode.startsWith('salesOrder')) return 'order';
	if (eventCode.startsWith('fulfillmentOrder')) return 'fulfillmentOrder';
	return undefined;
}

/** The events whose items "Fetch Full Order" completes: every salesOrder* and fulfillmentOrder* event. */
export const SHOPGATE_ORDER_EVENT_CODES = SHOPGATE_EVENT_CODES.filter((code) => orderFieldOf(code) !== undefined);

/** The record as the order service has it now; null when Shopgate does not know the number (404). */
async function fetchOrderRecord(context: IWebhookFunctions, field: OrderField, orderNumber: string, deadline: number): Promise<IDataObject | null> {
	const { route } = ORDER_RECORDS[field];
	const answer = await requestPlatform<IDataObject>(
		context,
		SHOPGATE_ORDER_SERVICE,
		{ method: 'GET', path: `/${route}/${encodeURIComponent(orderNumber)}`, acceptedFailures: ['404'] },
		{ deadline },
	);
	if (answer === undefined) return null;
	const record = answer[field];
	if (isPlainObject(record)) return record as IDataObject;
	throw new NodeApiError(context.getNode(), answer as JsonObject, {
		message: `Shopgate's order service answered without "${field}" for ${orderNumber}`,
	});
}

/**
 * The order record an event's payload points at, as a related record of its item: `order` for a sales order
 * event, `fulfillmentOrder` for a fulfillment order event. None for other events, or when the payload holds no
 * number to ask for.
 */
export function shopgateOrderRecords(context: IWebhookFunctions, eventCode: string, payload: unknown): RelatedRecord[] {
	const field = orderFieldOf(eventCode);
	if (!field || !isPlainObject(payload)) return [];
	const { number, named } = ORDER_RECORDS[field];
	const orderNumber = orderNumberOf(payload[number]);
	if (orderNumber === undefined) return [];
	return [
		{
			field,
			fetch: (deadline) => fetchOrderRecord(context, field, orderNumber, deadline),
			unknown: `Shopgate has no ${named} ${orderNumber}`,
		},
	];
}

/**
 * The order an event is about, by the number its payload names (a sales order's events by salesOrderNumber, a
 * fulfillment order's by fulfillmentOrderNumber): an order's deliveries start in the order they came.
 */
export function shopgateOrderSubject(payload: unknown): string | undefined {
	if (!isPlainObject(payload)) return undefined;
	for (const { number } of Object.values(ORDER_RECORDS)) {
		const orderNumber = orderNumberOf(payload[number]);
		if (orderNumber !== undefined) return `${number}:${orderNumber}`;
	}
	return undefined;
}

const ORDER_NUMBER = nonEmptyText();

/** An order number as a payload field holds it (text, or a number), or undefined; a field that is absent costs no parse. */
function orderNumberOf(value: unknown): string | undefined {
	if (value === undefined) return undefined;
	const read = ORDER_NUMBER.safeParse(value);
	return read.success ? read.data : undefined;
}
