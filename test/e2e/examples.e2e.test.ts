import http from 'http';
import type { AddressInfo } from 'net';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { ExecuteContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, INodeType, INodeTypeDescription, INodeTypes, IRunExecutionData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { KINGUIN_PRODUCT_UPDATE, KINGUIN_SECRET, kinguinHeaders } from '../../dev/fixtures/kinguin';
import { SHOPGATE_CREDENTIAL_FIELDS } from '../../dev/fixtures/shopgate';
import { shopkitHeaders, shopkitOrder } from '../../dev/fixtures/shopkit';
import { SUPPLIER_SALE, SUPPLIER_WEBHOOK_SECRET } from '../../dev/fixtures/supplierMarketplace';
import { TIKI_REJECTED_PAYLOAD, tikiCredentialFields } from '../../dev/fixtures/tiki';
import { kinguinProduct, startKinguinApi } from '../../dev/mocks/kinguinApi';
import { shopgateSalesOrder, startShopgateApi } from '../../dev/mocks/shopgateApi';
import { startShopkitApi } from '../../dev/mocks/shopkitApi';
import { mockOrder } from '../../dev/mocks/shopkitOrders';
import { startSupplierApi } from '../../dev/mocks/supplierApi';
import { startTikiApi } from '../../dev/mocks/tikiApi';
import { startTikiEventQueueApi } from '../../dev/mocks/tikiEventQueueApi';
import type { Execution, N8nApi, WorkflowNode } from '../../dev/n8n';
import { emittedItems, logIn, PROJECT_DIR } from '../../dev/n8n';
import { n8nUnderTest } from './setup/n8nUnderTest';

/**
 * Every workflow of examples/ inside a real n8n, as a user would start from it: imported through n8n's API
 * (the route the editor's import uses), its credentials created, activated, and fed a documented delivery.
 * No request leaves the machine: the nodes that would call a service other than the platform's mock are
 * disabled in the imported copy, so n8n passes them their input unchanged and records it; the test then
 * resolves the parameters they map with n8n-core's own parameter resolution over the execution n8n recorded.
 */

const EXAMPLES = join(PROJECT_DIR, 'examples');

interface Example {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	pinData?: Record<string, Array<{ json: IDataObject }>>;
}

function example(file: string): Example {
	return JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Example;
}

/** A value's shape: the keys of its objects and the JSON types of its leaves (arrays by their first element). */
function shapeOf(value: unknown): unknown {
	if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shapeOf(inner)]));
	return value === null ? 'null' : typeof value;
}

/**
 * The example's pinned sample (what the editor shows before the first event) has the shape of what the trigger
 * really emitted: every field of the sample, with its type. The trigger may emit more.
 */
function expectSampleLike(emitted: Array<Record<string, unknown>>, source: Example, trigger: string): void {
	const sample = source.pinData![trigger].map((item) => item.json);
	expect(emitted).toHaveLength(sample.length);
	expect(shapeOf(emitted)).toMatchObject(shapeOf(sample) as object);
}

