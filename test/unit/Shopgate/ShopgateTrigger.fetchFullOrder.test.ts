import type { INode } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { ShopgateTrigger } from '../../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node';
import { SHOPGATE_PRODUCT_CREATED, shopgateEnvelope } from '../../../dev/fixtures/shopgate';
import type { RecordedResponse } from '../../../dev/nodeInN8nCore';
import { shopgateFulfillmentOrder, shopgateSalesOrder, startShopgateApi } from '../../../dev/mocks/shopgateApi';
import type { ShopgateApiMock } from '../../../dev/mocks/shopgateApi';
import { ANSWER_WITHIN_MS, FETCH_WITHIN_MS } from '../../../nodes/shared/related/relatedAnswer';
import { SHOPGATE_TOKEN_TIMEOUT_MS } from '../../../credentials/platforms/shopgate';
import { activatedShopgateTrigger, TOKEN } from './shopgateTriggerInCore';

/** Fetches that run into the order service's retries take a few seconds; an outage runs them all out. */
const SLOW_TEST_MS = 40_000;

const headers = { 'content-type': 'application/json', 'shopgate-token': TOKEN };
const salesOrderAdded = (salesOrderNumber: unknown, id = `delivery-${String(salesOrderNumber)}`) =>
	shopgateEnvelope('salesOrderAdded', { customerId: '7b196c58', salesOrderId: 5, salesOrderNumber, imported: false }, id);

let shopgate: ShopgateApiMock;

beforeEach(async () => {
	shopgate = await startShopgateApi();
	shopgate.orders.set('0001', shopgateSalesOrder('0001'));
	shopgate.fulfillmentOrders.set('1500-0001', shopgateFulfillmentOrder('1500-0001', '1500'));
});

afterEach(async () => {
	await shopgate.close();
});

function trigger(parameters: Record<string, unknown> = {}, credential: Record<string, string> = {}) {
	return activatedShopgateTrigger(
		{ events: ['salesOrderAdded', 'fulfillmentOrderAdded', 'fulfillmentOrderStatusUpdated', 'productCreated'], fetchFullOrder: true, ...parameters },
		{ baseUrl: shopgate.baseUrl, credential },
	);
}

