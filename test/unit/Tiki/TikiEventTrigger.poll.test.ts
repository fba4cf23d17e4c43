import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { RecentEventIds } from '../../../nodes/Tiki/TikiEventTrigger/recentEventIds';
import { PULLS_PER_POLL } from '../../../nodes/Tiki/TikiEventTrigger/TikiEventTrigger.poll';
import { startTikiEventQueueApi } from '../../../dev/mocks/tikiEventQueueApi';
import type { TikiEventQueueMock, TikiQueueEvent } from '../../../dev/mocks/tikiEventQueueApi';
import { nodeState, tikiEventTrigger } from './tikiEventTriggerInCore';

const ALL_TYPES = [
	'ORDER_CREATED_SUCCESSFULLY',
	'ORDER_STATUS_UPDATED',
	'PRODUCT_INVENTORY_UPDATED',
	'PRODUCT_MARKET_PRICE_UPDATED',
	'PRODUCT_PRICE_UPDATED',
];

describe('Tiki Event Trigger: each poll', () => {
	let tiki: TikiEventQueueMock;
	let staticData: IDataObject;

	beforeEach(async () => {
		tiki = await startTikiEventQueueApi({ batchSize: 2 });
		staticData = {};
	});
	afterEach(async () => {
		await tiki.close();
	});

	const poll = (parameters: INodeParameters = {}, mode: 'trigger' | 'manual' = 'trigger') =>
		tikiEventTrigger(tiki.baseUrl, parameters, { staticData }).poll(mode);
	const queue = () => [...tiki.queues.values()][0];
	/** The first poll creates and subscribes the queue: Tiki routes only events that happen after that. */
	const subscribed = async (parameters: INodeParameters = {}) => {
		expect((await poll(parameters)).result).toBeNull();
	};

	it('emits one item per event, typed per type, with the event fields first and created_at as ISO 8601', async () => {
		await subscribed({ events: ALL_TYPES });
		tiki.batchSize = 5;
		const createdAt = Date.UTC(2026, 10, 23, 8, 15, 30, 250);
		const publish = (type: string, payload: Record<string, unknown>, version = 1) => {
			const event = tiki.publish(type, payload, { version, id: `event-${type}` });
			queue().events.at(-1)!.created_at = createdAt;
			return event;
		};
		publish('ORDER_CREATED_SUCCESSFULLY', { order_code: 239545064 });
		publish('ORDER_STATUS_UPDATED', { order_code: '239545064', status: 'shipping' });
		publish('PRODUCT_PRICE_UPDATED', { product_id: 2162835, original_sku: 'xyz_abc', price_from: '150000', price_to: '120000' });
		publish('PRODUCT_MARKET_PRICE_UPDATED', { product_id: 2162835, original_sku: 'xyz_abc', market_price_from: '200000', market_price_to: '180000' });
		publish(
			'PRODUCT_INVENTORY_UPDATED',
			{ product_id: 2162835, original_sku: 'xyz_abc', warehouse_id: 7, quantity_sellable_from: 5, quantity_sellable_to: 4 },
			2,
		);

		const { items } = await poll({ events: ALL_TYPES });
		const leading = (type: string, version = 1) => ({ eventId: `event-${type}`, type, version, createdAt: '2026-11-23T08:15:30.250Z' });
		expect(items).toEqual([
			{ ...leading('ORDER_CREATED_SUCCESSFULLY'), order_code: '239545064' },
			{ ...leading('ORDER_STATUS_UPDATED'), order_code: '239545064', status: 'shipping' },
			{ ...leading('PRODUCT_PRICE_UPDATED'), product_id: '2162835', original_sku: 'xyz_abc', price_from: '150000', price_to: '120000' },
			{ ...leading('PRODUCT_MARKET_PRICE_UPDATED'), product_id: '2162835', original_sku: 'xyz_abc', market_price_from: '200000', market_price_to: '180000' },
			{
				...leading('PRODUCT_INVENTORY_UPDATED', 2),
				product_id: '2162835',
				original_sku: 'xyz_abc',
				warehouse_id: '7',
				quantity_sellable_from: 5,
				quantity_sellable_to: 4,
			},
		]);
	});

	it('hands over one batch per poll, which the next poll\'s pull acknowledges with the ack_id kept at the hand-over', async () => {
		await subscribed();
		for (let i = 0; i < 5; i++) tiki.createOrder(`order-${i}`);
		const pullsBefore = tiki.pulls.length;

		const handed: string[][] = [];
		for (let round = 0; round < 3; round++) {
			const { items } = await poll();
			handed.push(items.map((item) => item.order_code as string));
			// Tiki still waits for the acknowledgement of the batch just handed over
			expect(queue().acknowledged).toBe(handed.flat().length - handed[round].length);
			expect(nodeState(staticData).ackId).toBe(queue().outstanding?.ackId);
		}
		expect(handed).toEqual([['order-0', 'order-1'], ['order-2', 'order-3'], ['order-4']]);
		expect((await poll()).result).toBeNull();
		expect(queue().acknowledged).toBe(5);

		const pulls = tiki.pulls.slice(pullsBefore).map((pull) => pull.ackId);
		// one pull per poll, each with the ack_id of the batch the poll before handed over
		expect(pulls).toHaveLength(4);
		expect(pulls[0]).toBeNull();
		expect(new Set(pulls.slice(1)).size).toBe(3);
		expect(tiki.redeliveries).toBe(0);
	});

	it(`goes on past batches with nothing to hand over, acknowledging each with its next pull, up to ${PULLS_PER_POLL} pulls a poll`, async () => {
		await subscribed();
		const unselected = (id: string) => ({ id, sid: 's', created_at: 0, type: 'PRODUCT_PRICE_UPDATED', version: 1, payload: { product_id: id } });
		// eleven batches of events of a type the node does not select, then one order
		for (let i = 0; i < 22; i++) queue().events.push(unselected(`price-${i}`));
		tiki.createOrder('order-1');
		const pullsBefore = tiki.pulls.length;

		expect((await poll()).result).toBeNull();
		expect(tiki.pulls.length - pullsBefore).toBe(PULLS_PER_POLL);
		expect(queue().acknowledged).toBe(2 * (PULLS_PER_POLL - 1));
		expect((await poll()).items.map((item) => item.order_code)).toEqual(['order-1']);
		expect(queue().acknowledged).toBe(22);
	});

	it('hands a batch with more new events than "Max Events per Poll" over in parts, one per poll, and acknowledges it after the last', async () => {
		const limited = { options: { maxEventsPerPoll: 2 } };
		await subscribed(limited);
		tiki.batchSize = 5;
		for (let i = 0; i < 5; i++) tiki.createOrder(`order-${i}`);

		const parts: unknown[][] = [];
		for (let round = 0; round < 3; round++) parts.push((await poll(limited)).items.map((item) => item.order_code));
		expect(parts).toEqual([['order-0', 'order-1'], ['order-2', 'order-3'], ['order-4']]);
		// Tiki delivered the batch again to the second and third poll; it is acknowledged only now
		expect(tiki.redeliveries).toBe(2);
		expect(queue().acknowledged).toBe(0);
		expect((await poll(limited)).result).toBeNull();
		expect(queue().acknowledged).toBe(5);
	});

	it('hands a batch with an event whose id cannot be read over whole, whatever "Max Events per Poll" says', async () => {
		const limited = { options: { maxEventsPerPoll: 1 } };
		await subscribed(limited);
		tiki.createOrder('order-1');
		queue().events.push({ sid: 's', created_at: 0, type: 'ORDER_CREATED_SUCCESSFULLY', version: 1, payload: { order_code: 'no-id' } } as unknown as TikiQueueEvent);
		expect((await poll(limited)).items.map((item) => item.order_code)).toEqual(['order-1', 'no-id']);
		expect((await poll(limited)).result).toBeNull();
	});

	it('runs one poll of a node at a time: a poll that starts while the one before runs emits nothing and asks Tiki nothing', async () => {
		await subscribed();
		tiki.createOrder('order-1');
		const held = tiki.hold('pull');
		const first = poll();
		await held.reached;
		const requests = tiki.tiki.requests.length;
		expect((await poll()).result).toBeNull();
		expect(tiki.tiki.requests).toHaveLength(requests);
		held.release();
		expect((await first).items.map((item) => item.order_code)).toEqual(['order-1']);
	});

	it('keeps the ack_id of the last batch it hands over; the next poll sends it to acknowledge that batch', async () => {
		const limited = { options: { maxEventsPerPoll: 2 } };
		await subscribed(limited);
		tiki.createOrder('order-1');
		tiki.createOrder('order-2');

		expect((await poll(limited)).items).toHaveLength(2);
		const delivered = queue().outstanding?.ackId;
		expect(delivered).toEqual(expect.any(String));
		expect(nodeState(staticData).ackId).toBe(delivered);
		// the limit stopped the poll before a further pull: Tiki still waits for the acknowledgement
		expect(queue().acknowledged).toBe(0);

		expect((await poll(limited)).result).toBeNull();
		expect(tiki.pulls.at(-1)!.ackId).toBe(delivered);
		expect(queue().acknowledged).toBe(2);
		expect(tiki.redeliveries).toBe(0);
	});

	it('passes an event of a type Tiki added later through untyped, and one whose payload does not match with the reason', async () => {
		await subscribed();
		tiki.queues.get(queue().code)!.events.push(
			{ id: 'new-type', sid: 's', created_at: 0, type: 'ORDER_RETURN_REQUESTED', version: 1, payload: { return_code: 'R1' } },
			{ id: 'odd-payload', sid: 's', created_at: 0, type: 'ORDER_STATUS_UPDATED', version: 1, payload: { order_code: 'A1' } },
		);
		const { items } = await poll();
		expect(items).toEqual([
			{ eventId: 'new-type', type: 'ORDER_RETURN_REQUESTED', version: 1, createdAt: '1970-01-01T00:00:00.000Z', return_code: 'R1' },
			{
				eventId: 'odd-payload',
				type: 'ORDER_STATUS_UPDATED',
				version: 1,
				createdAt: '1970-01-01T00:00:00.000Z',
				order_code: 'A1',
				payloadIssues: [{ path: 'payload.status', problem: 'is missing' }],
			},
		]);
	});

	it('reads each event on its own: a malformed one is emitted with its issues and acknowledged with its batch', async () => {
		await subscribed();
		tiki.createOrder('order-1');
		const malformed = [
			{ id: 'text-time', sid: 's', created_at: '1700000000000', type: 'ORDER_STATUS_UPDATED', version: 1, payload: { order_code: 'A1', status: 'shipping' } },
			{ id: 'json-payload', sid: 's', created_at: 1700000000000, type: 'ORDER_STATUS_UPDATED', version: 1, payload: '{"order_code":"A2","status":"canceled"}' },
			{ id: 'no-time', sid: 's', type: 'ORDER_STATUS_UPDATED', version: 1, payload: { order_code: 'A3', status: 'shipping' } },
			'not an event',
		];
		tiki.queues.get(queue().code)!.events.push(...(malformed as unknown as TikiQueueEvent[]));
		tiki.createOrder('order-2');
		tiki.batchSize = 10;
		const { items } = await poll({ options: { maxEventsPerPoll: 10 } });
		expect(items).toEqual([
			expect.objectContaining({ order_code: 'order-1' }),
			{ eventId: 'text-time', type: 'ORDER_STATUS_UPDATED', version: 1, createdAt: '2023-11-14T22:13:20.000Z', order_code: 'A1', status: 'shipping' },
			{ eventId: 'json-payload', type: 'ORDER_STATUS_UPDATED', version: 1, createdAt: '2023-11-14T22:13:20.000Z', order_code: 'A2', status: 'canceled' },
			expect.objectContaining({ eventId: 'no-time', createdAt: null, order_code: 'A3', payloadIssues: [{ path: 'created_at', problem: 'is missing' }] }),
			expect.objectContaining({ eventId: null, type: null, event: 'not an event', payloadIssues: [{ path: '(body)', problem: 'should be an object, not text' }] }),
			expect.objectContaining({ order_code: 'order-2' }),
		]);
		expect((await poll()).result).toBeNull();
		expect(queue().acknowledged).toBe(6);
		expect(tiki.redeliveries).toBe(0);
	});

	it('never lets a payload field overwrite the event fields', async () => {
		await subscribed();
		tiki.publish('ORDER_STATUS_UPDATED', { order_code: 'A1', status: 'shipping', eventId: 'forged', type: 'forged', createdAt: 'forged' }, { id: 'real' });
		const [item] = (await poll()).items;
		expect(item).toMatchObject({ eventId: 'real', type: 'ORDER_STATUS_UPDATED', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
	});

	it('drops events of a known type the node does not select (still acknowledged)', async () => {
		await subscribed({ events: ['ORDER_CREATED_SUCCESSFULLY', 'PRODUCT_PRICE_UPDATED'] });
		tiki.publish('PRODUCT_PRICE_UPDATED', { product_id: 1, price_to: '1' });
		tiki.createOrder('order-1');
		const { items } = await poll({ events: ['ORDER_CREATED_SUCCESSFULLY'] });
		expect(items.map((item) => item.type)).toEqual(['ORDER_CREATED_SUCCESSFULLY']);
	});

	it('emits an event Tiki delivers again (at-least-once) only once: after a restart of the queue and within a batch', async () => {
		await subscribed();
		tiki.createOrder('order-1');
		tiki.createOrder('order-2');
		expect((await poll({ options: { maxEventsPerPoll: 2 } })).items.map((item) => item.order_code)).toEqual(['order-1', 'order-2']);

		// the batch was handed but not yet acknowledged: after a restart Tiki no longer knows its ack_id
		await tiki.restart();
		tiki.createOrder('order-3');
		tiki.publish('ORDER_STATUS_UPDATED', { order_code: 'order-3', status: 'queueing' }, { id: 'twice' });
		tiki.publish('ORDER_STATUS_UPDATED', { order_code: 'order-3', status: 'queueing' }, { id: 'twice' });
		const { items } = await poll({ options: { maxEventsPerPoll: 10 } });
		expect(tiki.redeliveries).toBe(1);
		expect(items.map((item) => item.eventId)).toEqual([expect.any(String), 'twice']);
		expect(items[0].order_code).toBe('order-3');
		expect(nodeState(staticData).recentEventIds).toHaveLength(4);
	});

	it('in manual mode shows the next batch without acknowledging it or remembering its ids', async () => {
		await subscribed();
		tiki.createOrder('order-1');
		tiki.createOrder('order-2');
		tiki.createOrder('order-3');
		const before = { ...nodeState(staticData) };

		const shown = await poll({}, 'manual');
		expect(shown.items.map((item) => item.order_code)).toEqual(['order-1', 'order-2']);
		expect(nodeState(staticData)).toEqual(before);

		expect((await poll()).items.map((item) => item.order_code)).toEqual(['order-1', 'order-2']);
		expect(tiki.redeliveries).toBe(1);
		expect((await poll()).items.map((item) => item.order_code)).toEqual(['order-3']);
	});

	it('returns null when the queue is empty, in manual mode too', async () => {
		await subscribed();
		expect((await poll()).result).toBeNull();
		expect((await poll({}, 'manual')).result).toBeNull();
	});
});

describe('RecentEventIds', () => {
	it('remembers ids only on commit and forgets the oldest beyond its capacity', () => {
		const state: IDataObject = { recentEventIds: ['a', 'b'] };
		const ids = new RecentEventIds(state, 3);
		expect(ids.has('a')).toBe(true);
		ids.take(['c', 'd', 'c']);
		expect(ids.has('d')).toBe(true);
		expect(state.recentEventIds).toEqual(['a', 'b']);
		ids.commit();
		expect(state.recentEventIds).toEqual(['b', 'c', 'd']);
	});
});
