import { SHOPKIT_API_ORDER, SHOPKIT_ORDER_CREATED, shopkitHeaders, shopkitOrder } from '../../../dev/fixtures/shopkit';
import { staticDataWith } from '../../../dev/nodeInN8nCore';
import { secretDigest } from '../../../nodes/shared/inbound/secrets';
import { atTimes } from '../atTimes';
import { expectAnsweredWhileRegistering } from '../whileRegistering';
import { activatedShopkitTrigger, SHOPKIT_TEST_SECRET, shopkitTrigger } from './shopkitTriggerInCore';

const HOUR = 60 * 60 * 1000;

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const withSecret = (secret = SHOPKIT_TEST_SECRET) => ({ secret });

function deliver(
	trigger: ReturnType<typeof activatedShopkitTrigger>,
	body: string,
	headers: Record<string, string> = shopkitHeaders('order_created'),
	query: Record<string, string> = withSecret(),
) {
	return trigger.deliver({ headers, rawBody: body, query });
}

describe('Shopkit Trigger: valid deliveries', () => {
	it('answers 204 and emits the seed order simplified, numbers as numbers and dates as ISO', async () => {
		const { response, items } = await deliver(activatedShopkitTrigger(), shopkitOrder(4242, '2014-11-26T15:30:00+00:00'));
		expect(response).toMatchObject({ status: 204, ended: true });
		expect(response.body).toBeUndefined();
		expect(items).toEqual([
			{
				event: 'order_created',
				resourceOrigin: 'backoffice',
				environment: 'Production',
				platform: 'Shopkit',
				contentLength: null,
				orderId: 4242,
				status: 'waiting_confirmation',
				statusCode: 5,
				paid: false,
				currency: 'EUR',
				total: 92.84,
				subtotal: 77.32,
				totalTax: 16.01,
				discount: 7.73,
				shippingCost: 7.25,
				couponCode: 'bajevolp',
				paymentType: 'Multibanco',
				shipmentMethod: 'Transportadora',
				// fields of Shopkit's 2025 payloads, which the 2016 seed's order has none of
				trackingCode: null,
				trackingUrl: null,
				trackingStatus: null,
				wholesale: null,
				tags: null,
				clientName: 'Shopkit',
				clientEmail: 'client4242@example.com',
				clientPhone: '969057993',
				createdAt: '2014-11-19T00:44:19.000Z',
				updatedAt: '2014-11-26T15:30:00.000Z',
				paidAt: null,
				sentAt: null,
				products: [
					{ id: 44753, title: 'Shelving Tree with Birds', option: 'Azul / Small', reference: 'STHFBF7574', price: 77.32, quantity: 1, subtotal: 85.59324 },
				],
				isTest: false,
				receivedAt: expect.stringMatching(ISO),
			},
		]);
	});

	it('emits the whole order as Shopkit sent it when Simplify is off', async () => {
		const { items } = await deliver(activatedShopkitTrigger({ simplify: false }), shopkitOrder(4243));
		const expected = JSON.parse(shopkitOrder(4243)).order;
		expect(items[0]).toMatchObject({ event: 'order_created', isTest: false });
		const order = items[0].order as Record<string, unknown>;
		expect(order.payment).toEqual({ type: 'Multibanco', data: { entity: 88888, reference: 888888888, value: 92.84 } });
		expect(order.products).toEqual([{ ...expected.products[0] }]);
		expect(order.client).toEqual(expected.client);
		expect(order.coupon).toEqual({ code: 'bajevolp', type: 'percent', value: 10 });
		expect(order.created_at).toBe('2014-11-19T00:44:19.000Z');
	});

	it('accepts the API shape of an order: nulls, extra fields, quoted amounts and SQL dates', async () => {
		const trigger = activatedShopkitTrigger({ simplify: false, events: ['order_paid'] });
		const { items, response } = await deliver(trigger, SHOPKIT_API_ORDER, shopkitHeaders('order_paid'));
		expect(response.status).toBe(204);
		const order = items[0].order as Record<string, unknown>;
		expect(order.total).toBe(49.9);
		expect(order.created_at).toBe('2024-03-01T10:00:00.000Z');
		expect(order.loyalty_points).toBe(12);
		expect(order.tracking_code).toBeNull();
		expect((order.products as Array<Record<string, unknown>>)[0].price).toBe(20.29);
	});

	it('accepts an order with only an id', async () => {
		const { items } = await deliver(activatedShopkitTrigger(), '{"order":{"id":7}}');
		expect(items[0]).toMatchObject({ orderId: 7, status: null, products: [] });
	});

	it('marks the dashboard test payload (the documented example order) with isTest', async () => {
		const { items } = await deliver(activatedShopkitTrigger(), SHOPKIT_ORDER_CREATED);
		expect(items[0]).toMatchObject({ orderId: 1337, isTest: true });
	});

	it("marks a dummy order of any identity bought by Shopkit itself (info@shopk.it) with isTest, whatever else it breaks", async () => {
		const dummy = JSON.parse(SHOPKIT_ORDER_CREATED);
		dummy.order.id = 98765;
		dummy.order.total = 'a lot';
		dummy.order.client.email = 'INFO@shopk.it';
		const { response, items } = await deliver(activatedShopkitTrigger({ invalidPayloads: 'reject' }), JSON.stringify(dummy));
		expect(response.status).toBe(204);
		expect(items).toEqual([expect.objectContaining({ orderId: 98765, isTest: true, payloadIssues: [{ path: 'order.total', problem: 'should be a number, not text "a lot"' }] })]);
	});
});

