import { startTikiEventQueueApi } from '../../../dev/mocks/tikiEventQueueApi';
import type { TikiEventQueueMock } from '../../../dev/mocks/tikiEventQueueApi';

/** The event queue mock keeps Tiki's promises: in order, at least once, a batch again until it is acknowledged. */
describe('Tiki event queue mock', () => {
	let tiki: TikiEventQueueMock;

	beforeEach(async () => {
		tiki = await startTikiEventQueueApi({ batchSize: 2 });
	});
	afterEach(async () => {
		await tiki.close();
	});

	async function token(): Promise<string> {
		const response = await fetch(`${tiki.baseUrl}/sc/oauth2/token`, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				authorization: `Basic ${Buffer.from(`${tiki.clientId}:${tiki.clientSecret}`).toString('base64')}`,
			},
			body: 'grant_type=client_credentials',
		});
		return ((await response.json()) as { access_token: string }).access_token;
	}

	async function call(method: string, path: string, body?: unknown) {
		const response = await fetch(`${tiki.baseUrl}${path}`, {
			method,
			headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> & { events: Array<{ id: string }>; ack_id: string | null } };
	}

	async function subscribedQueue(): Promise<string> {
		const queue = await call('POST', '/integration/v1/queues', { name: 'queue 1' });
		expect(queue.body).toEqual({ code: expect.any(String), name: 'queue 1', status: 'ACTIVE' });
		const code = queue.body.code as string;
		const subscription = await call('POST', `/integration/v1/queues/${code}/subscriptions`, { event_type: 'ORDER_CREATED_SUCCESSFULLY' });
		expect(subscription.body).toEqual({ code: expect.any(String), active: true, event_type: 'ORDER_CREATED_SUCCESSFULLY', sid: expect.any(String) });
		return code;
	}

	const pull = (code: string, ackId: string | null) => call('POST', `/integration/v1/queues/${code}/events/pull`, { ack_id: ackId });
	const ids = (answer: { body: { events: Array<{ id: string }> } }) => answer.body.events.map((event) => event.id);

	it('delivers events in order, the same batch again until its ack_id comes back, then the next', async () => {
		const code = await subscribedQueue();
		const events = [1, 2, 3].map((n) => tiki.publish('ORDER_CREATED_SUCCESSFULLY', { order_code: `o${n}` }, { id: `e${n}` }));
		expect(events.map((event) => event.id)).toEqual(['e1', 'e2', 'e3']);

		const first = await pull(code, null);
		expect(ids(first)).toEqual(['e1', 'e2']);
		expect(first.body.events[0]).toEqual({ id: 'e1', sid: expect.any(String), created_at: expect.any(Number), type: 'ORDER_CREATED_SUCCESSFULLY', version: 1, payload: { order_code: 'o1' } });
		const again = await pull(code, null);
		expect(again.body).toEqual(first.body);
		expect(tiki.redeliveries).toBe(1);

		const second = await pull(code, first.body.ack_id);
		expect(ids(second)).toEqual(['e3']);
		const empty = await pull(code, second.body.ack_id);
		expect(empty.body).toEqual({ events: [], ack_id: null });
	});

	it('routes only the types a queue is actively subscribed to, and only from the subscription on', async () => {
		tiki.publish('ORDER_CREATED_SUCCESSFULLY', { order_code: 'before' }, { id: 'before' });
		const code = await subscribedQueue();
		const listed = await fetch(`${tiki.baseUrl}/integration/v1/queues/${code}/subscriptions`, { headers: { authorization: `Bearer ${await token()}` } });
		const [subscription] = (await listed.json()) as Array<{ code: string }>;
		expect((await call('PUT', `/integration/v1/queues/${code}/subscriptions/${subscription.code}`, { active: false })).body).toMatchObject({ active: false });
		tiki.publish('ORDER_CREATED_SUCCESSFULLY', { order_code: 'while-off' }, { id: 'while-off' });
		await call('PUT', `/integration/v1/queues/${code}/subscriptions/${subscription.code}`, { active: true });
		tiki.publish('ORDER_STATUS_UPDATED', { order_code: 'other', status: 'shipping' }, { id: 'other-type' });
		tiki.publish('ORDER_CREATED_SUCCESSFULLY', { order_code: 'after' }, { id: 'after' });
		expect(ids(await pull(code, null))).toEqual(['after']);
	});

	it('delivers an unacknowledged batch again after a restart, whose ack_id it no longer knows', async () => {
		const code = await subscribedQueue();
		tiki.publish('ORDER_CREATED_SUCCESSFULLY', { order_code: 'o1' }, { id: 'e1' });
		const before = await pull(code, null);
		await tiki.restart();
		const after = await pull(code, before.body.ack_id);
		expect(ids(after)).toEqual(['e1']);
		expect(after.body.ack_id).not.toBe(before.body.ack_id);
		expect((await pull(code, after.body.ack_id)).body.events).toEqual([]);
	});

	it('answers 404 for a queue it does not have, and serves orders', async () => {
		expect((await pull('no-such-queue', null)).status).toBe(404);
		const order = tiki.createOrder('239545064');
		expect((await call('GET', '/integration/v2/orders/239545064')).body).toEqual(order);
		expect((await call('GET', '/integration/v2/orders/unknown')).status).toBe(404);
	});
});
