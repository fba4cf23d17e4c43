import type { IDataObject } from 'n8n-workflow';

import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import { mockClient, mockProduct } from '../../../dev/mocks/shopkitCatalog';
import { shopkitNode } from './shopkitNodeInCore';

const failureOf = async (run: Promise<unknown>) => await run.then(() => undefined, (error: unknown) => error as { message: string; description?: string });
const json = (output: Array<Array<{ json: IDataObject }>>) => output[0].map((item) => item.json);
const routes = (api: ShopkitApiMock) => api.requests.map((request) => `${request.method} ${request.path}`);

let api: ShopkitApiMock;
beforeEach(async () => {
	api = await startShopkitApi();
	api.listShape = 'paged';
	for (let id = 1; id <= 60; id++) api.catalog.products.set(id, mockProduct(id));
	for (let id = 1; id <= 30; id++) api.catalog.clients.set(id, mockClient(id));
});
afterEach(async () => {
	await api.close();
});

describe('Shopkit node, Product', () => {
	it('Get reads one product; Get Many reads every page, or finds one by its SKU', async () => {
		expect(json(await shopkitNode(api, { resource: 'product', operation: 'get', productId: '7' }).execute([{}]))).toEqual([expect.objectContaining({ id: 7, reference: 'SKU-7' })]);
		expect(json(await shopkitNode(api, { resource: 'product', operation: 'getMany', returnAll: true }).execute([{}]))).toHaveLength(60);
		expect(json(await shopkitNode(api, { resource: 'product', operation: 'getMany', sku: 'SKU-42' }).execute([{}]))).toEqual([expect.objectContaining({ id: 42 })]);
	});

	it('Update sets price, promo price, stock (turning stock tracking on) and status; an empty update is refused before a call', async () => {
		const output = await shopkitNode(api, { resource: 'product', operation: 'update', productId: '5', updateFields: { price: 19.9, price_promo: 14.9, stock_qty: 3, status: 3 } }).execute([{}]);
		expect(json(output)).toEqual([expect.objectContaining({ id: 5, price: 19.9, price_promo: 14.9, stock: { stock_enabled: true, stock_qty: 3 }, status: 3, status_alias: 'out_of_stock' })]);
		const before = api.requests.length;
		expect(await failureOf(shopkitNode(api, { resource: 'product', operation: 'update', productId: '5', updateFields: {} }).execute([{}]))).toMatchObject({ message: 'Update Fields is empty: there is nothing to update' });
		expect(api.requests.length).toBe(before);
	});

	it("Update Variant sets a variant's price and stock; a variant Shopkit does not have is named", async () => {
		expect(json(await shopkitNode(api, { resource: 'product', operation: 'updateVariant', productId: '5', optionId: '51', variantFields: { price: 12, stock: 9 } }).execute([{}]))).toEqual([
			{ id: 51, title: 'Small', price: 12, stock: 9 },
		]);
		expect(await failureOf(shopkitNode(api, { resource: 'product', operation: 'updateVariant', productId: '5', optionId: '99', variantFields: { stock: 1 } }).execute([{}]))).toMatchObject({
			message: expect.stringMatching(/^Shopkit has no variant 99 of product 5\./),
		});
	});

	it("a promo price not lower than the price: Shopkit's words reach the user", async () => {
		const output = await shopkitNode(api, { resource: 'product', operation: 'update', productId: '5', updateFields: { price: 10, price_promo: 12 } }).execute([{}], { continueOnFail: true });
		expect(json(output)).toEqual([{ error: expect.objectContaining({ message: expect.stringContaining('"Bad request. price_promo must be lower than price."'), outcome: 'failed', status: 400 }) }]);
	});

	it.each([500, 'reset'] as const)('Create after a %s that created it: looked up by its SKU, not created twice', async (fault) => {
		api.failAfterApplying(fault);
		const output = await shopkitNode(api, { resource: 'product', operation: 'create', title: 'Mug', price: 12, reference: 'MUG-1', additionalFields: { stock_qty: 4 } }).execute([{}]);
		expect(json(output)).toEqual([expect.objectContaining({ title: 'Mug', reference: 'MUG-1', stock: { stock_enabled: true, stock_qty: 4 }, readBack: true })]);
		expect(api.catalog.created).toHaveLength(1);
		expect(routes(api)).toEqual(['POST /v1/product', 'GET /v1/product']);
	});

	it('Create without a SKU after a 500: nothing sent again, the outcome unknown and why', async () => {
		api.failAfterApplying(500);
		const output = await shopkitNode(api, { resource: 'product', operation: 'create', title: 'Mug', price: 12 }).execute([{}], { continueOnFail: true });
		expect(json(output)).toEqual([{ error: expect.objectContaining({ outcome: 'unknown', description: expect.stringMatching(/without a SKU it cannot be looked up/) }) }]);
		expect(api.catalog.created).toHaveLength(1);
		expect(routes(api)).toEqual(['POST /v1/product']);
	});
});

describe('Shopkit node, Client', () => {
	it('Get by ID or hash, Get Many to the end', async () => {
		expect(json(await shopkitNode(api, { resource: 'client', operation: 'get', clientId: 'hash3' }).execute([{}]))).toEqual([expect.objectContaining({ id: 3, email: 'client3@example.com' })]);
		expect(json(await shopkitNode(api, { resource: 'client', operation: 'getMany', returnAll: true }).execute([{}]))).toHaveLength(30);
	});

	it('Create makes the client once; an e-mail Shopkit has gives the client it has (409)', async () => {
		const create = shopkitNode(api, { resource: 'client', operation: 'create', name: 'Ana Silva', email: 'ana@example.com', additionalFields: { tags: 'vip, b2b' } });
		expect(json(await create.execute([{}]))).toEqual([expect.objectContaining({ name: 'Ana Silva', email: 'ana@example.com', tags: [expect.objectContaining({ title: 'vip' }), expect.objectContaining({ title: 'b2b' })] })]);
		expect(json(await create.execute([{}]))).toEqual([expect.objectContaining({ email: 'ana@example.com', alreadyExisted: true })]);
		expect(api.catalog.created).toHaveLength(1);
	});

	it('Create after a reset that created it: found by its e-mail, not created twice', async () => {
		api.failAfterApplying('reset');
		const output = await shopkitNode(api, { resource: 'client', operation: 'create', name: 'Ana Silva', email: 'ana@example.com' }).execute([{}]);
		expect(json(output)).toEqual([expect.objectContaining({ email: 'ana@example.com', alreadyExisted: true, readBack: true })]);
		expect(api.catalog.created).toHaveLength(1);
	});

	it('Update sets the fields, wholesale included; an empty update is refused before a call', async () => {
		expect(json(await shopkitNode(api, { resource: 'client', operation: 'update', clientId: '4', updateFields: { wholesale: true, tags: 'wholesale' } }).execute([{}]))).toEqual([
			expect.objectContaining({ id: 4, wholesale: true, tags: [expect.objectContaining({ title: 'wholesale', handle: 'wholesale' })] }),
		]);
		expect(await failureOf(shopkitNode(api, { resource: 'client', operation: 'update', clientId: '4', updateFields: {} }).execute([{}]))).toMatchObject({ message: 'Update Fields is empty: there is nothing to update' });
	});
});
