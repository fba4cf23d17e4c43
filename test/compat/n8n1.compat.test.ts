import { randomUUID } from 'crypto';
import { readFileSync, rmSync } from 'fs';

import { emittedItems, ensureRuntime, logIn, N8N_1X_VERSION, N8nApi, PACKAGE_NAME, packProject, startN8n, testCredential, triggerWorkflow } from '../../dev/n8n';
import type { N8nInstance } from '../../dev/n8n';
import { KINGUIN_PRODUCT_UPDATE, KINGUIN_SECRET, kinguinHeaders } from '../../dev/fixtures/kinguin';
import { SHOPGATE_CREDENTIAL_FIELDS } from '../../dev/fixtures/shopgate';
import { shopkitHeaders, shopkitOrder } from '../../dev/fixtures/shopkit';
import { SUPPLIER_SALE, SUPPLIER_WEBHOOK_SECRET } from '../../dev/fixtures/supplierMarketplace';
import { TIKI_REJECTED_PAYLOAD, tikiCredentialFields } from '../../dev/fixtures/tiki';
import { startShopgateApi } from '../../dev/mocks/shopgateApi';
import { startKinguinApi } from '../../dev/mocks/kinguinApi';
import { startShopkitApi } from '../../dev/mocks/shopkitApi';
import { mockOrder } from '../../dev/mocks/shopkitOrders';
import { startSupplierApi } from '../../dev/mocks/supplierApi';
import { startTikiApi } from '../../dev/mocks/tikiApi';
import { startTikiEventQueueApi } from '../../dev/mocks/tikiEventQueueApi';
import { describeSupplierActionFaultPlans } from '../faultPlans/supplierActionFaultPlans';

/**
 * The e2e suite's core path on n8n 1.x (the newest 1.x release, on Node 24 as for 2.x), with the same
 * packed tarball installed as a user installs it: each credential's test, each trigger's activation and
 * registration against its platform's mock, one valid and one forged delivery, deactivation, the action
 * node and its fault plans (the same as test/e2e runs on 2.x), and one poll of the Tiki Event Trigger. The full
 * behaviour is the e2e suite's, on 2.x.
 */
