import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startTikiEventQueueApi } from '../../../dev/mocks/tikiEventQueueApi';
import type { TikiEventQueueMock } from '../../../dev/mocks/tikiEventQueueApi';
import { NODE_ID, nodeState, QUEUE_NAME, tikiEventTrigger } from './tikiEventTriggerInCore';

const ORDERS = ['ORDER_CREATED_SUCCESSFULLY', 'ORDER_STATUS_UPDATED'];

/**
 * The Tiki Event Trigger over a workflow's life, in n8n-core's contexts: "Fetch Test Event" beside an active
 * workflow (n8n runs it on the draft with production's static data), activations and starts that find the
 * subscriptions changed on Tiki, renames.
 */
describe('Tiki Event Trigger over time', () => {
	let tiki: TikiEventQueueMock;
	let staticData: IDataObject;

	beforeEach(async () => {
		tiki = await startTikiEventQueueApi({ batchSize: 2 });
		staticData = {};
	});
	afterEach(async () => {
		await tiki.close();
	});

	const poll = (parameters: INodeParameters = {}, options: { activation?: 'same' | 'new'; nodeName?: string } = {}) =>
		tikiEventTrigger(tiki.baseUrl, parameters, { staticData, ...options }).poll();
	const fetchTestEvent = (parameters: INodeParameters = {}) => tikiEventTrigger(tiki.baseUrl, parameters, { staticData }).poll('manual');
	const queue = () => [...tiki.queues.values()][0];
	const subscriptions = () => queue().subscriptions.map(({ event_type, active }) => `${event_type}:${active}`).sort();
	const subscriptionChanges = () =>
		tiki.tiki.requests.filter((request) => request.path.includes('/subscriptions') && request.method !== 'GET').length;
	const snapshot = () => ({
		state: JSON.parse(JSON.stringify(nodeState(staticData))),
		subscriptions: subscriptions(),
		acknowledged: queue().acknowledged,
		changes: subscriptionChanges(),
	});

	it('shows what the queue holds to "Fetch Test Event" without acknowledging it, and the active workflow still emits it once', async () => {
		await poll();
		tiki.createOrder('order-1');
		tiki.createOrder('order-2');
		expect((await poll()).items.map((item) => item.order_code)).toEqual(['order-1', 'order-2']);
		// until the next poll acknowledges that batch, a test shows it again
		expect((await fetchTestEvent()).items.map((item) => item.order_code)).toEqual(['order-1', 'order-2']);
		expect((await poll()).result).toBeNull();
		tiki.createOrder('order-3');
		const before = snapshot();

		const shown = await fetchTestEvent();
		expect(shown.items.map((item) => item.order_code)).toEqual(['order-3']);
		expect(tiki.pulls.at(-1)).toEqual({ queue: queue().code, ackId: null });
		expect(snapshot()).toEqual(before);

		expect((await poll()).items.map((item) => item.order_code)).toEqual(['order-3']);
		expect((await poll()).items).toEqual([]);
	});

	it('refuses "Fetch Test Event" for events the queue is not subscribed to, changing no subscription', async () => {
		await poll();
		const before = snapshot();
		await expect(fetchTestEvent({ events: [...ORDERS, 'PRODUCT_PRICE_UPDATED'] })).rejects.toMatchObject({
			message: "The node's Tiki queue is not subscribed to PRODUCT_PRICE_UPDATED",
			description: expect.stringContaining('never changes its subscriptions'),
		});
		expect(snapshot()).toEqual(before);
	});

	it('shows only the draft\'s events when the draft selects fewer than the queue has', async () => {
		await poll();
		tiki.createOrder('order-1');
		tiki.publish('ORDER_STATUS_UPDATED', { order_code: 'order-1', status: 'shipping' });
		const shown = await fetchTestEvent({ events: ['ORDER_STATUS_UPDATED'] });
		expect(shown.items.map((item) => item.type)).toEqual(['ORDER_STATUS_UPDATED']);
		expect(subscriptions()).toEqual(['ORDER_CREATED_SUCCESSFULLY:true', 'ORDER_STATUS_UPDATED:true']);
	});

	it('creates the node\'s queue at a "Fetch Test Event" before any activation, which the first poll then uses', async () => {
		expect((await fetchTestEvent()).result).toBeNull();
		expect(tiki.queues.size).toBe(1);
		expect(queue().name).toBe(QUEUE_NAME);
		expect(nodeState(staticData)).toEqual({});
		tiki.createOrder('order-1');
		expect((await fetchTestEvent()).items.map((item) => item.order_code)).toEqual(['order-1']);
		expect((await poll()).items.map((item) => item.order_code)).toEqual(['order-1']);
		expect(tiki.queues.size).toBe(1);
	});

	it('checks its subscriptions on Tiki at the first poll of every activation, and repairs one deactivated or removed there', async () => {
		await poll();
		queue().subscriptions.find((subscription) => subscription.event_type === 'ORDER_CREATED_SUCCESSFULLY')!.active = false;
		queue().subscriptions = queue().subscriptions.filter((subscription) => subscription.event_type !== 'ORDER_STATUS_UPDATED');
		// the same activation trusts what it checked
		await poll();
		expect(subscriptions()).toEqual(['ORDER_CREATED_SUCCESSFULLY:false']);

		await poll({}, { activation: 'new' });
		expect(subscriptions()).toEqual(['ORDER_CREATED_SUCCESSFULLY:true', 'ORDER_STATUS_UPDATED:true']);
		tiki.createOrder('after-the-repair');
		expect((await poll({}, { activation: 'new' })).items.map((item) => item.order_code)).toEqual(['after-the-repair']);
	});

	it('keeps its queue, ack_id and seen ids when renamed, so nothing is emitted twice', async () => {
		// one batch per poll: a poll leaves its batch for the next one to acknowledge
		const onePerPoll = { options: { maxEventsPerPoll: 2 } };
		await poll(onePerPoll);
		tiki.createOrder('order-1');
		tiki.createOrder('order-2');
		expect((await poll(onePerPoll)).items).toHaveLength(2);
		const { queueCode, ackId } = nodeState(staticData);

		// Tiki forgets the ack_id and delivers the batch again, to the renamed node
		await tiki.restart();
		const renamed = await poll(onePerPoll, { nodeName: 'Tiki orders', activation: 'new' });
		expect(renamed.items).toEqual([]);
		expect(tiki.redeliveries).toBe(1);
		expect(nodeState(staticData).queueCode).toBe(queueCode);
		expect(ackId).toEqual(expect.any(String));
		expect(tiki.queues.size).toBe(1);
	});

	it('adopts the queue and memory an earlier version kept under the node\'s id, and from then on keeps them in its own static data', async () => {
		await poll();
		tiki.createOrder('order-1');
		await poll();
		const kept = JSON.parse(JSON.stringify(nodeState(staticData)));
		// how versions before this one left it: the whole state under the node's id only
		staticData = { global: { [`node:${NODE_ID}`]: JSON.parse(JSON.stringify(kept)) } };
		await tiki.restart();
		expect((await poll({}, { activation: 'new' })).items).toEqual([]);
		expect(tiki.redeliveries).toBe(1);
		expect(staticData['node:Trigger']).toMatchObject({ queueCode: kept.queueCode, recentEventIds: kept.recentEventIds });
		expect(tiki.queues.size).toBe(1);
	});

	it('keeps a copy of its state under the node\'s id, with the name it was written under', async () => {
		await poll();
		tiki.createOrder('order-1');
		await poll();
		const own = staticData['node:Trigger'] as IDataObject;
		expect(own).toMatchObject({ queueCode: expect.any(String), ackId: expect.any(String), recentEventIds: [expect.any(String)] });
		expect((staticData.global as IDataObject)[`node:${NODE_ID}`]).toEqual({ ...JSON.parse(JSON.stringify(own)), nodeName: 'Trigger' });
	});

	it('does not start from that copy under the same name when its own state is empty (n8n\'s durable poll cursor was never committed)', async () => {
		await poll();
		tiki.createOrder('order-1');
		expect((await poll()).items).toHaveLength(1);
		// what n8n would load if its static data was saved and the cursor with the execution was not
		staticData = { global: JSON.parse(JSON.stringify(staticData.global)) };
		await tiki.restart();
		expect((await poll({}, { activation: 'new' })).items.map((item) => item.order_code)).toEqual(['order-1']);
	});
});
