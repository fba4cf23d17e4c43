import { emittedItems, testCredential, triggerWorkflow } from '../../dev/n8n';
import type { N8nApi, TriggerWorkflow } from '../../dev/n8n';
import { SHOPGATE_CREDENTIAL_FIELDS, SHOPGATE_PRODUCT_CREATED } from '../../dev/fixtures/shopgate';
import { shopgateFulfillmentOrder, shopgateSalesOrder, startShopgateApi } from '../../dev/mocks/shopgateApi';
import type { ShopgateApiMock } from '../../dev/mocks/shopgateApi';
import { ANSWER_WITHIN_MS, FETCH_WITHIN_MS } from '../../nodes/shared/related/relatedAnswer';
import { SHOPGATE_TOKEN_TIMEOUT_MS } from '../../credentials/platforms/shopgate';
import { n8nUnderTest } from './setup/n8nUnderTest';

const SLOW_STEP_SECONDS = 3;

/**
 * The Shopgate Trigger inside a real n8n, against an HTTP server that speaks Shopgate's auth and webhook
 * service and delivers the way Shopgate does. The workflow holds every execution for a few seconds, to
 * show that Shopgate's 10-second limit does not depend on what the workflow does.
 */
describe('Shopgate Trigger in n8n', () => {
	let api: N8nApi;
	let shopgate: ShopgateApiMock;
	let workflow: TriggerWorkflow;
	let workflowId: string;
	let credential: { id: string; name: string };
	let credentialData: Record<string, unknown>;

	beforeAll(async () => {
		api = n8nUnderTest();
		shopgate = await startShopgateApi();
		credentialData = { environment: 'production', ...SHOPGATE_CREDENTIAL_FIELDS, authUrl: shopgate.baseUrl, webhookUrl: shopgate.baseUrl };
		credential = await api.createCredential('Shopgate e2e', 'shopgateApi', credentialData);
		workflow = triggerWorkflow({
			node: 'shopgateTrigger',
			parameters: { events: ['productCreated', 'fulfillmentOrderAdded'] },
			credentials: { shopgateApi: credential },
			slowStepSeconds: SLOW_STEP_SECONDS,
		});
		workflowId = await api.createWorkflow(workflow.definition);
	});

	afterAll(async () => {
		await shopgate.close();
	});

	it('passes the credential test (login, then the webhook token route), and fails it with a wrong password', async () => {
		const good = await testCredential(api.instance, { ...credential, type: 'shopgateApi', data: credentialData });
		expect(good).toMatchObject({ status: 'OK' });
		const bad = await testCredential(api.instance, { ...credential, type: 'shopgateApi', data: { ...credentialData, password: 'wrong' } });
		expect(bad.status).toBe('Error');
	});

	it('creates its webhook at the webhook service with its production URL on activation', async () => {
		await api.activate(workflowId);
		expect([...shopgate.webhooks.values()]).toEqual([
			expect.objectContaining({
				endpoint: `${api.instance.baseUrl}/webhook/${workflow.webhookPath}`,
				active: true,
				events: [{ code: 'productCreated' }, { code: 'fulfillmentOrderAdded' }],
			}),
		]);
	});

	it('answers a delivery before the slow workflow finishes, and runs it once with the typed item', async () => {
		const attempt = await shopgate.deliver('productCreated', { catalogCode: 'NARetail', productCode: '24-MB01', user: 'api' }, { id: 'delivery-1' });
		expect(attempt.status).toBe(204);
		expect(attempt.ms).toBeLessThan(SLOW_STEP_SECONDS * 1000);

		const [execution] = await api.settledExecutions(workflowId, 1, { timeoutMs: 30_000 });
		expect(execution.status).toBe('success');
		expect(Date.parse(execution.stoppedAt!) - Date.parse(execution.startedAt!)).toBeGreaterThanOrEqual(SLOW_STEP_SECONDS * 1000);
		expect(emittedItems(execution, workflow.downstreamName)).toEqual([
			expect.objectContaining({
				deliveryId: 'delivery-1',
				eventCode: 'productCreated',
				tenantId: shopgate.merchantCode,
				tenantType: 'merchant',
				payload: { catalogCode: 'NARetail', productCode: '24-MB01', user: 'api' },
				isTest: false,
			}),
		]);
	});

	it('runs a delivery that Shopgate retries with the same id exactly once, answering 2xx to every retry', async () => {
		const payload = { locationCode: 'L1', fulfillmentOrderNumber: 'FO-7', salesOrderNumber: 'SO-7', user: 'api' };
		const first = await shopgate.deliver('fulfillmentOrderAdded', payload, { id: 'delivery-2' });
		expect(first.status).toBe(204);
		for (let retry = 0; retry < 3; retry++) {
			expect((await shopgate.deliver('fulfillmentOrderAdded', payload, { id: 'delivery-2' })).status).toBe(204);
		}
		const retried = await shopgate.deliverWithRetries('fulfillmentOrderAdded', payload, [50, 50], { id: 'delivery-2' });
		expect(retried.map((attempt) => attempt.status)).toEqual([204]);

		const executions = await api.settledExecutions(workflowId, 2, { timeoutMs: 30_000 });
		const ids = executions.flatMap((execution) => emittedItems(execution, workflow.downstreamName)).map((item) => item.deliveryId);
		expect(ids.sort()).toEqual(['delivery-1', 'delivery-2']);
	});

	it('answers 401 and runs nothing without the merchant token', async () => {
		expect((await shopgate.deliver('productCreated', { catalogCode: 'c', productCode: 'p' }, { id: 'forged', token: 'not-it' })).status).toBe(401);
		expect((await shopgate.deliver('productCreated', { catalogCode: 'c', productCode: 'p' }, { id: 'anonymous', token: null })).status).toBe(401);
		expect(await api.settledExecutions(workflowId, 2, { timeoutMs: 30_000 })).toHaveLength(2);
	});

	it('accepts the webhook service\'s test call and emits it with isTest', async () => {
		const [webhook] = [...shopgate.webhooks.values()];
		const answer = await fetch(`${shopgate.webhookServiceUrl}/webhooks/${webhook.id}/test`, {
			method: 'POST',
			headers: { authorization: shopgate.requests.find((request) => request.authorization?.startsWith('Bearer'))!.authorization! },
		}).then((response) => response.json() as Promise<{ statusCode: number; error: string | null }>);
		expect(answer).toMatchObject({ statusCode: 204, error: null });
		const executions = await api.settledExecutions(workflowId, 3, { timeoutMs: 30_000 });
		expect(emittedItems(executions[executions.length - 1], workflow.downstreamName)[0]).toMatchObject({ isTest: true });
	});

	it("answers 204 to a sample carrying the guide's envelope (a test), to an unselected event missing an envelope field (no run), and runs a broken documented payload with its payloadIssues", async () => {
		const token = { 'shopgate-token': shopgate.webhookToken };
		expect((await api.deliver(workflow.webhookPath, SHOPGATE_PRODUCT_CREATED, token)).status).toBe(204);
		const [webhook] = [...shopgate.webhooks.values()];
		const unselected = { id: 'unselected-1', webhookId: webhook.id, eventCode: 'salesOrderAdded', payload: {} };
		expect((await api.deliver(workflow.webhookPath, unselected, token)).status).toBe(204);
		expect((await shopgate.deliver('productCreated', { catalogCode: 'NARetail' }, { id: 'broken-1' })).status).toBe(204);

		const executions = await api.settledExecutions(workflowId, 5, { timeoutMs: 30_000 });
		expect(executions).toHaveLength(5);
		expect(executions.slice(3).map((execution) => emittedItems(execution, workflow.downstreamName)[0])).toEqual([
			expect.objectContaining({ deliveryId: '34caaaf2-15b5-4aca-8f71-dfd0b287b116', isTest: true }),
			expect.objectContaining({ deliveryId: 'broken-1', isTest: false, payloadIssues: [{ path: 'payload.productCode', problem: 'is missing' }] }),
		]);
	});

	it('deletes its webhook on deactivation', async () => {
		await api.deactivate(workflowId);
		expect(shopgate.webhooks.size).toBe(0);
	});
});

