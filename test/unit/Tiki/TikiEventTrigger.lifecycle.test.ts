import type { IDataObject } from 'n8n-workflow';

import { startTikiEventQueueApi } from '../../../dev/mocks/tikiEventQueueApi';
import type { TikiEventQueueMock } from '../../../dev/mocks/tikiEventQueueApi';
import { nodeState, QUEUE_NAME, tikiEventTrigger } from './tikiEventTriggerInCore';

describe('Tiki Event Trigger: the queue and its subscriptions', () => {
	let tiki: TikiEventQueueMock;

	beforeEach(async () => {
		tiki = await startTikiEventQueueApi();
	});
	afterEach(async () => {
		await tiki.close();
	});

	const poll = (staticData: IDataObject, events: string[] = ['ORDER_CREATED_SUCCESSFULLY', 'ORDER_STATUS_UPDATED']) =>
		tikiEventTrigger(tiki.baseUrl, { events }, { staticData }).poll();
	const onlyQueue = () => [...tiki.queues.values()][0];
	const subscriptions = () =>
		onlyQueue()
			.subscriptions.map(({ event_type, active }) => ({ event_type, active }))
			.sort((a, b) => a.event_type.localeCompare(b.event_type));
	const routes = () => tiki.tiki.requests.filter((request) => request.path.startsWith('/integration/')).map((request) => `${request.method} ${request.path}`);

	it('creates a queue named after the workflow and node on the first poll, subscribes it, keeps its code and returns null', async () => {
		const staticData: IDataObject = {};
		const { result } = await poll(staticData);

		expect(result).toBeNull();
		expect(tiki.queues.size).toBe(1);
		expect(onlyQueue().name).toBe(QUEUE_NAME);
		expect(subscriptions()).toEqual([
			{ event_type: 'ORDER_CREATED_SUCCESSFULLY', active: true },
			{ event_type: 'ORDER_STATUS_UPDATED', active: true },
		]);
		expect(nodeState(staticData)).toMatchObject({
			queueCode: onlyQueue().code,
			subscribedTypes: ['ORDER_CREATED_SUCCESSFULLY', 'ORDER_STATUS_UPDATED'],
		});
		expect(tiki.tiki.tokensIssued).toBe(1);
	});

	it('asks Tiki nothing but the pull on later polls while the selection is unchanged', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const before = routes().length;
		await poll(staticData);
		expect(routes().slice(before)).toEqual([`POST /integration/v1/queues/${onlyQueue().code}/events/pull`]);
	});

	it('finds its queue by name when its code was lost, instead of creating a second one', async () => {
		await poll({});
		const staticData: IDataObject = {};
		await poll(staticData);
		expect(tiki.queues.size).toBe(1);
		expect(nodeState(staticData).queueCode).toBe(onlyQueue().code);
	});

	it('makes the subscriptions match a changed selection: creates the missing, deactivates the deselected, reactivates the reselected', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		await poll(staticData, ['ORDER_STATUS_UPDATED', 'PRODUCT_PRICE_UPDATED']);
		expect(subscriptions()).toEqual([
			{ event_type: 'ORDER_CREATED_SUCCESSFULLY', active: false },
			{ event_type: 'ORDER_STATUS_UPDATED', active: true },
			{ event_type: 'PRODUCT_PRICE_UPDATED', active: true },
		]);
		await poll(staticData, ['ORDER_CREATED_SUCCESSFULLY']);
		expect(subscriptions()).toEqual([
			{ event_type: 'ORDER_CREATED_SUCCESSFULLY', active: true },
			{ event_type: 'ORDER_STATUS_UPDATED', active: false },
			{ event_type: 'PRODUCT_PRICE_UPDATED', active: false },
		]);
		expect(onlyQueue().subscriptions).toHaveLength(3);
	});

	it('recreates a queue deleted on Tiki, forgets the old ack_id, and receives the events routed after that', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		tiki.createOrder('1001');
		await poll(staticData);
		const deleted = onlyQueue().code;
		expect(nodeState(staticData).ackId).toEqual(expect.any(String));

		tiki.queues.delete(deleted);
		tiki.createOrder('1002');
		const { result } = await poll(staticData);
		expect(result).toBeNull();
		expect(tiki.queues.size).toBe(1);
		expect(onlyQueue().code).not.toBe(deleted);
		expect(nodeState(staticData).queueCode).toBe(onlyQueue().code);
		expect(nodeState(staticData).ackId).toBeUndefined();
		expect(tiki.pulls.at(-1)).toEqual({ queue: onlyQueue().code, ackId: null });

		tiki.createOrder('1003');
		const { items } = await poll(staticData);
		expect(items.map((item) => item.order_code)).toEqual(['1003']);
	});

	it('refuses to poll with no event type selected, saying what to do', async () => {
		await expect(poll({}, [])).rejects.toMatchObject({
			message: 'No event type is selected',
			description: expect.stringContaining('Select at least one event type in "Events"'),
		});
		expect(tiki.queues.size).toBe(0);
	});
	it('sends the queue\'s set-up calls again when Tiki answers 503 briefly at the first poll of an activation (an n8n start)', async () => {
		const staticData: IDataObject = {};
		tiki.tiki.failNext(503, { errors: ['Unavailable'] }, 2);
		expect((await poll(staticData)).result).toBeNull();
		expect(onlyQueue().name).toBe(QUEUE_NAME);
		expect(nodeState(staticData).queueCode).toBe(onlyQueue().code);
	});

	it('never polls production\'s queue from a copy of the workflow in another n8n (same ids, a copy of the static data)', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const production = onlyQueue();
		const copy = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		await tikiEventTrigger(tiki.baseUrl, { events: ['ORDER_CREATED_SUCCESSFULLY', 'ORDER_STATUS_UPDATED'] }, { staticData: copy, instanceId: 'another-n8n-instance' }).poll();
		expect(tiki.queues.size).toBe(2);
		expect(nodeState(copy).queueCode).not.toBe(production.code);
		expect(nodeState(staticData).queueCode).toBe(production.code);
	});
});
