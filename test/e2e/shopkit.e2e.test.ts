import { emittedItems, testCredential, triggerWorkflow } from '../../dev/n8n';
import type { N8nApi, TriggerWorkflow } from '../../dev/n8n';
import {
	SHOPKIT_CLIENT_UPDATED,
	SHOPKIT_NEWSLETTER_SUBSCRIBED,
	SHOPKIT_ORDER_CREATED,
	shopkitClient,
	shopkitHeaders,
	shopkitOrder,
	shopkitProduct,
	shopkitSignature,
} from '../../dev/fixtures/shopkit';
import { startShopkitApi } from '../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../dev/mocks/shopkitApi';
import { n8nUnderTest } from './setup/n8nUnderTest';

/**
 * The Shopkit Trigger inside a real n8n, registering its webhooks with an HTTP server that speaks the
 * Shopkit API, then receiving the seed's delivery at the URL it registered.
 */
describe('Shopkit Trigger in n8n', () => {
	let api: N8nApi;
	let shopkit: ShopkitApiMock;
	let credential: { id: string; name: string };
	let workflow: TriggerWorkflow;
	let workflowId: string;

	const registered = () => [...shopkit.webhooks.values()];
	const urlFor = (event: string) => registered().find((webhook) => webhook.event === event)!.url;

	beforeAll(async () => {
		api = n8nUnderTest();
		shopkit = await startShopkitApi();
		credential = await api.createCredential('Shopkit e2e', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl });
		workflow = triggerWorkflow({
			node: 'shopkitTrigger',
			parameters: { events: ['order_created', 'order_paid'] },
			credentials: { shopkitApi: credential },
		});
		workflowId = await api.createWorkflow(workflow.definition);
	});

	afterAll(async () => {
		await shopkit.close();
	});

	it('passes the credential test against the Shopkit API, and fails it with a wrong key', async () => {
		const good = await testCredential(api.instance, { ...credential, type: 'shopkitApi', data: { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl } });
		expect(good.status).toBe('OK');
		const bad = await testCredential(api.instance, { ...credential, type: 'shopkitApi', data: { apiKey: 'wrong', baseUrl: shopkit.baseUrl } });
		expect(bad.status).toBe('Error');
	});

	it('registers one webhook per selected event for its production URL on activation', async () => {
		await api.activate(workflowId);
		const webhooks = registered();
		expect(webhooks.map((webhook) => webhook.event).sort()).toEqual(['order_created', 'order_paid']);
		for (const webhook of webhooks) {
			expect(webhook.url).toMatch(new RegExp(`^${api.instance.baseUrl}/webhook/${workflow.webhookPath}\\?n8n-instance=[0-9a-f]{16}&secret=[0-9a-f]{64}$`));
		}
	});

	it('runs the workflow once with the typed order for the seed delivery at the registered URL', async () => {
		const response = await api.deliver(urlFor('order_created'), shopkitOrder(501, '2014-11-26T15:30:00+00:00'), shopkitHeaders('order_created'));
		expect(response.status).toBe(204);
		const executions = await api.settledExecutions(workflowId, 1);
		expect(executions).toHaveLength(1);
		expect(emittedItems(executions[0], workflow.downstreamName)).toEqual([
			expect.objectContaining({
				event: 'order_created',
				orderId: 501,
				status: 'waiting_confirmation',
				total: 92.84,
				clientName: 'Shopkit',
				clientEmail: 'client501@example.com',
				createdAt: '2014-11-19T00:44:19.000Z',
				products: [expect.objectContaining({ id: 44753, title: 'Shelving Tree with Birds', quantity: 1 })],
				isTest: false,
			}),
		]);
	});

	it('marks the dashboard test payload with isTest', async () => {
		expect((await api.deliver(urlFor('order_created'), SHOPKIT_ORDER_CREATED, shopkitHeaders('order_created'))).status).toBe(204);
		const executions = await api.settledExecutions(workflowId, 2);
		expect(emittedItems(executions[1], workflow.downstreamName)[0]).toMatchObject({ orderId: 1337, isTest: true });
	});

	it('answers 401 and runs nothing without the URL secret or with a foreign User-Agent', async () => {
		const withoutSecret = urlFor('order_created').replace(/&secret=.*$/, '');
		expect((await api.deliver(withoutSecret, shopkitOrder(502), shopkitHeaders('order_created'))).status).toBe(401);
		const foreign = { ...shopkitHeaders('order_created'), 'user-agent': 'curl/8.5' };
		expect((await api.deliver(urlFor('order_created'), shopkitOrder(503), foreign)).status).toBe(401);
		expect(await api.settledExecutions(workflowId, 2)).toHaveLength(2);
	});

	it('runs a redelivered order event once, and acknowledges unselected events', async () => {
		for (let attempt = 0; attempt < 6; attempt++) {
			const response = await api.deliver(urlFor('order_paid'), shopkitOrder(504), shopkitHeaders('order_paid'));
			expect(response.status).toBe(204);
		}
		expect((await api.deliver(urlFor('order_paid'), shopkitOrder(505), shopkitHeaders('order_sent'))).status).toBe(204);
		expect(await api.settledExecutions(workflowId, 3)).toHaveLength(3);
	});

	it("runs an order as PHP writes it (empty objects as [], zero dates, a numeric phone) as a valid delivery, a dummy order of any id as a test, and a broken order with its payloadIssues", async () => {
		const php = JSON.parse(shopkitOrder(506));
		Object.assign(php.order, { shipping: [], coupon: [], sent_at: '0000-00-00 00:00:00' });
		php.order.payment.data = [];
		php.order.client = { ...php.order.client, phone: 969057993, delivery: [] };
		expect((await api.deliver(urlFor('order_created'), JSON.stringify(php), shopkitHeaders('order_created'))).status).toBe(204);
		const dummy = JSON.parse(SHOPKIT_ORDER_CREATED);
		dummy.order.id = 424242;
		expect((await api.deliver(urlFor('order_created'), JSON.stringify(dummy), shopkitHeaders('order_created'))).status).toBe(204);
		expect((await api.deliver(urlFor('order_created'), '{"order":{"id":507,"total":"lots"}}', shopkitHeaders('order_created'))).status).toBe(204);

		const items = (await api.settledExecutions(workflowId, 6)).slice(3).map((execution) => emittedItems(execution, workflow.downstreamName)[0]);
		expect(items).toEqual([
			expect.objectContaining({ orderId: 506, shippingCost: null, couponCode: 'bajevolp', sentAt: null, clientPhone: '969057993', isTest: false }),
			expect.objectContaining({ orderId: 424242, isTest: true }),
			expect.objectContaining({ orderId: 507, total: 'lots', isTest: false, payloadIssues: [{ path: 'order.total', problem: 'should be a number, not text "lots"' }] }),
		]);
		expect(items[0]).not.toHaveProperty('payloadIssues');
	});

	it('removes its webhooks from Shopkit on deactivation', async () => {
		await api.deactivate(workflowId);
		expect(registered()).toEqual([]);
	});

	it('leaves Shopkit with exactly the newly selected events when re-activated after a change', async () => {
		await api.activate(workflowId);
		expect(registered().map((webhook) => webhook.event).sort()).toEqual(['order_created', 'order_paid']);
		await api.deactivate(workflowId);
		const changed = structuredClone(workflow.definition);
		changed.nodes[0].parameters = { events: ['order_paid', 'order_sent'] };
		await api.updateWorkflow(workflowId, changed);
		await api.activate(workflowId);
		expect(registered().map((webhook) => webhook.event).sort()).toEqual(['order_paid', 'order_sent']);
		await api.deactivate(workflowId);
		expect(registered()).toEqual([]);
	});
});