/**
 * Fetch Full Order inside a real n8n: the item carries the order the order service has, or null with the reason,
 * and Shopgate is answered within its 10 seconds whatever the order service does.
 */
describe('Shopgate Trigger in n8n, with Fetch Full Order', () => {
	const SHOPGATE_WAITS_MS = 10_000;
	let api: N8nApi;
	let shopgate: ShopgateApiMock;
	let workflow: TriggerWorkflow;
	let workflowId: string;

	beforeAll(async () => {
		api = n8nUnderTest();
		shopgate = await startShopgateApi();
		shopgate.orders.set('0001', shopgateSalesOrder('0001'));
		shopgate.fulfillmentOrders.set('1500-0001', shopgateFulfillmentOrder('1500-0001', '1500'));
		const credential = await api.createCredential('Shopgate e2e (orders)', 'shopgateApi', {
			environment: 'production',
			...SHOPGATE_CREDENTIAL_FIELDS,
			authUrl: shopgate.baseUrl,
			webhookUrl: shopgate.baseUrl,
			orderUrl: shopgate.baseUrl,
		});
		workflow = triggerWorkflow({
			node: 'shopgateTrigger',
			parameters: { events: ['salesOrderAdded', 'fulfillmentOrderAdded'], fetchFullOrder: true },
			credentials: { shopgateApi: credential },
		});
		workflowId = await api.createWorkflow(workflow.definition);
		await api.activate(workflowId);
	});

	afterAll(async () => {
		await api.deactivate(workflowId);
		await shopgate.close();
	});

	/** The item of the `count`th execution, once it has settled. */
	async function itemOfExecution(count: number) {
		const executions = await api.settledExecutions(workflowId, count, { timeoutMs: 30_000 });
		expect(executions).toHaveLength(count);
		return emittedItems(executions[count - 1], workflow.downstreamName)[0];
	}

	it('runs a sales order event with the order the order service has', async () => {
		const attempt = await shopgate.deliver('salesOrderAdded', { customerId: '7b196c58', salesOrderId: 5, salesOrderNumber: '0001', imported: false }, { id: 'order-found' });
		expect(attempt.status).toBe(204);
		expect(attempt.ms).toBeLessThan(SHOPGATE_WAITS_MS);
		const item = await itemOfExecution(1);
		expect(item).toMatchObject({ deliveryId: 'order-found', order: shopgateSalesOrder('0001'), isTest: false });
		expect(item).not.toHaveProperty('payloadIssues');
	});

	it('runs a fulfillment order event whose number Shopgate does not know with "fulfillmentOrder": null and the reason', async () => {
		const payload = { locationCode: '1', fulfillmentOrderNumber: '1500-0009', salesOrderNumber: '1500', user: '6' };
		expect((await shopgate.deliver('fulfillmentOrderAdded', payload, { id: 'order-unknown' })).status).toBe(204);
		expect(await itemOfExecution(2)).toMatchObject({
			deliveryId: 'order-unknown',
			fulfillmentOrder: null,
			payloadIssues: [{ path: 'fulfillmentOrder', problem: 'Shopgate has no fulfillment order 1500-0009' }],
		});
	});

	it('answers Shopgate in time while the order service is down, and runs the event with "order": null and the reason', async () => {
		shopgate.failOrderRequests(503, { body: { code: 'ServiceUnavailable', message: 'Order service down for maintenance' }, count: 10 });
		const attempt = await shopgate.deliver('salesOrderAdded', { customerId: '7b196c58', salesOrderId: 5, salesOrderNumber: '0001', imported: false }, { id: 'order-down' });
		expect(attempt.status).toBe(204);
		expect(attempt.ms).toBeLessThan(SHOPGATE_WAITS_MS);
		expect(await itemOfExecution(3)).toMatchObject({
			deliveryId: 'order-down',
			order: null,
			payloadIssues: [{ path: 'order', problem: expect.stringContaining('Order service down for maintenance') }],
		});
	});
});

