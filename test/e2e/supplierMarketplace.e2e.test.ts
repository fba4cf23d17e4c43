import { emittedItems, PACKAGE_NAME, testCredential, triggerWorkflow } from '../../dev/n8n';
import type { N8nApi, TriggerWorkflow } from '../../dev/n8n';
import { SUPPLIER_SALE, SUPPLIER_WEBHOOK_SECRET } from '../../dev/fixtures/supplierMarketplace';
import { startSupplierApi } from '../../dev/mocks/supplierApi';
import type { SupplierApiMock } from '../../dev/mocks/supplierApi';
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
			parameters: { authentication: 'headerSecret', output: 'sizeLines' },
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
	});

	afterAll(async () => {
		await api.deactivate(workflowId);
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

	it('answers 401 to a delivery without the secret and 400 to a broken one, sending nothing', async () => {
		expect((await api.deliver(workflow.webhookPath, SUPPLIER_SALE, {})).status).toBe(401);
		const broken = await api.deliver(workflow.webhookPath, '{"products":[{"id":1,"sizes":[{"count":1}]}]}', {
			'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET,
		});
		expect(broken.status).toBe(400);
		expect(JSON.parse(broken.body)).toEqual({ error: 'products.0.sizes.0.value: Required' });
		expect(await api.settledExecutions(workflowId, 1)).toHaveLength(1);
		expect(supplierApi.received).toHaveLength(3);
	});
});
