import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startTikiEventQueueApi } from '../../../dev/mocks/tikiEventQueueApi';
import type { TikiEventQueueMock } from '../../../dev/mocks/tikiEventQueueApi';
import { nodeState, tikiEventTrigger } from './tikiEventTriggerInCore';

describe('Tiki Event Trigger: failures', () => {
	let tiki: TikiEventQueueMock;
	let staticData: IDataObject;

	beforeEach(async () => {
		tiki = await startTikiEventQueueApi({ batchSize: 2 });
		staticData = {};
	});
	afterEach(async () => {
		await tiki.close();
	});

	const poll = (parameters: INodeParameters = {}) => tikiEventTrigger(tiki.baseUrl, parameters, { staticData }).poll();
	const orderCodes = (items: IDataObject[]) => items.map((item) => item.order_code);
	const queue = () => [...tiki.queues.values()][0];

	it('renews the token once when Tiki answers 401 (n8n fetches a new one) and goes on', async () => {
		await poll();
		tiki.createOrder('order-1');
		// a restarted Tiki no longer knows the token n8n holds
		await tiki.restart();
		const { items } = await poll();
		expect(orderCodes(items)).toEqual(['order-1']);
		expect(tiki.tiki.tokensIssued).toBe(1);
		const pulls = tiki.tiki.requests.filter((request) => request.path.startsWith('/integration/')).map((request) => request.authorization);
		expect(pulls).toHaveLength(2);
		const [refused, retried] = pulls;
		expect(refused).toMatch(/^Bearer /);
		expect(retried).toMatch(/^Bearer /);
		expect(retried).not.toBe(refused);
	});

	it('fails the poll naming the credential when Tiki refuses the renewed token too', async () => {
		await poll();
		const tokens = tiki.tiki.tokensIssued;
		tiki.tiki.failNext(401, { error: { id: 'unauthorized', message: 'Unauthorized' } }, 2);
		await expect(poll()).rejects.toMatchObject({
			message: expect.stringMatching(
				/^Tiki refused the token even after n8n fetched a new one: check the Client ID, Client Secret and Client Authentication of the Tiki OAuth2 API credential \(POST \/integration\/v1\/queues\/[^/]+\/events\/pull: HTTP 401\)$/,
			),
			httpCode: '401',
		});
		expect(tiki.tiki.tokensIssued).toBe(tokens + 1);
	});

	it('names the scope the Tiki app lacks when Tiki answers 403', async () => {
		tiki.tiki.failNext(403, { errors: ['Forbidden'] });
		await expect(poll({ events: ['PRODUCT_INVENTORY_UPDATED', 'ORDER_STATUS_UPDATED'] })).rejects.toMatchObject({
			message: expect.stringContaining(
				'Tiki refused this app the scopes "inventory" and "order": grant the Tiki app those scopes on open.tiki.vn and make sure the Scope of the Tiki OAuth2 API credential is empty or includes them',
			),
			httpCode: '403',
		});
		tiki.tiki.failNext(403, { errors: ['Forbidden'] });
		await expect(poll({ events: ['PRODUCT_PRICE_UPDATED'] })).rejects.toMatchObject({
			message: expect.stringContaining('the scope "product": grant the Tiki app that scope on open.tiki.vn'),
		});
	});

	it('waits as Retry-After asks when Tiki answers 429, then pulls', async () => {
		await poll();
		tiki.createOrder('order-1');
		tiki.tiki.failNext(429, { errors: ['Too many requests'] }, 1, { 'retry-after': '1' });
		const started = Date.now();
		const { items } = await poll();
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(orderCodes(items)).toEqual(['order-1']);
	});

	it('fails the poll after a bounded number of 429s, keeping the events for the next poll', async () => {
		await poll();
		tiki.createOrder('order-1');
		tiki.tiki.failNext(429, { errors: ['Too many requests'] }, 4, { 'retry-after': '0' });
		await expect(poll()).rejects.toMatchObject({ message: expect.stringContaining('Tiki kept answering "too many requests"'), httpCode: '429' });
		expect(orderCodes((await poll()).items)).toEqual(['order-1']);
	});

	it('fails the poll on a 5xx without losing the ack_id, so the next poll picks the same events up', async () => {
		const limited = { options: { maxEventsPerPoll: 2 } };
		await poll(limited);
		tiki.createOrder('order-1');
		tiki.createOrder('order-2');
		expect(orderCodes((await poll(limited)).items)).toEqual(['order-1', 'order-2']);
		const handed = nodeState(staticData).ackId;
		tiki.createOrder('order-3');

		tiki.tiki.failNext(502, { errors: ['Bad gateway'] });
		await expect(poll(limited)).rejects.toMatchObject({
			message: expect.stringMatching(/^Tiki did not answer as expected: the events stay in the queue and the next poll fetches them again \(POST .*\/events\/pull: HTTP 502\)$/),
		});
		expect(nodeState(staticData).ackId).toBe(handed);

		expect(orderCodes((await poll(limited)).items)).toEqual(['order-3']);
		expect(tiki.pulls.at(-1)!.ackId).toBe(handed);
	});

	it('loses nothing when a pull fails: it acknowledges only a batch handed over before, and the next poll sends it again', async () => {
		await poll();
		for (let i = 1; i <= 3; i++) tiki.createOrder(`order-${i}`);
		expect(orderCodes((await poll()).items)).toEqual(['order-1', 'order-2']);
		const handed = nodeState(staticData).ackId;
		tiki.tiki.failNext(500);
		await expect(poll()).rejects.toMatchObject({ httpCode: '500' });
		expect(orderCodes((await poll()).items)).toEqual(['order-3']);
		expect(tiki.pulls.at(-1)!.ackId).toBe(handed);
		expect((await poll()).result).toBeNull();
		expect(queue().acknowledged).toBe(3);
	});

	it('fails the poll naming the Environment only when what answers a pull is not Tiki\'s JSON at all', async () => {
		await poll();
		tiki.tiki.failNext(200, '<html>a proxy login page</html>');
		await expect(poll()).rejects.toMatchObject({
			message: 'Tiki answered with something other than the pulled events',
			description: expect.stringContaining('Check the Environment (or Custom Base URL) of the Tiki OAuth2 API credential'),
		});
		tiki.tiki.failNext(200, { events: { id: 'e1' }, ack_id: 'a' });
		const error = (await poll().catch((failure: unknown) => failure)) as { description: string };
		expect(error).toMatchObject({ message: 'Tiki answered with something other than the pulled events', description: expect.stringMatching(/^events should be a list, not an object/) });
		expect(error.description).not.toContain('Environment');
	});
});
