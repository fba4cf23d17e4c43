import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SUPPLIER_STOCK_UPDATE } from '../../../dev/fixtures/supplierMarketplace';
import { startSupplierApi } from '../../../dev/mocks/supplierApi';
import type { SupplierApiMock } from '../../../dev/mocks/supplierApi';
import { supplierAction } from '../../../dev/supplierNodesInCore';

const soldXl = { operation: 'sold', supplierProductId: 'SS21CA2N', sizes: { size: [{ value: 'XL', count: 2, options: { soldCount: 1, sizeId: 5 } }] } };

describe('Supplier Marketplace: posting stock updates', () => {
	let api: SupplierApiMock;

	beforeEach(async () => {
		api = await startSupplierApi();
	});
	afterEach(async () => {
		await api.close();
	});

	it("posts the seed's stock update with the Bearer token and returns the request and the answer", async () => {
		const action = supplierAction({ ...soldXl, additionalFields: { newPrice: 76000 } }, api);
		const [output] = await action.execute([{}]);
		expect(api.received).toEqual([{ body: SUPPLIER_STOCK_UPDATE, authorization: `Bearer ${api.token}`, idempotencyKey: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) }]);
		expect(output).toEqual([{ json: { outcome: 'applied', request: SUPPLIER_STOCK_UPDATE, response: { ok: true, id: 1 }, attempts: 1 }, pairedItem: { item: 0 } }]);
	});

	it.each(['receipts', 'cancel', 'return'])('sends action %s', async (operation) => {
		await supplierAction({ ...soldXl, operation }, api).execute([{}]);
		expect(api.received[0].body.action).toBe(operation);
	});

	it('sends a price update with newPrice and no sizes', async () => {
		await supplierAction({ operation: 'price', supplierProductId: 'SS21CA2N', newPrice: 69000 }, api).execute([{}]);
		expect(api.received[0].body).toEqual({ supplierProductId: 'SS21CA2N', action: 'price', newPrice: 69000, sizes: [] });
	});

	it('takes the sizes from "Sizes (JSON)", as text or as a mapped array', async () => {
		const sizes = [{ value: 'S', count: 1 }, { value: 'M', count: 4, soldCount: 2 }];
		await supplierAction({ ...soldXl, sizesSource: 'json', sizesJson: JSON.stringify(sizes) }, api).execute([{}]);
		await supplierAction({ ...soldXl, sizesSource: 'json', sizesJson: sizes as never }, api).execute([{}]);
		expect(api.received.map((received) => received.body.sizes)).toEqual([sizes, sizes]);
	});

	it('validates every item before sending anything, naming the item and the field', async () => {
		const action = supplierAction({ ...soldXl, sizesSource: 'json', sizesJson: '[{"value":"XL"}]' }, api);
		const run = action.execute([{}, {}]);
		await expect(run).rejects.toThrow(NodeOperationError);
		await expect(run).rejects.toMatchObject({ message: 'Item 0: sizes.0.count: Required' });
		expect(api.requests).toEqual([]);
	});

	it('refuses a price update without a price, and another update without sizes', async () => {
		await expect(supplierAction({ operation: 'price', supplierProductId: 'X', newPrice: null as never }, api).execute([{}])).rejects.toMatchObject({
			message: 'Item 0: newPrice: is required for a price update',
		});
		await expect(supplierAction({ operation: 'sold', supplierProductId: 'X' }, api).execute([{}])).rejects.toMatchObject({
			message: 'Item 0: sizes: needs at least one size for a sold update',
		});
		expect(api.requests).toEqual([]);
	});

	it('retries a 429 after the Retry-After it asks for, and a 503 with backoff, then succeeds', async () => {
		api.failNext(429, { retryAfterSeconds: 1 });
		const started = Date.now();
		const [[first]] = await supplierAction(soldXl, api).execute([{}]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(first.json.attempts).toBe(2);

		api.failNext(503, { count: 2 });
		api.failNext(503, { retryAfterSeconds: 0 });
		const [[second]] = await supplierAction(soldXl, api).execute([{}]);
		expect(second.json.attempts).toBe(4);
		expect(api.received).toHaveLength(2);
	});

	it('retries a price after any server error or timeout: it sets a value, so a repeat changes nothing', async () => {
		api.failNext(500, { applied: true });
		api.failNext(502);
		api.failNext(0, { applied: true });
		const [[output]] = await supplierAction({ operation: 'price', supplierProductId: 'SS21CA2N', newPrice: 69000, options: { timeout: 1000 } }, api).execute([{}]);
		expect(output.json).toMatchObject({ outcome: 'applied', attempts: 4 });
		expect(api.received.map(({ body }) => body.newPrice)).toEqual([69000, 69000, 69000]);
	});

	it('retries a 429 without Retry-After with backoff', async () => {
		api.failNext(429, { count: 2 });
		const [[output]] = await supplierAction(soldXl, api).execute([{}]);
		expect(output.json.attempts).toBe(3);
		expect(api.received).toHaveLength(1);
	});

	it('does not retry a 400, and says what to fix', async () => {
		api.failNext(400, { body: { error: 'sizes.0.value unknown size', path: 'sizes.0.value' } });
		const run = supplierAction(soldXl, api).execute([{}]);
		await expect(run).rejects.toThrow(NodeApiError);
		await expect(run).rejects.toMatchObject({ message: expect.stringMatching(/^The marketplace rejected this stock update.*\(after 1 attempt\)$/) });
		expect(api.requests).toHaveLength(1);
	});

	it('gives up after Max Retries and reports the attempts', async () => {
		api.failNext(503, { count: 10, retryAfterSeconds: 0 });
		await expect(supplierAction({ ...soldXl, options: { maxRetries: 2 } }, api).execute([{}])).rejects.toMatchObject({
			message: 'The marketplace answered HTTP 503 (after 3 attempts)',
		});
		expect(api.requests).toHaveLength(3);
	});

	it('with Continue On Fail, turns each failed item into an error item and sends the others', async () => {
		// n8n itself sends a request once more after a 401 (to refresh expired credentials), so the token is refused twice
		api.failNext(401, { count: 2 });
		const [output] = await supplierAction({ ...soldXl, options: { concurrency: 1 } }, api).execute([{}, {}], { continueOnFail: true });
		expect(output[0].json).toEqual({
			error: {
				message: expect.stringMatching(/API Token/),
				description: 'Unauthorized',
				outcome: 'failed',
				status: 401,
				response: { error: 'Unauthorized' },
				request: expect.objectContaining({ action: 'sold' }),
				attempts: 1,
			},
		});
		expect(output[1].json).toMatchObject({ outcome: 'applied', response: { ok: true } });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('keeps a bad item as an error item with Continue On Fail, and still sends the good ones', async () => {
		const action = supplierAction({ operation: 'price', supplierProductId: 'X', newPrice: 0 }, api);
		const [output] = await action.execute([{}], { continueOnFail: true });
		expect(output[0].json).toEqual({
			error: {
				message: expect.stringMatching(/^Item 0: newPrice: /),
				description: "Fix this field of the item (or the node's fields for it); no stock update has been sent.",
				outcome: 'invalid',
				request: null,
			},
		});
		expect(api.requests).toEqual([]);
	});

	it('sends many items with no more than Concurrency requests in flight', async () => {
		api.setLatency(80);
		// updates of one product go one at a time, so each item is another product
		const [output] = await supplierAction({ ...soldXl, supplierProductId: '={{ $json.id }}', options: { concurrency: 3 } }, api).execute(
			Array.from({ length: 12 }, (_, i) => ({ id: `P${i}` })),
		);
		expect(output).toHaveLength(12);
		expect(api.received).toHaveLength(12);
		expect(api.maxConcurrent).toBe(3);
	});
});
