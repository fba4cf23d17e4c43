import type { IDataObject } from 'n8n-workflow';

import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import { mockOrder } from '../../../dev/mocks/shopkitOrders';
import { shopkitNode } from './shopkitNodeInCore';

const json = (output: Array<Array<{ json: IDataObject }>>) => output[0].map((item) => item.json);

let api: ShopkitApiMock;
beforeEach(async () => {
	api = await startShopkitApi();
	api.listShape = 'paged';
});
afterEach(async () => {
	await api.close();
});

describe("Shopkit node: Shopkit's limits", () => {
	it('a Get Many of 10,000 orders reads all 200 pages; 500 updates in one execution each land once', async () => {
		for (let id = 1; id <= 10_000; id++) api.store.orders.set(id, mockOrder(id));
		const orders = json(await shopkitNode(api, { operation: 'getMany', returnAll: true }).execute([{}]));
		expect(orders).toHaveLength(10_000);
		expect(new Set(orders.map((order) => order.id)).size).toBe(10_000);
		expect(api.requests).toHaveLength(200);

		const updates = Array.from({ length: 500 }, (_, i) => ({ id: i + 1, url: `https://invoicing.example.com/${i + 1}.pdf` }));
		const output = await shopkitNode(api, { operation: 'update', orderId: '={{ $json.id }}', updateFields: { invoice_url: '={{ $json.url }}' } }).execute(updates);
		expect(json(output).map((order) => order.invoice_url)).toEqual(updates.map((update) => update.url));
		expect(api.store.updates).toHaveLength(500);
	}, 60_000);

	it('a 429 with Retry-After waits what Shopkit asks and goes on, instead of failing', async () => {
		api.store.orders.set(1, mockOrder(1));
		api.failNext(429, { message: 'Too Many Requests' }, 2, { 'Retry-After': '1' });
		const started = Date.now();
		expect(json(await shopkitNode(api, { operation: 'get', orderId: '1' }).execute([{}]))).toEqual([expect.objectContaining({ id: 1 })]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
		expect(api.requests).toHaveLength(3);
	});

	it('the Time Budget bounds the calls: the one under way ends with it, what it leaves no time for fails saying so, nothing of it sent', async () => {
		for (const id of [1, 2]) api.store.orders.set(id, mockOrder(id));
		// Shopkit holds the first update unanswered
		api.failNext(0);
		const started = Date.now();
		const output = await shopkitNode(api, { operation: 'update', orderId: '={{ $json.id }}', updateFields: { paid: true }, options: { timeBudget: 1 } }).execute([{ id: 1 }, { id: 2 }], {
			continueOnFail: true,
		});
		expect(Date.now() - started).toBeLessThan(3000);
		expect(json(output)).toEqual([
			{ error: expect.objectContaining({ message: 'Shopkit did not answer as expected: check the API Base URL of the Shopkit API credential and try again (PUT /v1/order/1)', outcome: 'unknown', status: null }) },
			{ error: expect.objectContaining({ message: 'The time budget of 1 s ran out before item 1 was sent', outcome: 'notSent' }) },
		]);
		expect(api.store.updates).toEqual([]);
	});
});