describe('Shopkit Trigger: what Shopkit plausibly sends beyond its example', () => {
	/** The seed's order for another client, changed as PHP and MySQL write it. */
	function phpOrder(change: (order: Record<string, unknown> & { client: Record<string, unknown>; payment: Record<string, unknown> }) => void): string {
		const body = JSON.parse(shopkitOrder(4300));
		change(body.order);
		return JSON.stringify(body);
	}

	it.each([
		['payment.data: [] (PHP\'s empty object)', (order: any) => (order.payment.data = []), { order: expect.objectContaining({ payment: expect.objectContaining({ data: {} }) }) }],
		['coupon: []', (order: any) => (order.coupon = []), { order: expect.objectContaining({ coupon: {} }) }],
		['shipping: []', (order: any) => (order.shipping = []), { order: expect.objectContaining({ shipping: {} }) }],
		['client.delivery: []', (order: any) => (order.client.delivery = []), { order: expect.objectContaining({ client: expect.objectContaining({ delivery: {} }) }) }],
		['sent_at: "0000-00-00 00:00:00"', (order: any) => (order.sent_at = '0000-00-00 00:00:00'), { order: expect.objectContaining({ sent_at: null }) }],
		['a numeric client.phone', (order: any) => (order.client.phone = 969057993), { order: expect.objectContaining({ client: expect.objectContaining({ phone: '969057993' }) }) }],
		['paid as 1 and is_new as "0"', (order: any) => Object.assign(order, { paid: 1, is_new: '0' }), { order: expect.objectContaining({ paid: true, is_new: false }) }],
		['an order id beyond 2^53, exact', () => undefined, { order: expect.objectContaining({ id: '98765432109876543210' }) }],
	])('emits an order with %s as a valid delivery', async (name, change, expected) => {
		let body = phpOrder(change);
		if (name.includes('2^53')) body = body.replace('"id":4300', '"id":98765432109876543210');
		const { response, items } = await deliver(activatedShopkitTrigger({ simplify: false }), body);
		expect(response.status).toBe(204);
		expect(items).toEqual([expect.objectContaining({ event: 'order_created', isTest: false, ...expected })]);
		expect(items[0]).not.toHaveProperty('payloadIssues');
	});

	it('simplifies an order whose shipping, coupon and dates PHP left empty', async () => {
		const body = phpOrder((order) => Object.assign(order, { shipping: [], coupon: [], coupon_code: null, sent_at: '0000-00-00 00:00:00' }));
		const { items } = await deliver(activatedShopkitTrigger(), body);
		expect(items[0]).toMatchObject({ shippingCost: null, couponCode: null, sentAt: null, isTest: false });
	});
});

