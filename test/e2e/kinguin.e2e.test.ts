import { emittedItems, testCredential } from '../../dev/n8n';
import type { N8nApi, TriggerWorkflow } from '../../dev/n8n';
import { triggerWorkflow } from '../../dev/n8n';
import {
	KINGUIN_ORDER_STATUS,
	KINGUIN_PRODUCT_UPDATE,
	KINGUIN_SECRET,
	kinguinHeaders,
	orderStatus,
	productUpdate,
} from '../../dev/fixtures/kinguin';
import { kinguinKey, kinguinOrder, kinguinProduct, startKinguinApi } from '../../dev/mocks/kinguinApi';
import type { KinguinApiMock } from '../../dev/mocks/kinguinApi';
import { RELATED_RECORD_RETRY } from '../../nodes/shared/related/relatedRecordRetry';
import { n8nLog, n8nUnderTest } from './setup/n8nUnderTest';

/**
 * The Kinguin Trigger inside a real n8n: installed from the packed tarball, activated through n8n's API,
 * driven over HTTP exactly as Kinguin would, and judged by the executions n8n records.
 */
describe('Kinguin Trigger in n8n', () => {
	let api: N8nApi;
	let workflow: TriggerWorkflow;
	let workflowId: string;
	/** Executions this workflow should have recorded so far. */
	let expected = 0;

	beforeAll(async () => {
		api = n8nUnderTest();
		const credential = await api.createCredential('Kinguin e2e', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
		workflow = triggerWorkflow({
			node: 'kinguinTrigger',
			parameters: { events: ['product.update', 'order.status'] },
			credentials: { kinguinWebhookApi: credential },
		});
		workflowId = await api.createWorkflow(workflow.definition);
		await api.activate(workflowId);
	});

	afterAll(async () => {
		await api.deactivate(workflowId);
	});

	const deliver = (body: string, headers: Record<string, string>) => api.deliver(workflow.webhookPath, body, headers);

	async function expectExecutions(count: number) {
		const executions = await api.settledExecutions(workflowId, count);
		expect(executions).toHaveLength(count);
		return executions;
	}

	const LIVE = '2025-01-10T00:00:00.000+00:00';
	const lastItems = async (count: number) => {
		const executions = await expectExecutions(count);
		return emittedItems(executions[executions.length - 1], workflow.downstreamName);
	};

	it('runs the workflow once with the typed item for a product.update, answering 204 with no body', async () => {
		const response = await deliver(productUpdate(1949, LIVE, 845), kinguinHeaders('product.update'));
		expect(response.status).toBe(204);
		expect(response.body).toBe('');
		expected += 1;
		const executions = await expectExecutions(expected);
		expect(executions[executions.length - 1].status).toBe('success');
		expect(await lastItems(expected)).toEqual([
			{
				event: 'product.update',
				kinguinId: 1949,
				productId: 'product-1949',
				qty: 845,
				textQty: 845,
				cheapestOfferId: ['offer-1949'],
				updatedAt: LIVE,
				isTest: false,
				receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			},
		]);
	});

	it('runs the workflow once for an order.status, and for updates with ids beyond 2^53 (exact), ids as text and qty: null', async () => {
		expect((await deliver(orderStatus('ORDER-1', 'canceled', LIVE), kinguinHeaders('order.status'))).status).toBe(204);
		expected += 1;
		expect(await lastItems(expected)).toEqual([expect.objectContaining({ event: 'order.status', orderId: 'ORDER-1', status: 'canceled', isTest: false })]);

		const nulls = JSON.stringify({ ...JSON.parse(productUpdate(1950, LIVE)), kinguinId: '1950', qty: null });
		const bigId = productUpdate(1951, LIVE).replace('"kinguinId":1951', '"kinguinId":12345678901234567890');
		expect((await deliver(bigId, kinguinHeaders('product.update'))).status).toBe(204);
		expected += 1;
		expect(await lastItems(expected)).toEqual([expect.objectContaining({ kinguinId: '12345678901234567890', isTest: false })]);

		expect((await deliver(nulls, kinguinHeaders('product.update'))).status).toBe(204);
		expected += 1;
		const [item] = await lastItems(expected);
		expect(item).toMatchObject({ kinguinId: 1950, qty: null, isTest: false });
		expect(item).not.toHaveProperty('payloadIssues');
	});

	it("shows the dashboard's TEST URL (Kinguin's published example) as a test every time, and answers it before a secret is set", async () => {
		for (const rawBody of [KINGUIN_PRODUCT_UPDATE, KINGUIN_PRODUCT_UPDATE, KINGUIN_ORDER_STATUS]) {
			const event = rawBody === KINGUIN_ORDER_STATUS ? 'order.status' : 'product.update';
			expect((await deliver(rawBody, kinguinHeaders(event))).status).toBe(204);
			expected += 1;
			expect(await lastItems(expected)).toEqual([expect.objectContaining({ event, isTest: true })]);
		}
		const { 'x-event-secret': _secret, 'x-event-name': _event, ...noSecret } = kinguinHeaders('product.update');
		const before = await deliver('', noSecret);
		expect(before.status).toBe(204);
		expect(before.body).toBe('');
		await expectExecutions(expected);
	});

	it('answers 401 and runs nothing for a wrong or missing secret', async () => {
		expect((await deliver(productUpdate(2, '2025-01-01T00:00:00.000+00:00'), kinguinHeaders('product.update', 'wrong'))).status).toBe(401);
		const headers = kinguinHeaders('product.update');
		delete headers['x-event-secret'];
		expect((await deliver(productUpdate(3, '2025-01-01T00:00:00.000+00:00'), headers)).status).toBe(401);
		await expectExecutions(expected);
	});

	it('answers 204 to a body that is not JSON or breaks the schema, and runs it with its payloadIssues', async () => {
		const notJson = await deliver('{"kinguinId": 1949,', kinguinHeaders('product.update'));
		expect(notJson.status).toBe(204);
		expected += 1;
		expect(await lastItems(expected)).toEqual([
			expect.objectContaining({ body: '{"kinguinId": 1949,', payloadIssues: [{ path: '(body)', problem: expect.stringMatching(/^is not valid JSON/) }] }),
		]);

		const wrongType = await deliver(JSON.stringify({ ...JSON.parse(productUpdate(4, LIVE)), qty: 'many' }), kinguinHeaders('product.update'));
		expect(wrongType.status).toBe(204);
		expected += 1;
		expect(await lastItems(expected)).toEqual([
			expect.objectContaining({ kinguinId: 4, qty: 'many', payloadIssues: [{ path: 'qty', problem: 'should be a whole number, not text "many"' }] }),
		]);
	});

	it('leaves malformed JSON labelled application/json to n8n, which refuses it (422) before the trigger runs', async () => {
		const response = await deliver('{"kinguinId": 1949,', { ...kinguinHeaders('product.update'), 'content-type': 'application/json' });
		expect(response.status).toBe(422);
		await expectExecutions(expected);
	});

	it('acknowledges an event that is not selected and runs nothing', async () => {
		const response = await deliver('{"orderId":"X","orderExternalId":"Y","updatedAt":"2025-01-01T00:00:00.000+00:00"}', kinguinHeaders('order.complete'));
		expect(response.status).toBe(204);
		await expectExecutions(expected);
	});

	it('acknowledges a stale or repeated update and runs nothing', async () => {
		const stale = await deliver(productUpdate(1949, '2025-01-09T23:59:59.999+00:00'), kinguinHeaders('product.update'));
		expect(stale.status).toBe(204);
		const repeated = await deliver(productUpdate(1949, LIVE, 845), kinguinHeaders('product.update'));
		expect(repeated.status).toBe(204);
		await expectExecutions(expected);
	});

	it('runs each of 20 concurrent deliveries once and none of their 20 repeats', async () => {
		const burst = await Promise.all(
			Array.from({ length: 20 }, (_, index) =>
				deliver(productUpdate(5000 + index, '2025-02-01T00:00:00.000+00:00'), kinguinHeaders('product.update')),
			),
		);
		expect(burst.map((response) => response.status)).toEqual(Array(20).fill(204));
		expected += 20;
		await expectExecutions(expected);

		for (let index = 0; index < 20; index++) {
			const repeat = await deliver(productUpdate(5000 + index, '2025-02-01T00:00:00.000+00:00'), kinguinHeaders('product.update'));
			expect(repeat.status).toBe(204);
		}
		const executions = await expectExecutions(expected);
		const products = executions
			.flatMap((execution) => emittedItems(execution, workflow.downstreamName))
			.filter((item) => item.event === 'product.update' && item.isTest === false && !item.payloadIssues)
			.map((item) => item.kinguinId);
		expect(new Set(products).size).toBe(products.length);
	});

	it('logged no crash of the trigger', () => {
		expect(n8nLog()).not.toMatch(/There was a problem executing the workflow|kinguinTrigger.*Error/);
	});
});

/**
 * Fetch Full Order, Fetch Order Keys and Fetch Product inside a real n8n, against the mock of Kinguin's
 * eCommerce API: the records arrive in the execution, Kinguin is answered 204 within 4 s whatever the API does,
 * and a record that cannot be had is null with the reason.
 */
describe('Kinguin Trigger in n8n: the records a delivery points at', () => {
	let api: N8nApi;
	let kinguin: KinguinApiMock;
	let workflow: TriggerWorkflow;
	let workflowId: string;
	let apiCredential: { id: string; name: string };
	let credentialData: Record<string, unknown>;
	let expected = 0;
	const LIVE = '2025-03-01T00:00:00.000+00:00';

	beforeAll(async () => {
		api = n8nUnderTest();
		kinguin = await startKinguinApi();
		kinguin.orders.set('E2E-1', kinguinOrder('E2E-1', 'completed'));
		kinguin.keys.set('E2E-1', [kinguinKey('e2e-key')]);
		kinguin.orders.set('E2E-2', kinguinOrder('E2E-2', 'processing'));
		kinguin.products.set(4242, kinguinProduct(4242, 0));
		const webhookCredential = await api.createCredential('Kinguin webhook (records)', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
		credentialData = { apiKey: kinguin.apiKey, environment: 'custom', baseUrl: kinguin.baseUrl };
		apiCredential = await api.createCredential('Kinguin API e2e', 'kinguinApi', credentialData);
		workflow = triggerWorkflow({
			node: 'kinguinTrigger',
			parameters: { events: ['product.update', 'order.status'], fetchFullOrder: true, fetchOrderKeys: true, fetchProduct: true },
			credentials: { kinguinWebhookApi: webhookCredential, kinguinApi: apiCredential },
		});
		workflowId = await api.createWorkflow(workflow.definition);
		await api.activate(workflowId);
	});

	afterAll(async () => {
		await api.deactivate(workflowId);
		await kinguin.close();
	});

	const deliver = (body: string, headers: Record<string, string>) => api.deliver(workflow.webhookPath, body, headers);
	const lastItems = async () => {
		const executions = await api.settledExecutions(workflowId, expected, { timeoutMs: 45_000 });
		expect(executions).toHaveLength(expected);
		return emittedItems(executions[executions.length - 1], workflow.downstreamName);
	};

	it('passes the credential test (GET /v1/balance with X-Api-Key), and fails it with another key', async () => {
		expect(await testCredential(api.instance, { ...apiCredential, type: 'kinguinApi', data: credentialData })).toMatchObject({ status: 'OK' });
		const wrong = await testCredential(api.instance, { ...apiCredential, type: 'kinguinApi', data: { ...credentialData, apiKey: 'wrong' } });
		expect(wrong.status).toBe('Error');
		const keys = kinguin.requests.filter((request) => request.path === '/esa/api/v1/balance').map((request) => request.apiKey);
		// n8n sends a request refused with 401 once more (for credentials whose token expired)
		expect([keys[0], [...new Set(keys.slice(1))]]).toEqual([kinguin.apiKey, ['wrong']]);
	});

	it('found: runs the workflow with the order and keys of a completed order, and with the product of a product update', async () => {
		expect((await deliver(orderStatus('E2E-1', 'completed', LIVE), kinguinHeaders('order.status'))).status).toBe(204);
		expected += 1;
		expect(await lastItems()).toEqual([
			expect.objectContaining({ orderId: 'E2E-1', status: 'completed', order: kinguinOrder('E2E-1', 'completed'), keys: [kinguinKey('e2e-key')], isTest: false }),
		]);
		expect((await deliver(productUpdate(4242, LIVE, 0), kinguinHeaders('product.update'))).status).toBe(204);
		expected += 1;
		const [item] = await lastItems();
		expect(item).toMatchObject({ kinguinId: 4242, qty: 0, product: kinguinProduct(4242, 0) });
		expect(item).not.toHaveProperty('payloadIssues');
	});

	it('unknown: runs the workflow with order null and the reason when Kinguin does not know the order', async () => {
		expect((await deliver(orderStatus('E2E-404', 'processing', LIVE), kinguinHeaders('order.status'))).status).toBe(204);
		expected += 1;
		expect(await lastItems()).toEqual([
			expect.objectContaining({ orderId: 'E2E-404', order: null, payloadIssues: [{ path: 'order', problem: 'Kinguin has no order E2E-404' }] }),
		]);
	});

	it('platform down: answers Kinguin 204 within 5 s and runs the workflow with product null and the reason once the retries end', async () => {
		kinguin.failNext(503, { count: RELATED_RECORD_RETRY.maxRetries + 1, detail: 'Kinguin is down for maintenance' });
		const started = Date.now();
		const response = await deliver(productUpdate(4242, '2025-03-02T00:00:00.000+00:00'), kinguinHeaders('product.update'));
		expect(response.status).toBe(204);
		expect(Date.now() - started).toBeLessThan(5_000);
		expected += 1;
		const [item] = await lastItems();
		expect(item).toMatchObject({ kinguinId: 4242, product: null, payloadIssues: [{ path: 'product', problem: expect.stringContaining('Kinguin is down for maintenance') }] });
	});

	it('answers Kinguin while the order is held, and the execution still gets the order once it arrives', async () => {
		const held = kinguin.hold('/v1/order/E2E-2');
		const started = Date.now();
		const response = await deliver(orderStatus('E2E-2', 'processing', LIVE), kinguinHeaders('order.status'));
		expect(response.status).toBe(204);
		expect(Date.now() - started).toBeLessThan(5_000);
		await held.reached;
		held.release();
		expected += 1;
		expect(await lastItems()).toEqual([expect.objectContaining({ orderId: 'E2E-2', order: kinguinOrder('E2E-2', 'processing') })]);
	});
});
