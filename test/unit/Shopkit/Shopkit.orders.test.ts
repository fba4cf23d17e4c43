import type { IDataObject } from 'n8n-workflow';

import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import { mockOrder } from '../../../dev/mocks/shopkitOrders';
import { shopkitNode } from './shopkitNodeInCore';

const failureOf = async (run: Promise<unknown>) => await run.then(() => undefined, (error: unknown) => error as { message: string; description?: string; httpCode?: string });
const json = (output: Array<Array<{ json: IDataObject }>>) => output[0].map((item) => item.json);
const routes = (api: ShopkitApiMock) => api.requests.map((request) => `${request.method} ${request.path}`);

let api: ShopkitApiMock;
beforeEach(async () => {
	api = await startShopkitApi();
	for (let id = 1; id <= 120; id++) api.store.orders.set(id, mockOrder(id, { paid: id % 2 === 0, status_alias: id % 3 === 0 ? 'processing' : 'waiting_confirmation' }));
});
afterEach(async () => {
	await api.close();
});

describe('Shopkit node, Order → Get', () => {
	it('returns the order as Shopkit sends it, one item per input item', async () => {
		const output = await shopkitNode(api, { operation: 'get', orderId: '={{ $json.id }}' }).execute([{ id: 7 }, { id: '42' }]);
		expect(json(output).map((order) => order.id)).toEqual([7, 42]);
		expect(output[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(api.requests.every((request) => request.apiKey === api.apiKey)).toBe(true);
	});

	it("names the order Shopkit does not have, with Shopkit's words", async () => {
		const error = await failureOf(shopkitNode(api, { operation: 'get', orderId: '7331' }).execute([{}]));
		expect(error).toMatchObject({ message: 'Shopkit has no order 7331. Shopkit\'s answer: "Not found." (GET /v1/order/7331: HTTP 404)', httpCode: '404' });
	});

	it('refuses an Order ID that is not a whole number before any call, naming the field', async () => {
		const error = await failureOf(shopkitNode(api, { operation: 'get', orderId: '12a' }).execute([{}]));
		expect(error).toMatchObject({ message: 'Order ID must be a whole number, not "12a"' });
		expect(api.requests).toEqual([]);
	});
});

describe('Shopkit node, Order → Get Many', () => {
	it.each(['paged', 'array'] as const)('reads every page to the end with Return All (%s lists), and stops at Limit otherwise', async (shape) => {
		api.listShape = shape;
		expect(json(await shopkitNode(api, { operation: 'getMany', returnAll: true }).execute([{}])).map((order) => order.id)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
		expect(routes(api)).toEqual(Array(3).fill('GET /v1/order'));

		const before = api.requests.length;
		expect(json(await shopkitNode(api, { operation: 'getMany', limit: 30 }).execute([{}]))).toHaveLength(30);
		expect(api.requests.length - before).toBe(1);
	});

	it("sends the filters as Shopkit's query: statuses, paid, a date range on the chosen date, the client's e-mail", async () => {
		const filters = { status: ['processing'], paid: 'true', dateType: 'created_at', dateFrom: '2025-01-01T00:00:00', dateTo: '2025-01-01T23:59:59', clientEmail: 'client12@example.com' };
		const orders = json(await shopkitNode(api, { operation: 'getMany', returnAll: true, filters }).execute([{}]));
		expect(orders.map((order) => order.id)).toEqual([12]);
	});

	it('answers an empty list (Shopkit: 404 Not found.) with no items and no error', async () => {
		expect(json(await shopkitNode(api, { operation: 'getMany', returnAll: true, filters: { clientEmail: 'nobody@example.com' } }).execute([{}]))).toEqual([]);
	});
});

describe('Shopkit node, Order → Update', () => {
	it('sets the invoice URL and the status, and returns the order as Shopkit answers it', async () => {
		const output = await shopkitNode(api, { operation: 'update', orderId: '5', updateFields: { invoice_url: 'https://invoicing.example.com/5.pdf', status_alias: 'processing', tags: 'invoiced, vip' } }).execute([{}]);
		expect(json(output)).toEqual([
			expect.objectContaining({ id: 5, invoice_url: 'https://invoicing.example.com/5.pdf', status_alias: 'processing', tags: [expect.objectContaining({ title: 'invoiced' }), expect.objectContaining({ title: 'vip' })] }),
		]);
		expect(api.store.updates).toEqual([{ id: 5, fields: { invoice_url: 'https://invoicing.example.com/5.pdf', status_alias: 'processing', tags: ['invoiced', 'vip'] } }]);
	});

	it("sends an invoice file from the item's binary property as Shopkit's invoice_file (base64); a missing property is named before any call", async () => {
		const pdf = Buffer.from('%PDF-1.4 invoice 5');
		const node = shopkitNode(api, { operation: 'update', orderId: '5', updateFields: { invoiceFile: 'invoice' } });
		const output = await node.executeItems([{ json: {}, binary: { invoice: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'invoice-5.pdf' } } }]);
		expect(json(output)).toEqual([expect.objectContaining({ id: 5, invoice_url: 'https://invoices.shopk.it/5.pdf' })]);
		expect(api.store.updates).toEqual([{ id: 5, fields: { invoice_file: pdf.toString('base64') } }]);

		expect(await failureOf(node.execute([{}]))).toMatchObject({ message: 'Invoice File: the input item has no binary property "invoice"' });
		expect(api.requests).toHaveLength(1);
	});

	it('refuses an empty update and an unknown status before any call, naming the field', async () => {
		expect(await failureOf(shopkitNode(api, { operation: 'update', orderId: '5', updateFields: {} }).execute([{}]))).toMatchObject({ message: 'Update Fields is empty: there is nothing to update' });
		expect(await failureOf(shopkitNode(api, { operation: 'update', orderId: '5', updateFields: { status_alias: '={{ "shipped" }}' } }).execute([{}]))).toMatchObject({
			message: 'Status "shipped" is not one Shopkit knows',
		});
		expect(api.requests).toEqual([]);
	});

	it('sends an absolute update again after a 500 that applied it: the order ends as asked', async () => {
		api.failAfterApplying(500);
		const output = await shopkitNode(api, { operation: 'update', orderId: '9', updateFields: { paid: true } }).execute([{}]);
		expect(json(output)).toEqual([expect.objectContaining({ id: 9, paid: true })]);
		expect(api.store.updates).toHaveLength(2);
	});

	it('with Notify Client, never sends the update twice: a 500 after applying leaves the item unknown, on the error output', async () => {
		api.failAfterApplying(500);
		const output = await shopkitNode(api, { operation: 'update', orderId: '9', updateFields: { status_alias: 'sent', notify_client: true } }).execute([{}], { continueOnFail: true });
		expect(json(output)).toEqual([{ error: expect.objectContaining({ message: expect.stringMatching(/\(PUT \/v1\/order\/9: HTTP 500\)$/), outcome: 'unknown', status: 500, attempts: 1 }) }]);
		expect(api.store.updates).toHaveLength(1);
	});
});

describe('Shopkit node, Order → Issue Invoice: never twice', () => {
	it('issues the invoice once; a second issue says it exists already (Shopkit: 409)', async () => {
		const node = shopkitNode(api, { operation: 'issueInvoice', orderId: '3' });
		expect(json(await node.execute([{}]))).toEqual([{ orderId: 3, issued: true, alreadyIssued: false, message: 'The invoice was issued successfully' }]);
		expect(json(await node.execute([{}]))).toEqual([{ orderId: 3, issued: false, alreadyIssued: true, message: null }]);
		expect(api.store.invoicesIssued).toEqual([3]);
	});

	it.each([500, 'reset'] as const)('a %s after Shopkit issued it: the order is read back, the invoice found, nothing sent again', async (fault) => {
		api.failAfterApplying(fault);
		const output = await shopkitNode(api, { operation: 'issueInvoice', orderId: '4' }).execute([{}]);
		expect(json(output)).toEqual([expect.objectContaining({ orderId: 4, issued: true, invoiceUrl: 'https://invoices.shopk.it/4.pdf', readBack: true })]);
		expect(routes(api)).toEqual(['POST /v1/order/4/invoice', 'GET /v1/order/4']);
		expect(api.store.invoicesIssued).toEqual([4]);
	});

	it('when the order cannot be read back, says the outcome is unknown and sends nothing more', async () => {
		api.failAfterApplying(500);
		api.failAfter(1, 404, { message: 'Not found.' });
		const output = await shopkitNode(api, { operation: 'issueInvoice', orderId: '4' }).execute([{}], { continueOnFail: true });
		expect(json(output)).toEqual([
			{ error: expect.objectContaining({ outcome: 'unknown', status: 500, description: expect.stringMatching(/^Shopkit may have issued the invoice of order 4/) }) },
		]);
		expect(routes(api)).toEqual(['POST /v1/order/4/invoice', 'GET /v1/order/4']);
		expect(api.store.invoicesIssued).toEqual([4]);
	});

	it("a store without an invoice app: Shopkit's words, the item failed, nothing applied", async () => {
		api.store.invoiceApp = false;
		const output = await shopkitNode(api, { operation: 'issueInvoice', orderId: '4' }).execute([{}], { continueOnFail: true });
		expect(json(output)).toEqual([{ error: expect.objectContaining({ message: 'Shopkit refused the request: check the fields its answer names. Shopkit\'s answer: "No invoice app active" (POST /v1/order/4/invoice: HTTP 400)', outcome: 'failed', status: 400 }) }]);
	});
});