function orderRequests(): string[] {
	return shopgate.requests.filter((request) => /\/(orders|fulfillmentOrders)\//.test(request.path)).map((request) => request.path);
}

async function until(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Shopgate gives up on an endpoint that has not answered within 10 seconds. */
const SHOPGATE_WAITS_MS = 10_000;

describe('Shopgate Trigger: Fetch Full Order, when the order service has the order', () => {
	it('adds the sales order of a sales order event under "order", before the closing fields', async () => {
		const { response, items } = await trigger().deliver({ headers, rawBody: salesOrderAdded('0001') });
		expect(response).toMatchObject({ status: 204, ended: true });
		expect(items).toEqual([expect.objectContaining({ eventCode: 'salesOrderAdded', order: shopgateSalesOrder('0001'), isTest: false })]);
		expect(items[0]).not.toHaveProperty('payloadIssues');
		expect(Object.keys(items[0]).slice(-3)).toEqual(['order', 'isTest', 'receivedAt']);
		expect(orderRequests()).toEqual(['/v1/merchants/theMerchant/orders/0001']);
		expect(shopgate.requests.find((request) => request.path.endsWith('/orders/0001'))?.authorization).toMatch(/^Bearer [0-9a-f]{64}$/);
	});

	it('adds the fulfillment order of a fulfillment order event under "fulfillmentOrder", by its fulfillment order number', async () => {
		const payload = { locationCode: '1', fulfillmentOrderNumber: '1500-0001', customerId: '7b196c58', newStatus: 'ready', oldStatus: 'new', user: '6' };
		const { response, items } = await trigger().deliver({ headers, rawBody: shopgateEnvelope('fulfillmentOrderStatusUpdated', payload) });
		expect(response.status).toBe(204);
		expect(items).toEqual([expect.objectContaining({ fulfillmentOrder: shopgateFulfillmentOrder('1500-0001', '1500') })]);
		expect(items[0]).not.toHaveProperty('order');
		expect(orderRequests()).toEqual(['/v1/merchants/theMerchant/fulfillmentOrders/1500-0001']);
	});

	it('reads an order number sent as a number', async () => {
		shopgate.orders.set('42', shopgateSalesOrder('42'));
		const { items } = await trigger().deliver({ headers, rawBody: salesOrderAdded(42) });
		expect(items[0]).toMatchObject({ order: { orderNumber: '42' } });
	});

	it(
		'waits out a 429 as its Retry-After asks and then adds the order',
		async () => {
			shopgate.failOrderRequests(429, { retryAfterSeconds: 1, body: { code: 'TooManyRequests', message: 'Rate limit exceeded' } });
			const { response, items } = await trigger().deliver({ headers, rawBody: salesOrderAdded('0001') });
			expect(response.status).toBe(204);
			expect(items[0]).toMatchObject({ order: { orderNumber: '0001' } });
			expect(items[0]).not.toHaveProperty('payloadIssues');
			expect(orderRequests()).toHaveLength(2);
		},
		SLOW_TEST_MS,
	);

	it(
		`answers Shopgate within ${ANSWER_WITHIN_MS} ms while the order service holds the request, and the item still gets the order`,
		async () => {
			const hold = shopgate.holdOrderRequests();
			const response: RecordedResponse = { headers: {}, ended: false };
			const started = Date.now();
			let emitted = false;
			const delivering = trigger()
				.deliver({ headers, rawBody: salesOrderAdded('0001') }, 'webhook', response)
				.then((delivered) => {
					emitted = true;
					return delivered;
				});
			await until(() => response.ended);
			const answeredAfter = Date.now() - started;
			expect(response.status).toBe(204);
			expect(answeredAfter).toBeGreaterThanOrEqual(ANSWER_WITHIN_MS - 50);
			expect(answeredAfter).toBeLessThan(ANSWER_WITHIN_MS + 1_000);
			expect(hold.held()).toBe(1);
			expect(emitted).toBe(false);

			hold.release();
			const { items } = await delivering;
			expect(items).toEqual([expect.objectContaining({ order: shopgateSalesOrder('0001') })]);
			expect(items[0]).not.toHaveProperty('payloadIssues');
		},
		SLOW_TEST_MS,
	);
});

describe('Shopgate Trigger: Fetch Full Order, when the order cannot be had', () => {
	it('emits a number Shopgate does not know (404) with "order": null and says so in payloadIssues', async () => {
		const { response, items } = await trigger().deliver({ headers, rawBody: salesOrderAdded('0002') });
		expect(response.status).toBe(204);
		expect(items).toEqual([
			expect.objectContaining({ order: null, payloadIssues: [{ path: 'order', problem: 'Shopgate has no sales order 0002' }], isTest: false }),
		]);
		expect(orderRequests()).toHaveLength(1);
	});

	it(
		"emits the item with the order service's own words when it refuses the token (401), and answers Shopgate 204",
		async () => {
			shopgate.failOrderRequests(401, { body: { code: 'Unauthorized', message: 'Token is not valid for the order service of theMerchant' }, count: 5 });
			const { response, items } = await trigger().deliver({ headers, rawBody: salesOrderAdded('0001') });
			expect(response.status).toBe(204);
			expect(items[0].order).toBeNull();
			const [issue] = items[0].payloadIssues as Array<{ path: string; problem: string }>;
			expect(issue.path).toBe('order');
			expect(issue.problem).toContain('could not be fetched');
			expect(issue.problem).toContain('Token is not valid for the order service of theMerchant');
			expect(issue.problem).toContain('check the Client ID, Client Secret, Username, Password and Merchant Code');
		},
		SLOW_TEST_MS,
	);

	it(
		'emits the item with "order": null once a 503 outlasts the retries, with the reason',
		async () => {
			shopgate.failOrderRequests(503, { body: { code: 'ServiceUnavailable', message: 'Order service down for maintenance' }, count: 10 });
			const { response, items } = await trigger().deliver({ headers, rawBody: salesOrderAdded('0001') });
			expect(response.status).toBe(204);
			expect(items[0]).toMatchObject({ order: null, payloadIssues: [{ path: 'order', problem: expect.stringContaining('Order service down for maintenance') }] });
			// the first request and RELATED_RECORD_RETRY's four retries
			expect(orderRequests()).toHaveLength(5);
		},
		SLOW_TEST_MS,
	);

	it(
		'emits the item with "fulfillmentOrder": null when the order service refuses connections, naming the field to check',
		async () => {
			const payload = { locationCode: '1', fulfillmentOrderNumber: '1500-0001', salesOrderNumber: '1500', user: '6' };
			const { response, items } = await trigger({}, { orderUrl: 'http://127.0.0.1:1' }).deliver({ headers, rawBody: shopgateEnvelope('fulfillmentOrderAdded', payload) });
			expect(response.status).toBe(204);
			expect(items[0].fulfillmentOrder).toBeNull();
			expect(items[0].payloadIssues).toEqual([{ path: 'fulfillmentOrder', problem: expect.stringContaining('Order Service Base URL') }]);
		},
		SLOW_TEST_MS,
	);

	it('emits the item with "order": null, sending nothing, when the Order Service Base URL is no http(s) URL', async () => {
		const { response, items } = await trigger({}, { orderUrl: 'order.shopgate.io' }).deliver({ headers, rawBody: salesOrderAdded('0001') });
		expect(response.status).toBe(204);
		expect(items[0]).toMatchObject({
			order: null,
			payloadIssues: [{ path: 'order', problem: expect.stringContaining('The Order Service Base URL of the Shopgate API credential is not an http(s) URL: "order.shopgate.io"') }],
		});
		expect(orderRequests()).toEqual([]);
	});
});

describe('Shopgate Trigger: Fetch Full Order, with every endpoint of Shopgate hanging', () => {
	it(
		`answers Shopgate at ${ANSWER_WITHIN_MS / 1000} s and starts the workflow by ${FETCH_WITHIN_MS / 1000} s with "order": null and why, the token endpoint included`,
		async () => {
			shopgate.hold();
			const response: RecordedResponse = { headers: {}, ended: false };
			const started = Date.now();
			let emitted = false;
			const delivering = trigger()
				.deliver({ headers, rawBody: salesOrderAdded('0001') }, 'webhook', response)
				.finally(() => (emitted = true));
			await until(() => response.ended);
			const answeredAfter = Date.now() - started;
			expect(response.status).toBe(204);
			expect(answeredAfter).toBeGreaterThanOrEqual(ANSWER_WITHIN_MS - 50);
			expect(answeredAfter).toBeLessThan(Math.min(ANSWER_WITHIN_MS + 1_000, SHOPGATE_WAITS_MS));
			expect(emitted).toBe(false);

			const { items } = await delivering;
			expect(Date.now() - started).toBeLessThan(FETCH_WITHIN_MS + 2_000);
			expect(items[0]).toMatchObject({
				order: null,
				payloadIssues: [
					{
						path: 'order',
						problem: expect.stringMatching(
							new RegExp(
								"^could not be fetched: Shopgate's order service did not answer with the order: check the Environment and Order Service Base URL of the Shopgate API credential " +
									'\\(GET /v1/merchants/theMerchant/orders/0001\\): No answer in \\d+(\\.\\d)? s, \\d attempts; ' +
									`Shopgate's auth service gave no access token within ${SHOPGATE_TOKEN_TIMEOUT_MS / 1000} s \\(POST ${shopgate.authUrl}\\)$`,
							),
						),
					},
				],
			});
			// the token never came, so the order service was never asked; the token was asked for again within the 30 s
			expect(orderRequests()).toEqual([]);
			expect(shopgate.requests.filter((request) => request.path === '/oauth/token').length).toBeGreaterThanOrEqual(2);
		},
		FETCH_WITHIN_MS + 15_000,
	);
});

describe('Shopgate Trigger: Fetch Full Order asks only for real, emitted order events', () => {
	it('is shown only while a sales order or fulfillment order event is selected', () => {
		const { description } = new ShopgateTrigger();
		const option = description.properties.find((property) => property.name === 'fetchFullOrder')!;
		const shown = (events: string[]) =>
			NodeHelpers.displayParameter({ events, fetchFullOrder: false }, option, { parameters: { events } } as unknown as INode, description);
		expect(shown(['productCreated', 'importCompleted'])).toBe(false);
		expect(shown(['productCreated', 'salesOrderStatusUpdated'])).toBe(true);
		expect(shown(['fulfillmentOrderUpdated'])).toBe(true);
		expect(option).toMatchObject({ type: 'boolean', default: false });
	});


	it('sends no request with the option off', async () => {
		const { items } = await trigger({ fetchFullOrder: false }).deliver({ headers, rawBody: salesOrderAdded('0001') });
		expect(items[0]).not.toHaveProperty('order');
		expect(shopgate.requests).toEqual([]);
	});

	it('sends none for the test sample, a duplicate, an unselected event, another event, or a payload without the number', async () => {
		const node = trigger();
		const sample = JSON.stringify({ ...JSON.parse(SHOPGATE_PRODUCT_CREATED), eventCode: 'salesOrderAdded', payload: { salesOrderNumber: '0001' } });
		const sampled = await node.deliver({ headers, rawBody: sample });
		expect(sampled.items).toEqual([expect.objectContaining({ isTest: true })]);
		expect(sampled.items[0]).not.toHaveProperty('order');

		expect((await node.deliver({ headers, rawBody: salesOrderAdded('0001', 'twice') })).items[0]).toHaveProperty('order');
		expect((await node.deliver({ headers, rawBody: salesOrderAdded('0001', 'twice') })).result.workflowData).toBeUndefined();
		expect((await node.deliver({ headers, rawBody: shopgateEnvelope('salesOrderStatusUpdated', { salesOrderNumber: '0001' }, 'unselected') })).result.workflowData).toBeUndefined();
		const product = await node.deliver({ headers, rawBody: shopgateEnvelope('productCreated', { catalogCode: 'c', productCode: 'p' }, 'product') });
		expect(Object.keys(product.items[0])).not.toEqual(expect.arrayContaining(['order']));
		const numberless = await node.deliver({ headers, rawBody: shopgateEnvelope('salesOrderAdded', { customerId: '7b196c58' }, 'numberless') });
		expect(numberless.items[0]).not.toHaveProperty('order');

		expect(orderRequests()).toEqual(['/v1/merchants/theMerchant/orders/0001']);
	});

	it('sends none for a broken payload that is acknowledged without an item', async () => {
		const broken = shopgateEnvelope('fulfillmentOrderAdded', { fulfillmentOrderNumber: '1500-0001' }, 'broken');
		const { response, result } = await trigger({ invalidPayloads: 'acknowledge' }).deliver({ headers, rawBody: broken });
		expect(response.status).toBe(204);
		expect(result.workflowData).toBeUndefined();
		expect(orderRequests()).toEqual([]);
	});

	it('fetches for a broken payload that is emitted with its issues, adding the fetch to them', async () => {
		const broken = shopgateEnvelope('fulfillmentOrderAdded', { fulfillmentOrderNumber: '1500-0001' }, 'broken-emitted');
		const { items } = await trigger().deliver({ headers, rawBody: broken });
		expect(items[0]).toMatchObject({
			fulfillmentOrder: { orderNumber: '1500-0001' },
			payloadIssues: [{ path: 'payload.locationCode', problem: 'is missing' }],
		});
	});
});