/** An invoicing service for the Shopkit example: `POST` an invoice, answered with its number and PDF link. */
async function startInvoicingService(): Promise<{ url: string; received: IDataObject[]; close(): Promise<void> }> {
	const received: IDataObject[] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			const invoice = JSON.parse(body || '{}') as IDataObject;
			received.push(invoice);
			res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `inv_${received.length}`, invoiceUrl: `https://invoicing.example.com/invoices/${String(invoice.reference)}.pdf` }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/invoices`,
		received,
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

describe('the example workflows in n8n', () => {
	let api: N8nApi;
	let cookie: string;
	let descriptions: INodeTypeDescription[];

	beforeAll(async () => {
		api = n8nUnderTest();
		// the global setup's last request may have left a keep-alive socket that n8n closes as this reuses it
		cookie = await logIn(api.instance).catch(() => logIn(api.instance));
		// n8n's own descriptions of every node the examples use, as its editor loads them
		const nodeInfos = readdirSync(EXAMPLES)
			.filter((file) => file.endsWith('.json'))
			.flatMap((file) => example(file).nodes.map((node) => ({ name: node.type, version: node.typeVersion })));
		const response = await fetch(`${api.instance.baseUrl}/rest/node-types`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ nodeInfos }),
		});
		if (!response.ok) throw new Error(`POST /rest/node-types answered ${response.status}`);
		descriptions = ((await response.json()) as { data: INodeTypeDescription[] }).data;
	});

	function descriptionOf(node: Pick<INode, 'type' | 'typeVersion'>): INodeTypeDescription {
		// n8n names the types it describes here without their package: slack for n8n-nodes-base.slack
		const found = descriptions.find(
			(description) =>
				node.type.endsWith(`.${description.name}`) &&
				(Array.isArray(description.version) ? description.version : [description.version]).includes(node.typeVersion),
		);
		if (!found) throw new Error(`n8n has no node ${node.type} version ${node.typeVersion}`);
		return found;
	}

	/** Imports a copy of the example with these credentials and these nodes disabled; returns its id. */
	async function importCopy(
		source: Example,
		{ credentials, disabled = [], pinData }: { credentials: Record<string, Record<string, { id: string; name: string }>>; disabled?: string[]; pinData?: Example['pinData'] },
	): Promise<string> {
		const nodes = source.nodes.map((node) => ({
			...node,
			...(credentials[node.name] ? { credentials: credentials[node.name] } : {}),
			...(disabled.includes(node.name) ? { disabled: true } : {}),
		}));
		const response = await fetch(`${api.instance.baseUrl}/rest/workflows`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ ...source, nodes, pinData: { ...source.pinData, ...pinData } }),
		});
		if (!response.ok) throw new Error(`importing ${source.name} answered ${response.status}: ${await response.text()}`);
		return ((await response.json()) as { data: { id: string } }).data.id;
	}

	/** The one execution the delivery started, finished. */
	async function executionOf(workflowId: string, { timeoutMs = 20_000 } = {}): Promise<Execution> {
		const [execution] = await api.settledExecutions(workflowId, 1, { timeoutMs });
		expect(execution).toBeDefined();
		return execution;
	}

	/**
	 * The parameters of a (disabled) node as n8n would have resolved them for each item it received: n8n-core's
	 * ExecuteContext over the workflow and the run data n8n recorded, the node typed by n8n's own description.
	 */
	function resolvedFor(workflowDefinition: Example, execution: Execution, nodeName: string, parameters: string[]): IDataObject[] {
		const nodeTypes: INodeTypes = {
			getByName: (type: string) => ({ description: descriptionOf({ type, typeVersion: 1 }) }) as INodeType,
			getByNameAndVersion: (type: string, version?: number) => ({ description: descriptionOf({ type, typeVersion: version ?? 1 }) }) as INodeType,
			getKnownTypes: () => ({}),
		} as INodeTypes;
		const workflow = new Workflow({
			id: 'example',
			nodes: workflowDefinition.nodes as INode[],
			connections: workflowDefinition.connections as never,
			active: false,
			nodeTypes,
		});
		const node = workflow.getNode(nodeName)!;
		const runData = execution.data!.resultData.runData as unknown as IRunExecutionData['resultData']['runData'];
		const run = runData[nodeName]?.[0];
		if (!run) throw new Error(`${nodeName} did not run; ran: ${Object.keys(runData).join(', ')}`);
		const items = (run.data?.main?.[0] ?? []) as INodeExecutionData[];
		const previousNode = run.source?.[0]?.previousNode;
		const runExecutionData = { ...execution.data, resultData: { ...execution.data!.resultData, runData } } as unknown as IRunExecutionData;
		const additionalData = {
			webhookWaitingBaseUrl: `${api.instance.baseUrl}/webhook-waiting`,
			formWaitingBaseUrl: `${api.instance.baseUrl}/form-waiting`,
			instanceBaseUrl: `${api.instance.baseUrl}/`,
		} as IWorkflowExecuteAdditionalData;
		const context = new ExecuteContext(workflow, node, additionalData, 'webhook', runExecutionData, 0, items, { main: [items] }, { node, data: { main: [items] }, source: { main: [{ previousNode: previousNode! }] } }, []);
		return items.map((_item, index) => Object.fromEntries(parameters.map((name) => [name, context.getNodeParameter(name, index)])));
	}

	it('lists one example per trigger and one for the action node, each naming only nodes n8n has, with no parameter issues', () => {
		const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'));
		const types = files.flatMap((file) => example(file).nodes.map((node) => node.type));
		for (const node of ['kinguinTrigger', 'shopkitTrigger', 'shopkit', 'tikiTrigger', 'tikiEventTrigger', 'shopgateTrigger', 'supplierMarketplaceTrigger', 'supplierMarketplace']) {
			expect(types).toContain(`n8n-nodes-marketplace-webhooks.${node}`);
		}
		for (const file of files) {
			for (const node of example(file).nodes) {
				const description = descriptionOf(node);
				const parameters = NodeHelpers.getNodeParameters(description.properties, node.parameters as never, true, false, node as INode, description);
				const issues = NodeHelpers.getNodeParametersIssues(description.properties, { ...(node as INode), parameters: parameters! }, description);
				expect({ file, node: node.name, issues: issues?.parameters ?? null }).toEqual({ file, node: node.name, issues: null });
			}
		}
	});

	it('Kinguin: a product.update with no keys left reaches Slack, whose message names the product Fetch Product fetched', async () => {
		const source = example('kinguin-out-of-stock-to-slack.json');
		const kinguinApi = await startKinguinApi();
		kinguinApi.products.set(1949, kinguinProduct(1949, 0));
		try {
			const kinguin = await api.createCredential('Kinguin example', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
			const kinguinApiCredential = await api.createCredential('Kinguin API example', 'kinguinApi', {
				apiKey: kinguinApi.apiKey,
				environment: 'custom',
				baseUrl: kinguinApi.baseUrl,
			});
			const slack = await api.createCredential('Slack example', 'slackApi', { accessToken: 'xoxb-example-token' });
			const id = await importCopy(source, {
				credentials: { 'Kinguin Trigger': { kinguinWebhookApi: kinguin, kinguinApi: kinguinApiCredential }, 'Post to #stock-alerts': { slackApi: slack } },
				disabled: ['Post to #stock-alerts'],
			});
			await api.activate(id);
			try {
				const webhookId = source.nodes.find((node) => node.name === 'Kinguin Trigger')!.webhookId;
				// a live delivery: Kinguin's published example is the dashboard's test, for which nothing is fetched
				const outOfStock = JSON.stringify({ ...JSON.parse(KINGUIN_PRODUCT_UPDATE), qty: 0, textQty: 0, updatedAt: '2025-01-10T00:00:00.000+00:00' });
				expect((await api.deliver(`${webhookId}/webhook`, outOfStock, kinguinHeaders('product.update'))).status).toBe(204);
				const execution = await executionOf(id);
				expectSampleLike(emittedItems(execution, 'Kinguin Trigger'), source, 'Kinguin Trigger');
				expect(resolvedFor(source, execution, 'Post to #stock-alerts', ['text', 'channelId'])).toEqual([
					{
						text: ':warning: Out of stock on Kinguin: Counter-Strike: Source Steam CD Key (Steam), Kinguin ID 1949, has 0 keys left (updated 2025-01-10T00:00:00.000+00:00).',
						channelId: { __rl: true, mode: 'name', value: '#stock-alerts' },
					},
				]);
				expect(kinguinApi.requests.map((request) => request.path)).toEqual(['/esa/api/v1/products/1949']);
			} finally {
				await api.deactivate(id);
			}
		} finally {
			await kinguinApi.close();
		}
	});

	it('Shopkit: a paid order reaches Google Sheets, whose row holds the invoice fields', async () => {
		const source = example('shopkit-paid-order-to-invoice-sheet.json');
		const shopkit = await startShopkitApi();
		try {
			const shopkitCredential = await api.createCredential('Shopkit example', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl });
			const sheets = await api.createCredential('Google Sheets example', 'googleSheetsOAuth2Api', { clientId: 'example-client', clientSecret: 'example-secret' });
			const id = await importCopy(source, {
				credentials: { 'Shopkit Trigger': { shopkitApi: shopkitCredential }, 'Append invoice row': { googleSheetsOAuth2Api: sheets } },
				disabled: ['Append invoice row'],
			});
			await api.activate(id);
			try {
				const paid = JSON.parse(shopkitOrder(501, '2014-11-26T15:30:00+00:00'));
				Object.assign(paid.order, { paid: true, paid_at: '2014-11-26T15:30:00+00:00' });
				const url = [...shopkit.webhooks.values()].find((webhook) => webhook.event === 'order_paid')!.url;
				expect((await api.deliver(url, paid, shopkitHeaders('order_paid'))).status).toBe(204);
				const execution = await executionOf(id);
				expectSampleLike(emittedItems(execution, 'Shopkit Trigger'), source, 'Shopkit Trigger');
				const [{ columns }] = resolvedFor(source, execution, 'Append invoice row', ['columns']);
				expect((columns as IDataObject).value).toEqual({
					Order: 501,
					'Paid at': '2014-11-26T15:30:00.000Z',
					Client: 'Shopkit',
					'E-mail': 'client501@example.com',
					Net: 77.32,
					Tax: 16.01,
					Shipping: 7.25,
					Total: 92.84,
					Currency: 'EUR',
				});
			} finally {
				await api.deactivate(id);
			}
		} finally {
			await shopkit.close();
		}
	});

	it('Shopkit both ways: a paid order is invoiced and its invoice link written back on the order; the same delivery again writes nothing', async () => {
		const source = example('shopkit-paid-order-invoice-link-back.json');
		const shopkit = await startShopkitApi();
		shopkit.store.orders.set(501, mockOrder(501, { paid: true }));
		const invoicing = await startInvoicingService();
		try {
			const shopkitCredential = await api.createCredential('Shopkit both ways', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl });
			const local = { ...source, nodes: source.nodes.map((node) => (node.name === 'Create invoice' ? { ...node, parameters: { ...node.parameters, url: invoicing.url } } : node)) };
			const id = await importCopy(local, { credentials: { 'Shopkit Trigger': { shopkitApi: shopkitCredential }, 'Write invoice link on the order': { shopkitApi: shopkitCredential } } });
			await api.activate(id);
			try {
				const paid = JSON.parse(shopkitOrder(501, '2014-11-26T15:30:00+00:00'));
				Object.assign(paid.order, { paid: true, paid_at: '2014-11-26T15:30:00+00:00' });
				const url = [...shopkit.webhooks.values()].find((webhook) => webhook.event === 'order_paid')!.url;
				expect((await api.deliver(url, paid, shopkitHeaders('order_paid'))).status).toBe(204);
				const execution = await executionOf(id);
				expect(execution.status).toBe('success');
				expectSampleLike(emittedItems(execution, 'Shopkit Trigger'), source, 'Shopkit Trigger');
				expect(invoicing.received).toEqual([expect.objectContaining({ reference: 'shopkit-501', total: 92.84 })]);
				expect(shopkit.store.updates).toEqual([{ id: 501, fields: { invoice_url: 'https://invoicing.example.com/invoices/shopkit-501.pdf', status_alias: 'processing' } }]);
				expect(shopkit.store.orders.get(501)).toMatchObject({ invoice_url: 'https://invoicing.example.com/invoices/shopkit-501.pdf', status_alias: 'processing' });

				// Shopkit retrying the same delivery: the trigger runs it once, so nothing is invoiced or written again
				expect((await api.deliver(url, paid, shopkitHeaders('order_paid'))).status).toBe(204);
				expect(await api.settledExecutions(id, 1)).toHaveLength(1);
				expect(shopkit.store.updates).toHaveLength(1);
				expect(invoicing.received).toHaveLength(1);
			} finally {
				await api.deactivate(id);
			}
		} finally {
			await invoicing.close();
			await shopkit.close();
		}
	});

	it('Tiki: a rejected product request reaches the e-mail, which lists its reasons', async () => {
		const source = example('tiki-rejected-product-email.json');
		const tiki = await startTikiApi();
		try {
			const tikiCredential = await api.createCredential('Tiki example', 'tikiOAuth2Api', tikiCredentialFields(tiki.baseUrl));
			const smtp = await api.createCredential('SMTP example', 'smtp', { user: 'n8n', password: 'example-password', host: '127.0.0.1', port: 2525, secure: false });
			const id = await importCopy(source, {
				credentials: { 'Tiki Trigger': { tikiOAuth2Api: tikiCredential }, 'E-mail the reasons': { smtp } },
				disabled: ['E-mail the reasons'],
			});
			await api.activate(id);
			try {
				expect((await tiki.deliver('product:request:rejected', TIKI_REJECTED_PAYLOAD, { id: 'example-rejection-1' })).status).toBe(204);
				const execution = await executionOf(id);
				expectSampleLike(emittedItems(execution, 'Tiki Trigger'), source, 'Tiki Trigger');
				expect(resolvedFor(source, execution, 'E-mail the reasons', ['toEmail', 'subject', 'text'])).toEqual([
					{
						toEmail: 'catalog@your-shop.example',
						subject: 'Tiki rejected product 7062617941818',
						text:
							'Tiki rejected the product request 1154523837593192401 for SKU 7062617941818 (product 2162835) on 2020-02-02T12:00:00+07:00.\n\n' +
							'Reasons:\n- Hình sản phẩm quá nhỏ, không chiếm 80% khung hình: The very detailed reason why your product is rejected\n\n' +
							"Fix the product in Tiki's seller center and submit it again.",
					},
				]);
			} finally {
				await api.deactivate(id);
			}
		} finally {
			await tiki.close();
		}
	});

	it('Tiki events: a new order reaches Slack, whose message lists its lines', async () => {
		const source = example('tiki-new-order-to-slack.json');
		const tiki = await startTikiEventQueueApi();
		try {
			const tikiCredential = await api.createCredential('Tiki events example', 'tikiOAuth2Api', tikiCredentialFields(tiki.baseUrl));
			const slack = await api.createCredential('Slack example (orders)', 'slackApi', { accessToken: 'xoxb-example-token' });
			const id = await importCopy(source, {
				credentials: { 'Tiki Event Trigger': { tikiOAuth2Api: tikiCredential }, 'Post to #new-orders': { slackApi: slack } },
				disabled: ['Post to #new-orders'],
			});
			// n8n polls once as it activates the workflow: the first poll subscribes the queue, the second finds the order
			await api.activate(id);
			await api.deactivate(id);
			tiki.createOrder('239545065');
			await api.activate(id);
			await api.deactivate(id);
			const execution = await executionOf(id);
			expectSampleLike(emittedItems(execution, 'Tiki Event Trigger'), source, 'Tiki Event Trigger');
			expect(resolvedFor(source, execution, 'Post to #new-orders', ['text'])).toEqual([{ text: 'New Tiki order 239545065 (queueing): 1 × 7062617941818' }]);
		} finally {
			await tiki.close();
		}
	});

	it('Shopgate: a sales order reaches HubSpot with its fetched order, whose billing address makes the contact', async () => {
		const source = example('shopgate-sales-order-to-hubspot-contact.json');
		const shopgate = await startShopgateApi();
		shopgate.orders.set('0001', shopgateSalesOrder('0001'));
		try {
			const shopgateCredential = await api.createCredential('Shopgate example', 'shopgateApi', {
				environment: 'production',
				...SHOPGATE_CREDENTIAL_FIELDS,
				authUrl: shopgate.baseUrl,
				webhookUrl: shopgate.baseUrl,
				orderUrl: shopgate.baseUrl,
			});
			const hubspot = await api.createCredential('HubSpot example', 'hubspotAppToken', { appToken: 'pat-example-token' });
			const id = await importCopy(source, {
				credentials: {
					'Shopgate Trigger': { shopgateApi: shopgateCredential },
					'Create or update the contact': { hubspotAppToken: hubspot },
				},
				disabled: ['Create or update the contact'],
			});
			await api.activate(id);
			try {
				const payload = { customerId: '7b196c58-a689-49fe-b056-91dd902694d2', salesOrderId: 5, salesOrderNumber: '0001', imported: false };
				expect((await shopgate.deliver('salesOrderAdded', payload, { id: 'example-order-1' })).status).toBe(204);
				const execution = await executionOf(id);
				expectSampleLike(emittedItems(execution, 'Shopgate Trigger'), source, 'Shopgate Trigger');
				expect(resolvedFor(source, execution, 'Create or update the contact', ['email', 'additionalFields'])).toEqual([
					{
						email: 'jane.doe@example.com',
						additionalFields: { firstName: 'Jane', lastName: 'Doe', phoneNumber: '+15125550100', companyName: 'Example Inc.' },
					},
				]);
			} finally {
				await api.deactivate(id);
			}
		} finally {
			await shopgate.close();
		}
	});

	it('Supplier marketplace: each size line of a sale reaches the stock lookup, for its product and size', async () => {
		const source = example('supplier-sale-lowers-stock-sheet.json');
		const webhook = await api.createCredential('Supplier webhook example', 'supplierMarketplaceWebhookApi', {
			headerName: 'X-Webhook-Secret',
			secret: SUPPLIER_WEBHOOK_SECRET,
			username: '',
			password: '',
		});
		const sheets = await api.createCredential('Google Sheets example (stock)', 'googleSheetsOAuth2Api', { clientId: 'example-client', clientSecret: 'example-secret' });
		const id = await importCopy(source, {
			credentials: {
				'Supplier Marketplace Trigger': { supplierMarketplaceWebhookApi: webhook },
				'Find the stock row': { googleSheetsOAuth2Api: sheets },
				'Update the stock': { googleSheetsOAuth2Api: sheets },
			},
			disabled: ['Find the stock row', 'Update the stock'],
		});
		await api.activate(id);
		try {
			const webhookId = source.nodes.find((node) => node.name === 'Supplier Marketplace Trigger')!.webhookId;
			expect((await api.deliver(`${webhookId}/webhook`, SUPPLIER_SALE, { 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET })).status).toBe(200);
			const execution = await executionOf(id);
			expectSampleLike(emittedItems(execution, 'Supplier Marketplace Trigger'), source, 'Supplier Marketplace Trigger');
			const lookups = resolvedFor(source, execution, 'Find the stock row', ['filtersUI']).map((resolved) => (resolved.filtersUI as IDataObject).values);
			expect(lookups).toEqual([
				[{ lookupColumn: 'Product ID', lookupValue: '1001' }, { lookupColumn: 'Size', lookupValue: 'XL' }],
				[{ lookupColumn: 'Product ID', lookupValue: '1001' }, { lookupColumn: 'Size', lookupValue: 'M' }],
				[{ lookupColumn: 'Product ID', lookupValue: '1002' }, { lookupColumn: 'Size', lookupValue: '42' }],
			]);
		} finally {
			await api.deactivate(id);
		}
	});

	it('the nightly receipts: the rows of the sheet are posted as receipts to the marketplace, with the API token', async () => {
		const source = example('nightly-stock-sheet-to-supplier-receipts.json');
		const supplier = await startSupplierApi();
		try {
			const sheets = await api.createCredential('Google Sheets example (receipts)', 'googleSheetsOAuth2Api', { clientId: 'example-client', clientSecret: 'example-secret' });
			const marketplace = await api.createCredential('Supplier API example', 'supplierMarketplaceApi', { apiUrl: supplier.apiUrl, apiToken: supplier.token });
			// The sheet's rows stand pinned on the node that would read them from Google: a manual run uses them.
			const rows = [
				{ row_number: 2, 'Product ID': 'SS21CA2N', Size: 'XL', Received: 12 },
				{ row_number: 3, 'Product ID': 'SS21CA2N', Size: 'M', Received: '4' },
				{ row_number: 4, 'Product ID': 'WB-104', Size: 42, Received: 30 },
			];
			const id = await importCopy(source, {
				credentials: { "Read the day's receipts": { googleSheetsOAuth2Api: sheets }, 'Report the receipt': { supplierMarketplaceApi: marketplace } },
				pinData: { "Read the day's receipts": rows.map((json) => ({ json })) },
			});
			await api.activate(id);
			try {
				const run = await fetch(`${api.instance.baseUrl}/rest/workflows/${id}/run`, {
					method: 'POST',
					headers: { cookie, 'content-type': 'application/json' },
					body: JSON.stringify({ triggerToStartFrom: { name: 'Every night at 2:00' } }),
				});
				expect(run.status).toBe(200);
				const execution = await executionOf(id);
				expect(execution.status).toBe('success');
				const sent = supplier.received.map((received) => received.body).sort((a, b) => `${a.supplierProductId}${a.sizes[0].value}`.localeCompare(`${b.supplierProductId}${b.sizes[0].value}`));
				expect(sent).toEqual([
					{ supplierProductId: 'SS21CA2N', action: 'receipts', sizes: [{ value: 'M', count: 4 }] },
					{ supplierProductId: 'SS21CA2N', action: 'receipts', sizes: [{ value: 'XL', count: 12 }] },
					{ supplierProductId: 'WB-104', action: 'receipts', sizes: [{ value: '42', count: 30 }] },
				]);
				expect(supplier.received.every((received) => received.authorization === `Bearer ${supplier.token}`)).toBe(true);
			} finally {
				await api.deactivate(id);
			}
		} finally {
			await supplier.close();
		}
	});
});