describe(`this package on n8n ${N8N_1X_VERSION}`, () => {
	let n8n: N8nInstance | undefined;
	let api: N8nApi;

	beforeAll(async () => {
		const runtime = await ensureRuntime(N8N_1X_VERSION);
		const tarball = process.env.N8N_E2E_TARBALL ?? (await packProject());
		n8n = await startN8n(runtime, { packages: [tarball] });
		api = await N8nApi.connect(n8n);
	}, 20 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		if (n8n && !process.env.KEEP_N8N_USER_FOLDER) rmSync(n8n.userFolder, { recursive: true, force: true });
	}, 60_000);

	/**
	 * A credential saved as the editor saves it. n8n 1.x's public API checks credential data against a JSON
	 * schema that requires every field behind a display condition (Allowed Domains, OAuth2's Server URL)
	 * even when the condition does not hold, and refuses what the editor accepts.
	 */
	async function createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
		const response = await fetch(`${n8n!.baseUrl}/rest/credentials`, {
			method: 'POST',
			headers: { cookie: await logIn(n8n!), 'content-type': 'application/json' },
			body: JSON.stringify({ name, type, data }),
		});
		if (!response.ok) throw new Error(`saving the ${type} credential answered ${response.status}: ${await response.text()}`);
		const { data: saved } = (await response.json()) as { data: { id: string; name: string } };
		return { id: saved.id, name: saved.name };
	}

	/** A workflow of `node`, created and activated; its executions, once `count` have settled. */
	async function activeWorkflow(options: Parameters<typeof triggerWorkflow>[0]) {
		const workflow = triggerWorkflow(options);
		const id = await api.createWorkflow(workflow.definition);
		await api.activate(id);
		const itemsOf = async (count: number) => {
			const executions = await api.settledExecutions(id, count, { timeoutMs: 30_000 });
			expect(executions.map((execution) => execution.status)).toEqual(Array(count).fill('success'));
			return executions.flatMap((execution) => emittedItems(execution, workflow.downstreamName));
		};
		return { workflow, id, itemsOf };
	}

	it('loads every node of the package, with nothing missing from what n8n 1.x provides', async () => {
		const nodes = ['kinguinTrigger', 'shopgateTrigger', 'shopkit', 'shopkitTrigger', 'supplierMarketplace', 'supplierMarketplaceTrigger', 'tikiEventTrigger', 'tikiTrigger'];
		// 1.x writes /types/nodes.json only for its editor, which the tests turn off: ask for each node's description
		const response = await fetch(`${n8n!.baseUrl}/rest/node-types`, {
			method: 'POST',
			headers: { cookie: await logIn(n8n!), 'content-type': 'application/json' },
			body: JSON.stringify({ nodeInfos: nodes.map((node) => ({ name: `${PACKAGE_NAME}.${node}`, version: 1 })) }),
		});
		expect(response.status).toBe(200);
		const { data } = (await response.json()) as { data: Array<{ name: string }> };
		expect(data.map((description) => description.name)).toEqual(nodes);
		expect(readFileSync(n8n!.logFile, 'utf8')).not.toMatch(/Cannot find module|Error loading package/);
	});

	it('Kinguin Trigger: credential test, one valid and one forged delivery, deactivation', async () => {
		const data = { secret: KINGUIN_SECRET };
		const credential = await createCredential('Kinguin 1.x', 'kinguinWebhookApi', data);
		expect(await testCredential(n8n!, { ...credential, type: 'kinguinWebhookApi', data })).toMatchObject({ status: 'OK' });
		expect(await testCredential(n8n!, { ...credential, type: 'kinguinWebhookApi', data: { secret: 'short' } })).toMatchObject({ status: 'Error' });

		const { workflow, id, itemsOf } = await activeWorkflow({ node: 'kinguinTrigger', parameters: { events: ['product.update'] }, credentials: { kinguinWebhookApi: credential } });
		expect((await api.deliver(workflow.webhookPath, KINGUIN_PRODUCT_UPDATE, kinguinHeaders('product.update'))).status).toBe(204);
		expect((await api.deliver(workflow.webhookPath, KINGUIN_PRODUCT_UPDATE, kinguinHeaders('product.update', 'forged-secret-0123456789'))).status).toBe(401);
		expect(await itemsOf(1)).toEqual([expect.objectContaining({ event: 'product.update', kinguinId: 1949, qty: 845 })]);

		await api.deactivate(id);
		expect((await api.deliver(workflow.webhookPath, KINGUIN_PRODUCT_UPDATE, kinguinHeaders('product.update'))).status).toBe(404);
	});

	it('Kinguin API credential test, and Fetch Product adding the product to a delivery', async () => {
		const kinguin = await startKinguinApi();
		try {
			const data = { apiKey: kinguin.apiKey, environment: 'custom', baseUrl: kinguin.baseUrl };
			const apiCredential = await createCredential('Kinguin API 1.x', 'kinguinApi', data);
			expect(await testCredential(n8n!, { ...apiCredential, type: 'kinguinApi', data })).toMatchObject({ status: 'OK' });
			expect(await testCredential(n8n!, { ...apiCredential, type: 'kinguinApi', data: { ...data, apiKey: 'wrong' } })).toMatchObject({ status: 'Error' });

			const webhookCredential = await createCredential('Kinguin webhook 1.x (records)', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
			const { workflow, id, itemsOf } = await activeWorkflow({
				node: 'kinguinTrigger',
				parameters: { events: ['product.update'], fetchProduct: true },
				credentials: { kinguinWebhookApi: webhookCredential, kinguinApi: apiCredential },
			});
			const live = JSON.stringify({ ...JSON.parse(KINGUIN_PRODUCT_UPDATE), updatedAt: '2025-01-10T00:00:00.000+00:00' });
			expect((await api.deliver(workflow.webhookPath, live, kinguinHeaders('product.update'))).status).toBe(204);
			expect(await itemsOf(1)).toEqual([expect.objectContaining({ kinguinId: 1949, product: expect.objectContaining({ kinguinId: 1949, name: 'Counter-Strike: Source Steam CD Key' }) })]);
			await api.deactivate(id);
		} finally {
			await kinguin.close();
		}
	});

	it('Shopkit Trigger: credential test, registration, one valid and one forged delivery, deregistration', async () => {
		const shopkit = await startShopkitApi();
		try {
			const data = { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl };
			const credential = await createCredential('Shopkit 1.x', 'shopkitApi', data);
			expect(await testCredential(n8n!, { ...credential, type: 'shopkitApi', data })).toMatchObject({ status: 'OK' });
			expect(await testCredential(n8n!, { ...credential, type: 'shopkitApi', data: { ...data, apiKey: 'wrong' } })).toMatchObject({ status: 'Error' });

			const { workflow, id, itemsOf } = await activeWorkflow({ node: 'shopkitTrigger', parameters: { events: ['order_created'] }, credentials: { shopkitApi: credential } });
			const [webhook] = [...shopkit.webhooks.values()];
			expect(webhook).toMatchObject({ event: 'order_created', url: expect.stringMatching(new RegExp(`^${n8n!.baseUrl}/webhook/${workflow.webhookPath}\\?n8n-instance=[0-9a-f]{16}&secret=`)) });
			expect((await api.deliver(webhook.url, shopkitOrder(801), shopkitHeaders('order_created'))).status).toBe(204);
			expect((await api.deliver(webhook.url.replace(/&secret=.*$/, ''), shopkitOrder(802), shopkitHeaders('order_created'))).status).toBe(401);
			expect(await itemsOf(1)).toEqual([expect.objectContaining({ event: 'order_created', orderId: 801, isTest: false })]);

			await api.deactivate(id);
			expect(shopkit.webhooks.size).toBe(0);
		} finally {
			await shopkit.close();
		}
	});

	it('Tiki Trigger: credential test, registration with its Basic pair, one valid and one forged delivery, deregistration', async () => {
		const tiki = await startTikiApi();
		try {
			const data = tikiCredentialFields(tiki.baseUrl);
			// 1.x fetches an OAuth2 token with the saved credential, not the values under test: the editor saves before it tests
			const wrong = await createCredential('Tiki 1.x wrong secret', 'tikiOAuth2Api', { ...data, clientSecret: 'wrong' });
			expect(await testCredential(n8n!, { ...wrong, type: 'tikiOAuth2Api', data: { ...data, clientSecret: 'wrong' } })).toMatchObject({ status: 'Error' });
			const credential = await createCredential('Tiki 1.x', 'tikiOAuth2Api', data);
			expect(await testCredential(n8n!, { ...credential, type: 'tikiOAuth2Api', data })).toMatchObject({ status: 'OK' });

			const { workflow, id, itemsOf } = await activeWorkflow({ node: 'tikiTrigger', parameters: { events: ['product:request:rejected'] }, credentials: { tikiOAuth2Api: credential } });
			expect([...tiki.webhooks.values()]).toEqual([{ uri: expect.stringMatching(new RegExp(`^${n8n!.baseUrl}/webhook/${workflow.webhookPath}\\?n8n-instance=[0-9a-f]{16}$`)), event: 'product:request:rejected' }]);
			expect((await tiki.deliver('product:request:rejected', TIKI_REJECTED_PAYLOAD, { id: 'compat-1' })).status).toBe(204);
			const forged = `Basic ${Buffer.from('someone:else').toString('base64')}`;
			expect((await tiki.deliver('product:request:rejected', TIKI_REJECTED_PAYLOAD, { id: 'compat-2', authorization: forged })).status).toBe(401);
			expect(await itemsOf(1)).toEqual([expect.objectContaining({ deliveryId: 'compat-1', event: 'product:request:rejected', request_id: '1154523837593192401' })]);

			await api.deactivate(id);
			expect(tiki.webhooks.size).toBe(0);
		} finally {
			await tiki.close();
		}
	});

	it('Shopgate Trigger: credential test, webhook creation, one valid and one forged delivery, deletion', async () => {
		const shopgate = await startShopgateApi();
		try {
			const data = { environment: 'production', ...SHOPGATE_CREDENTIAL_FIELDS, authUrl: shopgate.baseUrl, webhookUrl: shopgate.baseUrl };
			const credential = await createCredential('Shopgate 1.x', 'shopgateApi', data);
			expect(await testCredential(n8n!, { ...credential, type: 'shopgateApi', data })).toMatchObject({ status: 'OK' });
			expect(await testCredential(n8n!, { ...credential, type: 'shopgateApi', data: { ...data, password: 'wrong' } })).toMatchObject({ status: 'Error' });

			const { workflow, id, itemsOf } = await activeWorkflow({ node: 'shopgateTrigger', parameters: { events: ['productCreated'] }, credentials: { shopgateApi: credential } });
			expect([...shopgate.webhooks.values()]).toEqual([expect.objectContaining({ endpoint: `${n8n!.baseUrl}/webhook/${workflow.webhookPath}`, active: true })]);
			const product = { catalogCode: 'NARetail', productCode: '24-MB01', user: 'api' };
			expect((await shopgate.deliver('productCreated', product, { id: 'compat-1' })).status).toBe(204);
			expect((await shopgate.deliver('productCreated', product, { id: 'compat-2', token: 'not-it' })).status).toBe(401);
			expect(await itemsOf(1)).toEqual([expect.objectContaining({ deliveryId: 'compat-1', eventCode: 'productCreated', payload: product })]);

			await api.deactivate(id);
			expect(shopgate.webhooks.size).toBe(0);
		} finally {
			await shopgate.close();
		}
	});

	it('Supplier Marketplace Trigger and action: credential tests, a valid and a forged sale, the stock updates sent', async () => {
		const supplier = await startSupplierApi();
		try {
			const webhookData = { headerName: 'X-Webhook-Secret', secret: SUPPLIER_WEBHOOK_SECRET, username: '', password: '' };
			const webhookCredential = await createCredential('Supplier webhook 1.x', 'supplierMarketplaceWebhookApi', webhookData);
			expect(await testCredential(n8n!, { ...webhookCredential, type: 'supplierMarketplaceWebhookApi', data: webhookData })).toMatchObject({ status: 'OK' });
			const apiData = { apiUrl: supplier.apiUrl, apiToken: supplier.token };
			const apiCredential = await createCredential('Supplier API 1.x', 'supplierMarketplaceApi', apiData);
			expect(await testCredential(n8n!, { ...apiCredential, type: 'supplierMarketplaceApi', data: apiData })).toMatchObject({ status: 'OK' });
			expect(await testCredential(n8n!, { ...apiCredential, type: 'supplierMarketplaceApi', data: { ...apiData, apiToken: 'nope' } })).toMatchObject({ status: 'Error' });

			const { workflow, id } = await activeWorkflow({
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
			expect((await api.deliver(workflow.webhookPath, SUPPLIER_SALE, { 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET })).status).toBe(200);
			expect((await api.deliver(workflow.webhookPath, SUPPLIER_SALE, { 'x-webhook-secret': 'forged' })).status).toBe(401);
			const [execution] = await api.settledExecutions(id, 1, { timeoutMs: 30_000 });
			expect(execution.status).toBe('success');
			expect(emittedItems(execution, workflow.downstreamName).map((item) => (item.response as { ok: boolean }).ok)).toEqual([true, true, true]);
			expect(supplier.received.map((received) => received.authorization)).toEqual(Array(3).fill(`Bearer ${supplier.token}`));
			expect(supplier.received.map((received) => received.body.sizes[0].value).sort()).toEqual(['42', 'M', 'XL']);
			await api.deactivate(id);
		} finally {
			await supplier.close();
		}
	});

	it('Tiki Event Trigger: the poll at activation creates its queue, the next one emits the new order', async () => {
		const tiki = await startTikiEventQueueApi({ batchSize: 2 });
		try {
			const credential = await createCredential('Tiki events 1.x', 'tikiOAuth2Api', tikiCredentialFields(tiki.baseUrl));
			const workflow = triggerWorkflow({
				node: 'tikiEventTrigger',
				parameters: { events: ['ORDER_CREATED_SUCCESSFULLY'], pollTimes: { item: [{ mode: 'everyMinute' }] }, options: { fetchFullOrder: true } },
				credentials: { tikiOAuth2Api: credential },
			});
			const id = await api.createWorkflow(workflow.definition);
			// n8n polls once as it activates a polling workflow
			await api.activate(id);
			await api.deactivate(id);
			expect(tiki.queues.size).toBe(1);

			const order = tiki.createOrder('compat-order-1');
			await api.activate(id);
			await api.deactivate(id);
			const executions = await api.settledExecutions(id, 1, { timeoutMs: 30_000 });
			expect(executions.flatMap((execution) => emittedItems(execution, workflow.downstreamName))).toEqual([
				expect.objectContaining({ type: 'ORDER_CREATED_SUCCESSFULLY', order_code: 'compat-order-1', order }),
			]);
		} finally {
			await tiki.close();
		}
	});

	it('Shopkit node: invoices issued by the success output, an order Shopkit does not have by the error output with its words', async () => {
		const shopkit = await startShopkitApi();
		try {
			for (const id of [1, 2]) shopkit.store.orders.set(id, mockOrder(id));
			const credential = await createCredential('Shopkit node 1.x', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl });
			const path = `shopkit-node-${randomUUID()}`;
			const noOp = (name: string, y: number) => ({ id: randomUUID(), name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [600, y] as [number, number], parameters: {} });
			const id = await api.createWorkflow({
				name: `shopkit node ${path.slice(-8)}`,
				settings: { executionOrder: 'v1' },
				nodes: [
					{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'noData', options: {} } },
					{ id: randomUUID(), name: 'Orders', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: 'return [1, 404, 2].map((order) => ({ json: { order } }));' } },
					{
						id: randomUUID(),
						name: 'Invoice',
						type: `${PACKAGE_NAME}.shopkit`,
						typeVersion: 1,
						position: [400, 0],
						parameters: { resource: 'order', operation: 'issueInvoice', orderId: '={{ $json.order }}' },
						credentials: { shopkitApi: credential },
						onError: 'continueErrorOutput',
					},
					noOp('Issued', 0),
					noOp('Failed', 200),
				],
				connections: {
					Start: { main: [[{ node: 'Orders', type: 'main', index: 0 }]] },
					Orders: { main: [[{ node: 'Invoice', type: 'main', index: 0 }]] },
					Invoice: { main: [[{ node: 'Issued', type: 'main', index: 0 }], [{ node: 'Failed', type: 'main', index: 0 }]] },
				},
			});
			await api.activate(id);
			await api.deliver(path, {});
			const [execution] = await api.settledExecutions(id, 1, { timeoutMs: 30_000 });
			expect(execution.status).toBe('success');
			expect(emittedItems(execution, 'Issued').map((item) => item.orderId)).toEqual([1, 2]);
			expect(emittedItems(execution, 'Failed')).toEqual([
				{ order: 404, error: expect.objectContaining({ message: 'Shopkit has no order 404. Shopkit\'s answer: "Not found." (POST /v1/order/404/invoice: HTTP 404)', outcome: 'failed', status: 404 }) },
			]);
			expect(shopkit.store.invoicesIssued).toEqual([1, 2]);
			await api.deactivate(id);
		} finally {
			await shopkit.close();
		}
	});

	describeSupplierActionFaultPlans(N8N_1X_VERSION, () => ({ api, createCredential }));
});
