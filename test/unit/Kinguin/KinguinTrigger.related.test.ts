import http from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject } from 'n8n-workflow';

import { KINGUIN_ORDER_STATUS, kinguinHeaders, orderStatus, productUpdate } from '../../../dev/fixtures/kinguin';
import { kinguinKey, kinguinOrder, kinguinProduct, startKinguinApi } from '../../../dev/mocks/kinguinApi';
import type { KinguinApiMock } from '../../../dev/mocks/kinguinApi';
import type { RecordedResponse } from '../../../dev/nodeInN8nCore';
import { ANSWER_WITHIN_MS, FETCH_WITHIN_MS } from '../../../nodes/shared/related/relatedAnswer';
import { RELATED_RECORD_RETRY } from '../../../nodes/shared/related/relatedRecordRetry';
import { kinguinTrigger } from './kinguinTriggerInCore';

/**
 * Fetch Full Order, Fetch Order Keys and Fetch Product in n8n-core's webhook context, against the mock of
 * Kinguin's eCommerce API: the records a delivery points at, null with Kinguin's reason when they cannot be had,
 * and Kinguin answered within its deadline whatever the API does.
 */

const AT = '2025-01-10T00:00:00.000+00:00';
const ALL_OPTIONS = { events: ['product.update', 'order.status', 'order.complete'], fetchFullOrder: true, fetchOrderKeys: true, fetchProduct: true };

