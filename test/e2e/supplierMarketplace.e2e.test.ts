import { emittedItems, PACKAGE_NAME, testCredential, triggerWorkflow } from '../../dev/n8n';
import type { N8nApi, TriggerWorkflow } from '../../dev/n8n';
import { SUPPLIER_SALE, SUPPLIER_WEBHOOK_SECRET } from '../../dev/fixtures/supplierMarketplace';
import { startSupplierApi } from '../../dev/mocks/supplierApi';
import type { SupplierApiMock } from '../../dev/mocks/supplierApi';
import { MAX_BODY_BYTES } from '../../nodes/shared/inbound/body';
import { n8nUnderTest } from './setup/n8nUnderTest';

/**
 * The two-way sync of the supplier marketplace inside a real n8n: the marketplace posts a sale to the
 * trigger, the workflow maps each size line into a "sold" stock update, and the Supplier Marketplace node
 * posts those to an HTTP server that speaks the supplier API.
 */
describe('Supplier Marketplace trigger and action in n8n', () => {
	let api: N8nApi;
	let supplierApi: SupplierApiMock;
	let apiCredential: { id: string; name: string };
	let workflow: TriggerWorkflow;
	let workflowId: string;
	/** A second workflow that only receives, with the default "Invalid Payloads": emit. */
	let received: TriggerWorkflow;
	let receivedId: string;

	beforeAll(async () => {
		api = n8nUnderTest();
		supplierApi = await startSupplierApi();
		const webhookCredential = await api.createCredential('Supplier webhook e2e', 'supplierMarketplaceWebhookApi', {
			headerName: 'X-Webhook-Secret',
			secret: SUPPLIER_WEBHOOK_SECRET,
			username: '',
			password: '',
		});
		apiCredential = await api.createCredential('Supplier API e2e', 'supplierMarketplaceApi', { apiUrl: supplierApi.apiUrl, apiToken: supplierApi.token });
		workflow = triggerWorkflow({
			node: 'supplierMarketplaceTrigger',
			parameters: { authentication: 'headerSecret', output: 'sizeLines', invalidPayloads: 'reject' },
			credentials: { supplierMarketplaceWebhookApi: webhookCredential },
			downstream: {
				type: `${PACKAGE_NAME}.supplierMarketplace`,
				typeVersion: 1,
				parameters: {
					operation: 'sold',
					supplierProductId: '={{ String($json.productId) }}',
					sizesSource: 'fields',
					sizes: { size: [{ value: '={{ $json.size }}', count: '={{ $json.soldCount ?? $json.count }}' }] },
				},
				credentials: { supplierMarketplaceApi: apiCredential },
			},
		});
		workflowId = await api.createWorkflow(workflow.definition);
		await api.activate(workflowId);
		received = triggerWorkflow({
			node: 'supplierMarketplaceTrigger',
			parameters: { authentication: 'headerSecret', output: 'sizeLines' },
			credentials: { supplierMarketplaceWebhookApi: webhookCredential },
		});
		receivedId = await api.createWorkflow(received.definition);
		await api.activate(receivedId);
	});

	afterAll(async () => {
		await api.deactivate(workflowId);
		await api.deactivate(receivedId);
		await supplierApi.close();
	});

	it("passes the Supplier Marketplace API credential test against the API URL, and fails it with another token", async () => {
		const data = { apiUrl: supplierApi.apiUrl, apiToken: supplierApi.token };
		expect(await testCredential(api.instance, { ...apiCredential, type: 'supplierMarketplaceApi', data })).toMatchObject({ status: 'OK' });
		const wrong = await testCredential(api.instance, { ...apiCredential, type: 'supplierMarketplaceApi', data: { ...data, apiToken: 'nope' } });
		expect(wrong.status).toBe('Error');
	});

	it('turns a sale the marketplace posts into one "sold" stock update per size line, sent with the API token', async () => {
		const response = await api.deliver(workflow.webhookPath, SUPPLIER_SALE, { 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET });
		expect(response.status).toBe(200);

		const [execution] = await api.settledExecutions(workflowId, 1, { timeoutMs: 30_000 });
		expect(execution.status).toBe('success');
		expect(emittedItems(execution, workflow.triggerName)).toHaveLength(3);
		expect(supplierApi.received.map((received) => received.authorization)).toEqual(Array(3).fill(`Bearer ${supplierApi.token}`));
		const expected = [
			{ supplierProductId: '1001', action: 'sold', sizes: [{ value: 'XL', count: 1 }] },
			{ supplierProductId: '1001', action: 'sold', sizes: [{ value: 'M', count: 7 }] },
			{ supplierProductId: '1002', action: 'sold', sizes: [{ value: '42', count: 3 }] },
		];
		// sent concurrently, so they may arrive in any order; the node's output keeps the input order
		const byLine = (update: { supplierProductId: string; sizes: Array<{ value: string }> }) => `${update.supplierProductId}/${update.sizes[0].value}`;
		expect(supplierApi.received.map((received) => received.body).sort((a, b) => byLine(a).localeCompare(byLine(b)))).toEqual(
			[...expected].sort((a, b) => byLine(a).localeCompare(byLine(b))),
		);
		const outputs = emittedItems(execution, workflow.downstreamName);
		expect(outputs.map((item) => item.request)).toEqual(expected);
		expect(outputs.map((item) => (item.response as { ok: boolean }).ok)).toEqual([true, true, true]);
	});

	it('answers 401 to a delivery without the secret and, with Invalid Payloads set to reject, 400 to a broken one, sending nothing', async () => {
		expect((await api.deliver(workflow.webhookPath, SUPPLIER_SALE, {})).status).toBe(401);
		const broken = await api.deliver(workflow.webhookPath, '{"products":[{"id":1,"sizes":[{"count":1}]}]}', {
			'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET,
		});
		expect(broken.status).toBe(400);
		expect(JSON.parse(broken.body)).toEqual({ error: 'products.0.sizes.0.value: is missing' });
		expect(await api.settledExecutions(workflowId, 1)).toHaveLength(1);
		expect(supplierApi.received).toHaveLength(3);
	});

	it('reads a return (soldCount: -1), a numeric size and a product id as text, and runs a broken delivery with its payloadIssues', async () => {
		const secret = { 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET };
		const returned = await api.deliver(received.webhookPath, '{"products":[{"id":"1","sizes":[{"value":42,"count":3,"soldCount":-1}]}]}', secret);
		expect(returned.status).toBe(200);
		const broken = await api.deliver(received.webhookPath, '{"products":[{"id":2,"sizes":[{"count":1}]}]}', secret);
		expect(broken.status).toBe(200);
		const executions = await api.settledExecutions(receivedId, 2);
		expect(executions.map((execution) => emittedItems(execution, received.downstreamName))).toEqual([
			[expect.objectContaining({ productId: 1, size: '42', count: 3, soldCount: -1 })],
			[expect.objectContaining({ productId: 2, size: null, count: 1, payloadIssues: [{ path: 'products.0.sizes.0.value', problem: 'is missing' }] })],
		]);
		expect(emittedItems(executions[0], received.downstreamName)[0]).not.toHaveProperty('payloadIssues');
	});

	it('accepts a sale of 13,000 size lines (just under 1 MiB) and runs it once with one item per line', async () => {
		const products = Array.from({ length: 13_000 }, (_, index) => ({ id: 2_000_000 + index, sizes: [{ value: 'XL', count: 2, soldCount: 1, sizeId: 5 }] }));
		const body = JSON.stringify({ products });
		expect(body.length).toBeGreaterThan(950 * 1024);
		expect(body.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
		const response = await api.deliver(received.webhookPath, body, { 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET });
		expect(response.status).toBe(200);
		const executions = await api.settledExecutions(receivedId, 3, { timeoutMs: 60_000 });
		const lines = emittedItems(executions[2], received.downstreamName);
		expect(lines).toHaveLength(13_000);
		expect(lines[12_999]).toMatchObject({ productId: 2_012_999, size: 'XL', count: 2, soldCount: 1 });
	});
});