/**
 * A Shopkit Trigger for one event of each group, whose credential holds the store app's client secret: each
 * group's delivery signed as Shopkit signs it, then the same deliveries unsigned or signed over other bytes.
 */
describe('Shopkit Trigger in n8n: clients, newsletter and products, signed', () => {
	const CLIENT_SECRET = 'shopkit-e2e-app-client-secret';
	const EVENTS = ['order_paid', 'client_created', 'newsletter_subscribed', 'product_updated_stock'];
	let api: N8nApi;
	let shopkit: ShopkitApiMock;
	let workflow: TriggerWorkflow;
	let workflowId: string;

	const urlFor = (event: string) => [...shopkit.webhooks.values()].find((webhook) => webhook.event === event)!.url;
	const signedHeaders = (event: string, body: string, extra: Record<string, string> = {}) =>
		shopkitHeaders(event, { 'x-webhook-signature': shopkitSignature(body, CLIENT_SECRET), ...extra });

	beforeAll(async () => {
		api = n8nUnderTest();
		shopkit = await startShopkitApi();
		const credential = await api.createCredential('Shopkit e2e signed', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl, appClientSecret: CLIENT_SECRET });
		workflow = triggerWorkflow({ node: 'shopkitTrigger', parameters: { events: EVENTS, ignoreApiChanges: true }, credentials: { shopkitApi: credential } });
		workflowId = await api.createWorkflow(workflow.definition);
		await api.activate(workflowId);
	});

	afterAll(async () => {
		await api.deactivate(workflowId);
		await shopkit.close();
	});

	it('registers a webhook for an event of each group', () => {
		expect([...shopkit.webhooks.values()].map((webhook) => webhook.event).sort()).toEqual([...EVENTS].sort());
	});

	it("runs the workflow once per signed delivery of each group, with its body typed and Shopkit's headers as fields", async () => {
		const deliveries: Array<[string, string]> = [
			['order_paid', shopkitOrder(601)],
			['client_created', shopkitClient('ana@example.pt')],
			['newsletter_subscribed', SHOPKIT_NEWSLETTER_SUBSCRIBED],
			['product_updated_stock', shopkitProduct(602, '2024-06-01T12:00:00+00:00', 3)],
		];
		for (const [event, body] of deliveries) {
			expect((await api.deliver(urlFor(event), body, signedHeaders(event, body))).status).toBe(204);
		}
		const items = (await api.settledExecutions(workflowId, 4)).map((execution) => emittedItems(execution, workflow.downstreamName)[0]);
		const headerFields = { resourceOrigin: 'backoffice', environment: 'Production', platform: 'Shopkit' };
		expect(items).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ event: 'order_paid', orderId: 601, ...headerFields, contentLength: Buffer.byteLength(deliveries[0][1]), isTest: false }),
				expect.objectContaining({ event: 'client_created', client: expect.objectContaining({ email: 'ana@example.pt', created_at: '2019-10-28T19:01:29.000Z' }), ...headerFields, isTest: false }),
				expect.objectContaining({ event: 'newsletter_subscribed', client: { name: 'Shopkit', email: 'info@shopk.it', hash: 'a77e38d0b16ba62f32361331774324904278edcf' }, isTest: true }),
				expect.objectContaining({ event: 'product_updated_stock', product: expect.objectContaining({ id: 602, stock: expect.objectContaining({ stock_qty: 3 }) }), ...headerFields }),
			]),
		);
		expect(items.filter((item) => 'payloadIssues' in item)).toEqual([]);
	});

	it('answers 401 and runs nothing for the same deliveries unsigned, or signed over other bytes', async () => {
		const body = shopkitClient('rui@example.pt');
		expect((await api.deliver(urlFor('client_created'), body, shopkitHeaders('client_created'))).status).toBe(401);
		const reserialised = JSON.stringify(JSON.parse(SHOPKIT_CLIENT_UPDATED));
		expect((await api.deliver(urlFor('client_created'), SHOPKIT_CLIENT_UPDATED, signedHeaders('client_created', reserialised))).status).toBe(401);
		expect((await api.deliver(urlFor('client_created'), body, signedHeaders('client_created', body))).status).toBe(204);
		expect(await api.settledExecutions(workflowId, 5)).toHaveLength(5);
	});

	it('acknowledges a signed change made through the API and runs nothing (Ignore Changes Made Through the API)', async () => {
		const body = shopkitProduct(603);
		const headers = signedHeaders('product_updated_stock', body, { 'x-webhook-resource-origin': 'api' });
		expect((await api.deliver(urlFor('product_updated_stock'), body, headers)).status).toBe(204);
		const later = shopkitProduct(604);
		expect((await api.deliver(urlFor('product_updated_stock'), later, signedHeaders('product_updated_stock', later))).status).toBe(204);
		const executions = await api.settledExecutions(workflowId, 6);
		expect(executions).toHaveLength(6);
		expect(executions.map((execution) => emittedItems(execution, workflow.downstreamName)[0]).filter((item) => (item.product as { id?: number } | undefined)?.id === 603)).toEqual([]);
	});
});
