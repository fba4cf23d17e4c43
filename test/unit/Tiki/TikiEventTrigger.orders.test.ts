import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { OrderFetchAttempts } from '../../../nodes/Tiki/TikiEventTrigger/orderFetchAttempts';
import { ORDER_FETCH_POLLS } from '../../../nodes/Tiki/TikiEventTrigger/orderFetchAttempts';
import type { TikiEventQueueState } from '../../../nodes/Tiki/TikiEventTrigger/TikiEventTrigger.state';
import { ORDER_FETCH_CONCURRENCY } from '../../../nodes/Tiki/TikiEventTrigger/TikiEventTrigger.poll';
import { startTikiEventQueueApi } from '../../../dev/mocks/tikiEventQueueApi';
import type { TikiEventQueueMock } from '../../../dev/mocks/tikiEventQueueApi';
import { nodeState, tikiEventTrigger } from './tikiEventTriggerInCore';

const FULL_ORDER: INodeParameters = {
	events: ['ORDER_CREATED_SUCCESSFULLY', 'ORDER_STATUS_UPDATED', 'PRODUCT_PRICE_UPDATED'],
	options: { fetchFullOrder: true },
};

describe('Tiki Event Trigger: Fetch Full Order', () => {
	let tiki: TikiEventQueueMock;
	let staticData: IDataObject;

	beforeEach(async () => {
		tiki = await startTikiEventQueueApi({ batchSize: 50 });
		staticData = {};
		expect((await poll()).result).toBeNull();
	});
	afterEach(async () => {
		await tiki.close();
	});

	function poll(parameters: INodeParameters = FULL_ORDER) {
		return tikiEventTrigger(tiki.baseUrl, parameters, { staticData }).poll();
	}
	const orderRequests = () => tiki.tiki.requests.filter((request) => request.path.startsWith('/integration/v2/orders/'));

	it('puts the order Tiki has now under "order" for each order event, and leaves other events alone', async () => {
		const created = tiki.createOrder('239545064');
		tiki.publish('ORDER_STATUS_UPDATED', { order_code: '239545064', status: 'shipping' });
		tiki.publish('PRODUCT_PRICE_UPDATED', { product_id: 2162835, price_to: '120000' });

		const { items } = await poll();
		expect(items).toEqual([
			expect.objectContaining({ type: 'ORDER_CREATED_SUCCESSFULLY', order_code: '239545064', order: created }),
			expect.objectContaining({ type: 'ORDER_STATUS_UPDATED', order_code: '239545064', status: 'shipping', order: created }),
			expect.not.objectContaining({ order: expect.anything() }),
		]);
		expect(orderRequests().map((request) => request.path)).toEqual(['/integration/v2/orders/239545064', '/integration/v2/orders/239545064']);
	});

	it('keeps ids beyond 2^53 exact, in events and in the orders it fetches', async () => {
		const order = tiki.createOrder('239545064');
		order.id = 9007199254740993n as unknown as number;
		tiki.publish('PRODUCT_PRICE_UPDATED', { product_id: 12345678901234567891n, price_to: '120000' });

		const { items } = await poll();
		expect(items).toEqual([
			expect.objectContaining({ type: 'ORDER_CREATED_SUCCESSFULLY', order: expect.objectContaining({ id: '9007199254740993' }) }),
			expect.objectContaining({ type: 'PRODUCT_PRICE_UPDATED', product_id: '12345678901234567891' }),
		]);
	});

	it('fetches no order without the option', async () => {
		tiki.createOrder('239545064');
		const { items } = await poll({ events: FULL_ORDER.events });
		expect(items[0]).not.toHaveProperty('order');
		expect(orderRequests()).toHaveLength(0);
	});

	it(`asks Tiki for at most ${ORDER_FETCH_CONCURRENCY} orders at once`, async () => {
		tiki.orderDelayMs = 30;
		for (let i = 0; i < 12; i++) tiki.createOrder(`order-${i}`);
		const { items } = await poll();
		expect(items).toHaveLength(12);
		expect(items.every((item) => (item.order as IDataObject).code === item.order_code)).toBe(true);
		expect(tiki.maxOrdersInFlight).toBe(ORDER_FETCH_CONCURRENCY);
	});

	it('gives "order": null for an order Tiki does not know', async () => {
		tiki.publish('ORDER_CREATED_SUCCESSFULLY', { order_code: 'unknown-order' });
		const { items } = await poll();
		expect(items[0]).toMatchObject({ order_code: 'unknown-order', order: null });
	});

	it('waits as Retry-After asks when Tiki answers an order request 429', async () => {
		tiki.createOrder('239545064');
		tiki.tiki.failAfter(1, 429, { errors: ['Too many requests'] }, { 'retry-after': '1' });
		const started = Date.now();
		const { items } = await poll();
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(items[0]).toMatchObject({ order: expect.objectContaining({ code: '239545064' }) });
	});

	it('leaves a batch whose order cannot be fetched in the queue, and emits it with its orders once Tiki answers again', async () => {
		tiki.createOrder('239545064');
		const ackBefore = nodeState(staticData).ackId;
		tiki.tiki.failAfter(1, 503, { errors: ['Unavailable'] });
		expect((await poll()).result).toBeNull();
		expect(nodeState(staticData).ackId).toBe(ackBefore);
		expect(nodeState(staticData).recentEventIds).toBeUndefined();
		expect(Object.values(nodeState(staticData).orderFetchFailures ?? {})).toEqual([1]);

		const { items } = await poll();
		expect(items).toEqual([expect.objectContaining({ order_code: '239545064', order: expect.objectContaining({ code: '239545064' }) })]);
		expect(items[0]).not.toHaveProperty('orderFetchError');
		expect(nodeState(staticData).orderFetchFailures).toBeUndefined();
	});

	it(`emits an event whose order fails in ${ORDER_FETCH_POLLS} polls with the fetch error, and the queue goes on`, async () => {
		tiki.createOrder('239545064');
		tiki.publish('PRODUCT_PRICE_UPDATED', { product_id: 2162835, price_to: '120000' });
		for (let attempt = 1; attempt < ORDER_FETCH_POLLS; attempt++) {
			tiki.tiki.failAfter(1, 500, { errors: ['Order service down'] });
			expect((await poll()).result).toBeNull();
		}
		tiki.tiki.failAfter(1, 500, { errors: ['Order service down'] });
		const { items } = await poll();
		expect(items).toEqual([
			expect.objectContaining({
				order_code: '239545064',
				order: null,
				orderFetchError: 'Tiki did not answer with the order. Tiki\'s answer: "Order service down" (GET /integration/v2/orders/239545064: HTTP 500)',
			}),
			expect.objectContaining({ type: 'PRODUCT_PRICE_UPDATED' }),
		]);
		expect(nodeState(staticData).orderFetchFailures).toBeUndefined();
		tiki.createOrder('239545065');
		expect((await poll()).items).toEqual([expect.objectContaining({ order_code: '239545065', order: expect.objectContaining({ code: '239545065' }) })]);
	});

	it('shows the fetch error at once in manual mode, keeping nothing', async () => {
		tiki.createOrder('239545064');
		// a test lists the queues and reads the queue's subscriptions, then pulls: the order is the fourth request
		tiki.tiki.failAfter(3, 503, { errors: ['Unavailable'] });
		const { items } = await tikiEventTrigger(tiki.baseUrl, FULL_ORDER, { staticData }).poll('manual');
		expect(items).toEqual([expect.objectContaining({ order_code: '239545064', order: null, orderFetchError: expect.stringContaining('HTTP 503') })]);
		expect(nodeState(staticData).orderFetchFailures).toBeUndefined();
	});
});

describe('OrderFetchAttempts', () => {
	it('counts failed polls per event, keeps at most 100 events, and forgets an event once settled', () => {
		const state: TikiEventQueueState = {};
		const attempts = new OrderFetchAttempts(state);
		expect(attempts.failed('e1')).toEqual({ attempt: 1, exhausted: false });
		expect(attempts.failed('e1')).toEqual({ attempt: 2, exhausted: false });
		expect(attempts.failed('e1')).toEqual({ attempt: ORDER_FETCH_POLLS, exhausted: true });
		for (let i = 0; i < 150; i++) attempts.failed(`other-${i}`);
		expect(Object.keys(state.orderFetchFailures ?? {})).toHaveLength(100);
		expect(state.orderFetchFailures).not.toHaveProperty('e1');
		attempts.settled('other-149');
		expect(state.orderFetchFailures).not.toHaveProperty('other-149');
	});
});