/** Waits for a condition, checking every few milliseconds, for at most `withinMs`. */
async function until(condition: () => boolean, withinMs = 10_000): Promise<void> {
	const end = Date.now() + withinMs;
	while (!condition()) {
		if (Date.now() > end) throw new Error('the condition did not hold in time');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

describe('Kinguin Trigger: the records a delivery points at', () => {
	let api: KinguinApiMock;
	const credential = () => ({ apiKey: api.apiKey, environment: 'custom', baseUrl: api.baseUrl });
	const trigger = (parameters: IDataObject = ALL_OPTIONS, apiCredential: IDataObject | null = credential()) =>
		kinguinTrigger(parameters as never, apiCredential ? { api: apiCredential as never } : {});

	beforeEach(async () => {
		api = await startKinguinApi();
		api.orders.set('O1', kinguinOrder('O1', 'processing'));
		api.orders.set('O2', kinguinOrder('O2', 'completed'));
		api.keys.set('O2', [kinguinKey('key-1'), kinguinKey('key-2')]);
		api.products.set(7, kinguinProduct(7, 0));
	});

	afterEach(async () => {
		await api.close();
	});

	describe('found', () => {
		it('adds the order to an order.status, sending the API key as X-Api-Key, and answers 204', async () => {
			const { response, items } = await trigger().deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('O1', 'processing', AT) });
			expect(response.status).toBe(204);
			expect(items).toEqual([
				{
					event: 'order.status',
					orderId: 'O1',
					orderExternalId: 'external-O1',
					status: 'processing',
					updatedAt: AT,
					order: kinguinOrder('O1', 'processing'),
					isTest: false,
					receivedAt: expect.any(String),
				},
			]);
			// keys only once the order is completed
			expect(api.requests).toEqual([{ method: 'GET', path: '/esa/api/v1/order/O1', query: {}, apiKey: api.apiKey }]);
		});

		it('adds the order and its keys to a completed order.status', async () => {
			const { items } = await trigger().deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('O2', 'completed', AT) });
			expect(items[0]).toMatchObject({ order: kinguinOrder('O2', 'completed'), keys: [kinguinKey('key-1'), kinguinKey('key-2')] });
			expect(items[0].payloadIssues).toBeUndefined();
			expect(api.requests.map((request) => [request.path, request.query])).toEqual(
				expect.arrayContaining([
					['/esa/api/v1/order/O2', {}],
					['/esa/api/v2/order/O2/keys', { page: '1', limit: '100' }],
				]),
			);
		});

		it('adds the keys of an order.complete (deprecated by Kinguin, still accepted), every page of them', async () => {
			api.keys.set('O2', Array.from({ length: 150 }, (_, index) => kinguinKey(`key-${index}`)));
			const body = JSON.stringify({ orderId: 'O2', orderExternalId: 'external-O2', updatedAt: AT });
			const { items } = await trigger({ events: ['order.complete'], fetchOrderKeys: true }).deliver({ headers: kinguinHeaders('order.complete'), rawBody: body });
			expect((items[0].keys as IDataObject[]).map((key) => key.serial)).toEqual(Array.from({ length: 150 }, (_, index) => `key-${index}`));
			expect(items[0].order).toBeUndefined();
			expect(api.requests.map((request) => request.query.page)).toEqual(['1', '2']);
		});

		it('adds the product to a product.update', async () => {
			const { items } = await trigger().deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(7, AT, 0) });
			expect(items).toEqual([expect.objectContaining({ event: 'product.update', kinguinId: 7, qty: 0, product: kinguinProduct(7, 0), isTest: false })]);
			expect(Object.keys(items[0]).slice(-3)).toEqual(['product', 'isTest', 'receivedAt']);
			expect(api.requests.map((request) => request.path)).toEqual(['/esa/api/v1/products/7']);
		});
	});

	it.each([
		['Fetch Full Order', { fetchFullOrder: true }, 'order.status', () => orderStatus('O1', 'processing', AT), 'order'],
		['Fetch Order Keys', { fetchOrderKeys: true }, 'order.status', () => orderStatus('O2', 'completed', AT), 'keys'],
		['Fetch Product', { fetchProduct: true }, 'product.update', () => productUpdate(7, AT), 'product'],
	])('%s on its own reads the Kinguin API credential in n8n-core and adds its record', async (_option, options, event, body, field) => {
		const { items } = await trigger({ events: ['product.update', 'order.status'], ...options }).deliver({ headers: kinguinHeaders(event), rawBody: body() });
		expect(items[0][field]).toEqual(expect.anything());
		expect(items[0].payloadIssues).toBeUndefined();
	});

	describe('unknown', () => {
		it('emits an order Kinguin does not know (404) as null, saying so in payloadIssues', async () => {
			const { response, items } = await trigger().deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('NOPE', 'completed', AT) });
			expect(response.status).toBe(204);
			expect(items[0]).toMatchObject({
				orderId: 'NOPE',
				order: null,
				keys: null,
				payloadIssues: [
					{ path: 'order', problem: 'Kinguin has no order NOPE' },
					{ path: 'keys', problem: 'Kinguin has no keys for order NOPE' },
				],
			});
		});

		it('emits a product Kinguin does not know as null', async () => {
			const { items } = await trigger().deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(8, AT) });
			expect(items[0]).toMatchObject({ kinguinId: 8, product: null, payloadIssues: [{ path: 'product', problem: 'Kinguin has no product 8' }] });
		});
	});

	describe('could not be fetched', () => {
		it("emits null with Kinguin's own words when Kinguin refuses the API key (401)", async () => {
			const { response, items } = await trigger(ALL_OPTIONS, { ...credential(), apiKey: 'wrong' }).deliver({
				headers: kinguinHeaders('order.status'),
				rawBody: orderStatus('O1', 'processing', AT),
			});
			expect(response.status).toBe(204);
			expect(items[0].order).toBeNull();
			const [issue] = items[0].payloadIssues as Array<{ path: string; problem: string }>;
			expect(issue.path).toBe('order');
			expect(issue.problem).toMatch(/^could not be fetched: Kinguin refused the API key: check the API Key and Environment of the Kinguin API credential/);
			expect(issue.problem).toContain('Invalid authentication data.');
			expect(issue.problem).toContain('HTTP 401');
			// the retry policy does not send a refused key again (n8n's request helper itself repeats a 401 once, for expired tokens)
			expect(api.requests.length).toBeLessThanOrEqual(2);
		});

		it('emits null with the reason when Kinguin answers 503 until the retries end', async () => {
			api.failNext(503, { count: RELATED_RECORD_RETRY.maxRetries + 1, detail: 'Kinguin is down for maintenance' });
			const { response, items } = await trigger().deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(7, AT) });
			expect(response.status).toBe(204);
			expect(items[0].product).toBeNull();
			const [issue] = items[0].payloadIssues as Array<{ path: string; problem: string }>;
			expect(issue.problem).toMatch(/^could not be fetched: Kinguin did not answer as expected/);
			expect(issue.problem).toContain('Kinguin is down for maintenance');
			expect(api.requests).toHaveLength(RELATED_RECORD_RETRY.maxRetries + 1);
		}, 30_000);

		it('emits null with the reason when nothing listens at the Base URL (connection refused)', async () => {
			const closed = http.createServer();
			await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
			const { port } = closed.address() as AddressInfo;
			await new Promise((resolve) => closed.close(resolve));
			const { response, items } = await trigger(ALL_OPTIONS, { ...credential(), baseUrl: `http://127.0.0.1:${port}/esa/api` }).deliver({
				headers: kinguinHeaders('order.status'),
				rawBody: orderStatus('O1', 'processing', AT),
			});
			expect(response.status).toBe(204);
			expect(items[0]).toMatchObject({ orderId: 'O1', order: null });
			const [issue] = items[0].payloadIssues as Array<{ path: string; problem: string }>;
			expect(issue.problem).toMatch(/^could not be fetched: .*refused the connection/);
			expect(issue.problem).toContain('Kinguin did not answer as expected: check the Environment (or Base URL) of the Kinguin API credential');
		}, 30_000);

		it('waits out a 429 (Retry-After) and then adds the order', async () => {
			api.failNext(429, { retryAfter: 1 });
			const { items } = await trigger().deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('O1', 'processing', AT) });
			expect(items[0]).toMatchObject({ order: { orderId: 'O1' } });
			expect(items[0].payloadIssues).toBeUndefined();
			expect(api.requests).toHaveLength(2);
		}, 15_000);

		it('names the option and what to do when no Kinguin API credential is selected', async () => {
			const { response, items } = await trigger(ALL_OPTIONS, null).deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(7, AT) });
			expect(response.status).toBe(204);
			expect(items[0]).toMatchObject({
				product: null,
				payloadIssues: [
					{
						path: 'product',
						problem:
							'could not be fetched: Fetch Product is on, but the node has no Kinguin API credential: Select a Kinguin API credential in the Kinguin Trigger, or turn the option off.',
					},
				],
			});
		});

		it('names the Base URL when the Custom environment has none', async () => {
			const { items } = await trigger(ALL_OPTIONS, { ...credential(), baseUrl: '' }).deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(7, AT) });
			expect((items[0].payloadIssues as Array<{ problem: string }>)[0].problem).toContain('The Base URL of the Kinguin API credential is empty');
			expect(api.requests).toEqual([]);
		});
	});

	it(`answers Kinguin within ${ANSWER_WITHIN_MS / 1000} s while the order is held, and the item still gets the order afterwards`, async () => {
		const held = api.hold('/v1/order/O1');
		const response: RecordedResponse = { headers: {}, ended: false };
		const started = Date.now();
		let delivered = false;
		const delivery = trigger()
			.deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('O1', 'processing', AT) }, 'webhook', response)
			.finally(() => (delivered = true));
		await held.reached;
		await until(() => response.ended);
		const answeredAfter = Date.now() - started;
		expect(response.status).toBe(204);
		expect(answeredAfter).toBeGreaterThanOrEqual(ANSWER_WITHIN_MS - 50);
		expect(answeredAfter).toBeLessThan(ANSWER_WITHIN_MS + 1_000);
		// the workflow has not started: its items wait for the order
		expect(delivered).toBe(false);
		held.release();
		const { items } = await delivery;
		expect(items[0]).toMatchObject({ orderId: 'O1', order: kinguinOrder('O1', 'processing') });
		expect(items[0].payloadIssues).toBeUndefined();
	}, 15_000);

	it(`with every route of the API hanging, answers Kinguin at ${ANSWER_WITHIN_MS / 1000} s and starts the workflow by ${FETCH_WITHIN_MS / 1000} s with the records null and the reason`, async () => {
		api.hold();
		const response: RecordedResponse = { headers: {}, ended: false };
		const started = Date.now();
		let delivered = false;
		const delivery = trigger()
			.deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('O2', 'completed', AT) }, 'webhook', response)
			.finally(() => (delivered = true));
		await until(() => response.ended, FETCH_WITHIN_MS);
		const answeredAfter = Date.now() - started;
		expect(response.status).toBe(204);
		expect(answeredAfter).toBeGreaterThanOrEqual(ANSWER_WITHIN_MS - 50);
		expect(answeredAfter).toBeLessThan(ANSWER_WITHIN_MS + 1_000);
		// answered first: the workflow waits for the records, which never come
		expect(delivered).toBe(false);

		const { items } = await delivery;
		expect(Date.now() - started).toBeLessThan(FETCH_WITHIN_MS + 2_000);
		const noAnswer = (route: string) =>
			new RegExp(`^could not be fetched: Kinguin did not answer as expected: check the Environment \\(or Base URL\\) of the Kinguin API credential \\(GET ${route}\\): No answer in \\d+(\\.\\d)? s, \\d attempts$`);
		expect(items[0]).toMatchObject({
			orderId: 'O2',
			order: null,
			keys: null,
			payloadIssues: [
				{ path: 'order', problem: expect.stringMatching(noAnswer('/esa/api/v1/order/O2')) },
				{ path: 'keys', problem: expect.stringMatching(noAnswer('/esa/api/v2/order/O2/keys')) },
			],
		});
		// each record was asked for again within the 30 s after its first request hung
		expect(api.requests.filter((request) => request.path === '/esa/api/v1/order/O2').length).toBeGreaterThanOrEqual(2);
		expect(api.requests.filter((request) => request.path === '/esa/api/v2/order/O2/keys').length).toBeGreaterThanOrEqual(2);
	}, FETCH_WITHIN_MS + 15_000);

	describe('asks nothing', () => {
		it('when the options are off (the default)', async () => {
			const node = trigger({ events: ['product.update', 'order.status'] });
			await node.deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('O2', 'completed', AT) });
			const { items } = await node.deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(7, AT) });
			expect(items[0].product).toBeUndefined();
			expect(api.requests).toEqual([]);
		});

		it("for the dashboard's test request, a duplicate, an out-of-order one or a filtered status", async () => {
			const node = trigger({ ...ALL_OPTIONS, onlyStatuses: ['completed'] });
			const test = await node.deliver({ headers: kinguinHeaders('order.status'), rawBody: KINGUIN_ORDER_STATUS });
			expect(test.items).toEqual([expect.objectContaining({ isTest: true })]);
			expect(test.items[0].order).toBeUndefined();
			await node.deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('O2', 'completed', AT) });
			expect(api.requests).toHaveLength(2);
			const again = await node.deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('O2', 'completed', AT) });
			const older = await node.deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('O2', 'completed', '2024-01-01T00:00:00.000+00:00') });
			const filtered = await node.deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('O1', 'processing', AT) });
			expect([again.items, older.items, filtered.items]).toEqual([[], [], []]);
			expect(api.requests).toHaveLength(2);
		});

		it('for a delivery whose id could not be read, and for an invalid one Invalid Payloads rejects', async () => {
			const unread = JSON.stringify({ orderId: { nested: true }, status: 'completed', updatedAt: AT });
			const { items } = await trigger().deliver({ headers: kinguinHeaders('order.status'), rawBody: unread });
			expect(items[0]).toMatchObject({ payloadIssues: [expect.objectContaining({ path: 'orderId' })] });
			expect(items[0].order).toBeUndefined();
			const rejected = await trigger({ ...ALL_OPTIONS, invalidPayloads: 'reject' }).deliver({
				headers: kinguinHeaders('product.update'),
				rawBody: JSON.stringify({ ...JSON.parse(productUpdate(7, AT)), qty: 'many' }),
			});
			expect(rejected.response.status).toBe(400);
			expect(api.requests).toEqual([]);
		});

		it('adds the record to an emitted delivery with payload issues whose id was read', async () => {
			const { items } = await trigger().deliver({ headers: kinguinHeaders('product.update'), rawBody: JSON.stringify({ ...JSON.parse(productUpdate(7, AT)), qty: 'many' }) });
			expect(items[0]).toMatchObject({ product: kinguinProduct(7, 0), payloadIssues: [expect.objectContaining({ path: 'qty' })] });
		});
	});
});