describe('Shopkit Trigger: authentication', () => {
	it.each([
		['missing', {}],
		['wrong', withSecret('b'.repeat(64))],
		['one character short', withSecret(SHOPKIT_TEST_SECRET.slice(1))],
	])('answers 401 and runs nothing when the URL secret is %s', async (_case, query) => {
		const { response, result } = await deliver(activatedShopkitTrigger(), shopkitOrder(1), shopkitHeaders('order_created'), query);
		expect(response).toMatchObject({ status: 401, body: 'Unauthorized' });
		expect(result.workflowData).toBeUndefined();
	});

	it('answers 401 to a User-Agent other than Shopkit-Webhook, unless the check is off', async () => {
		const headers = { ...shopkitHeaders('order_created'), 'user-agent': 'curl/8.0' };
		expect((await deliver(activatedShopkitTrigger(), shopkitOrder(2), headers)).response.status).toBe(401);
		const relaxed = await deliver(activatedShopkitTrigger({ checkUserAgent: false }), shopkitOrder(2), headers);
		expect(relaxed.items).toHaveLength(1);
	});

	it('answers 503 with Retry-After and starts nothing while activation has left no secret, saying why in the log at most once a minute', async () => {
		const trigger = shopkitTrigger();
		const [said] = await expectAnsweredWhileRegistering(trigger, { headers: shopkitHeaders('order_created'), rawBody: shopkitOrder(3) });
		expect(said).toMatch(/^Trigger \(workflow .+\): answered a request 503 \(Retry-After: 120 s\) and started nothing, as the node has no webhook secret yet/);
		expect(said).toMatch(/if no activation is under way, deactivate the workflow and activate it again so the node registers its webhooks with Shopkit/);

		// then activation saves what it registered, and Shopkit's delivery runs
		const webhook = { id: 1337, event: 'order_created', url: 'https://n8n.example.com/webhook/hook-id/webhook', secretDigest: secretDigest(SHOPKIT_TEST_SECRET) };
		trigger.workflow.staticData.global = staticDataWith({ webhooks: [webhook] }).global;
		const { response, items } = await deliver(trigger, shopkitOrder(3));
		expect(response.status).toBe(204);
		expect(items).toEqual([expect.objectContaining({ orderId: 3 })]);
	});

	it('answers 503 in a test listen whose state n8n has not recorded yet, so the listen goes on', async () => {
		await expectAnsweredWhileRegistering(shopkitTrigger().testListen(), { headers: shopkitHeaders('order_created'), rawBody: shopkitOrder(3) });
	});
});