/**
 * Fetch Full Order inside a real n8n while Shopgate's token endpoint hangs: every call out has a deadline, the token
 * request n8n makes for the order included, so Shopgate gets its answer at 4 s and the event runs by 30 s.
 */
describe('Shopgate Trigger in n8n, with Fetch Full Order, while the token endpoint hangs', () => {
	const SHOPGATE_WAITS_MS = 10_000;
	let api: N8nApi;
	let shopgate: ShopgateApiMock;
	let workflow: TriggerWorkflow;
	let workflowId: string;

	beforeAll(async () => {
		api = n8nUnderTest();
		shopgate = await startShopgateApi();
		shopgate.orders.set('0001', shopgateSalesOrder('0001'));
		const credential = await api.createCredential('Shopgate e2e (token hangs)', 'shopgateApi', {
			environment: 'production',
			...SHOPGATE_CREDENTIAL_FIELDS,
			authUrl: shopgate.baseUrl,
			webhookUrl: shopgate.baseUrl,
			orderUrl: shopgate.baseUrl,
		});
		workflow = triggerWorkflow({ node: 'shopgateTrigger', parameters: { events: ['salesOrderAdded'], fetchFullOrder: true }, credentials: { shopgateApi: credential } });
		workflowId = await api.createWorkflow(workflow.definition);
		await api.activate(workflowId);
	});

	afterAll(async () => {
		await api.deactivate(workflowId);
		await shopgate.close();
	});

	it(`answers Shopgate at ${ANSWER_WITHIN_MS / 1000} s and runs the event by ${FETCH_WITHIN_MS / 1000} s with "order": null and why, while the token endpoint hangs`, async () => {
		// the token n8n keeps is refused from now on, and the token endpoint accepts the request for a new one and never answers
		shopgate.revokeTokens();
		const tokenEndpoint = shopgate.hold((path) => path === '/oauth/token');
		const requestsBefore = shopgate.requests.length;
		try {
			const sent = Date.now();
			const attempt = await shopgate.deliver('salesOrderAdded', { customerId: '7b196c58', salesOrderId: 5, salesOrderNumber: '0001', imported: false }, { id: 'token-hangs' });
			expect(attempt.status).toBe(204);
			expect(attempt.ms).toBeGreaterThanOrEqual(ANSWER_WITHIN_MS - 100);
			expect(attempt.ms).toBeLessThan(SHOPGATE_WAITS_MS);

			const executions = await api.settledExecutions(workflowId, 1, { timeoutMs: FETCH_WITHIN_MS + 15_000 });
			expect(executions).toHaveLength(1);
			// the run starts once the fetch has given up, after Shopgate's answer and by the 30 s
			const startedAfter = Date.parse(executions[0].startedAt!) - sent;
			expect(startedAfter).toBeGreaterThan(attempt.ms);
			expect(startedAfter).toBeLessThan(FETCH_WITHIN_MS + 5_000);
			expect(emittedItems(executions[0], workflow.downstreamName)[0]).toMatchObject({
				deliveryId: 'token-hangs',
				order: null,
				payloadIssues: [
					{ path: 'order', problem: expect.stringContaining(`Shopgate's auth service gave no access token within ${SHOPGATE_TOKEN_TIMEOUT_MS / 1000} s (POST ${shopgate.authUrl})`) },
				],
			});
			// a new token was asked for again within the 30 s
			expect(shopgate.requests.slice(requestsBefore).filter((request) => request.path === '/oauth/token').length).toBeGreaterThanOrEqual(2);
		} finally {
			tokenEndpoint.release();
		}
	});
});