describe('Shopkit Trigger: events and bodies', () => {
	it('acknowledges an event that is not selected, so Shopkit never suspends the webhook, and runs nothing', async () => {
		const { response, result } = await deliver(activatedShopkitTrigger(), shopkitOrder(4), shopkitHeaders('order_paid'));
		expect(response.status).toBe(204);
		expect(result.workflowData).toBeUndefined();
	});

	it('emits a delivery without X-Shopkit-Event, naming the missing header', async () => {
		const headers = shopkitHeaders('order_created');
		delete headers['x-shopkit-event'];
		const { response, items } = await deliver(activatedShopkitTrigger(), shopkitOrder(5), headers);
		expect(response.status).toBe(204);
		expect(items).toEqual([expect.objectContaining({ event: null, orderId: 5, payloadIssues: [{ path: 'headers.x-shopkit-event', problem: 'is missing' }] })]);
	});

	it.each([
		['not JSON', '{"order":', [{ path: '(body)', problem: expect.stringMatching(/^is not valid JSON/) }], { body: '{"order":' }],
		['without an order', '{"id":1}', [{ path: 'order', problem: 'is missing' }], { id: 1 }],
		['with a text total', '{"order":{"id":1,"total":"lots"}}', [{ path: 'order.total', problem: 'should be a number, not text "lots"' }], { orderId: 1, total: 'lots' }],
		['with a bad date', '{"order":{"id":1,"created_at":"soon"}}', [{ path: 'order.created_at', problem: 'should be a date like 2014-11-19T00:44:19+00:00, not text "soon"' }], { createdAt: 'soon' }],
		['with a product without id', '{"order":{"id":1,"products":[{"title":"x"}]}}', [{ path: 'order.products.0.id', problem: 'is missing' }], { products: [expect.objectContaining({ id: null, title: 'x' })] }],
		['with a product line that is no object', '{"order":{"id":1,"products":["x"]}}', [{ path: 'order.products.0', problem: 'should be an object, not text' }], { products: [{ line: 'x' }] }],
	])('answers 204 and emits a body %s with what could be read and its payloadIssues', async (_case, body, payloadIssues, read) => {
		const { response, items } = await deliver(activatedShopkitTrigger(), body);
		expect(response.status).toBe(204);
		expect(items).toEqual([expect.objectContaining({ event: 'order_created', ...read, isTest: false, payloadIssues })]);
	});

	it('acknowledges a broken order without running, or rejects it with 400, as Invalid Payloads says', async () => {
		const body = '{"order":{"id":1,"total":"lots"}}';
		const acknowledged = await deliver(activatedShopkitTrigger({ invalidPayloads: 'acknowledge' }), body);
		expect(acknowledged.response.status).toBe(204);
		expect(acknowledged.result.workflowData).toBeUndefined();
		const rejecting = activatedShopkitTrigger({ invalidPayloads: 'reject' });
		const rejected = await deliver(rejecting, body);
		expect(rejected.response).toMatchObject({ status: 400, body: { error: 'order_created: order.total: should be a number, not text "lots"' } });
		expect(rejected.result.workflowData).toBeUndefined();
		// a rejected delivery is not remembered: Shopkit's retry of it, which carries a version, is rejected again
		const versioned = '{"order":{"id":1,"total":"lots","update_at":"2024-06-01 12:00:00"}}';
		for (let attempt = 0; attempt < 2; attempt++) expect((await deliver(rejecting, versioned)).response.status).toBe(400);
	});
});

describe('Shopkit Trigger: redeliveries', () => {
	it('runs an order event once however often Shopkit redelivers it, and a later update again', async () => {
		const trigger = activatedShopkitTrigger();
		const first = await deliver(trigger, shopkitOrder(9, '2024-06-01T12:00:00+00:00'));
		expect(first.items).toHaveLength(1);
		for (let retry = 0; retry < 5; retry++) {
			const again = await deliver(trigger, shopkitOrder(9, '2024-06-01T12:00:00+00:00'));
			expect(again.response.status).toBe(204);
			expect(again.items).toHaveLength(0);
		}
		expect((await deliver(trigger, shopkitOrder(9, '2024-06-01T12:05:00+00:00'))).items).toHaveLength(1);
	});

	it('treats the same order under another event as a new delivery', async () => {
		const trigger = activatedShopkitTrigger({ events: ['order_created', 'order_paid'] });
		expect((await deliver(trigger, shopkitOrder(10))).items).toHaveLength(1);
		expect((await deliver(trigger, shopkitOrder(10), shopkitHeaders('order_paid'))).items).toHaveLength(1);
	});

	it("runs the same event for an unchanged order again after Shopkit's retry window (5 retries an hour apart)", async () => {
		const trigger = activatedShopkitTrigger({ events: ['order_invoice'] });
		const invoice = () => deliver(trigger, shopkitOrder(11), shopkitHeaders('order_invoice'));
		const emitted = await atTimes([0, 5 * HOUR, 6 * HOUR], async () => (await invoice()).items.length);
		expect(emitted).toEqual([1, 0, 1]);
	});

	it('emits every click of the dashboard test', async () => {
		const trigger = activatedShopkitTrigger();
		expect((await deliver(trigger, SHOPKIT_ORDER_CREATED)).items).toHaveLength(1);
		expect((await deliver(trigger, SHOPKIT_ORDER_CREATED)).items).toHaveLength(1);
	});
});
