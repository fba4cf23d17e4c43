import { emittedItems, triggerWorkflow } from '../../dev/n8n';
import type { N8nApi, TriggerWorkflow } from '../../dev/n8n';
import { tikiCredentialFields } from '../../dev/fixtures/tiki';
import { startTikiEventQueueApi } from '../../dev/mocks/tikiEventQueueApi';
import type { TikiEventQueueMock } from '../../dev/mocks/tikiEventQueueApi';
import { n8nUnderTest } from './setup/n8nUnderTest';

/**
 * The Tiki Event Trigger inside a real n8n, polling an HTTP server that speaks Tiki's token, queue,
 * subscription, pull and order routes. n8n polls at most once a minute (it refuses a cron that fires more often),
 * and polls once whenever it activates a polling workflow: the first steps activate the workflow to make it poll,
 * and deactivate it in between, so no scheduled poll interferes; the last one leaves it active, every minute,
 * until n8n's own schedule polls.
 */
describe('Tiki Event Trigger in n8n', () => {
	let api: N8nApi;
	let tiki: TikiEventQueueMock;
	let credential: { id: string; name: string };
	let workflow: TriggerWorkflow;
	let workflowId: string;

	const parameters = (pollTimes: Record<string, unknown>) => ({
		events: ['ORDER_CREATED_SUCCESSFULLY'],
		pollTimes: { item: [pollTimes] },
		// one batch per poll, so a poll leaves its batch for the next one to acknowledge
		options: { fetchFullOrder: true, maxEventsPerPoll: 2 },
	});

	/** One poll: n8n runs the poll as it activates the workflow. */
	async function pollOnce(): Promise<void> {
		await api.activate(workflowId);
		await api.deactivate(workflowId);
	}

	async function orderItems(executions: number, timeoutMs?: number) {
		const settled = await api.settledExecutions(workflowId, executions, { timeoutMs });
		return settled.flatMap((execution) => emittedItems(execution, workflow.downstreamName));
	}

	beforeAll(async () => {
		api = n8nUnderTest();
		tiki = await startTikiEventQueueApi({ batchSize: 2 });
		credential = await api.createCredential('Tiki events e2e', 'tikiOAuth2Api', tikiCredentialFields(tiki.baseUrl));
		workflow = triggerWorkflow({ node: 'tikiEventTrigger', parameters: parameters({ mode: 'everyMinute' }), credentials: { tikiOAuth2Api: credential } });
		workflowId = await api.createWorkflow(workflow.definition);
	});

	afterAll(async () => {
		await tiki.close();
	});

	it('is refused a poll interval under a minute (a custom cron with seconds)', async () => {
		const fast = triggerWorkflow({
			node: 'tikiEventTrigger',
			parameters: parameters({ mode: 'custom', cronExpression: '*/5 * * * * *' }),
			credentials: { tikiOAuth2Api: credential },
		});
		const fastId = await api.createWorkflow(fast.definition);
		await expect(api.activate(fastId)).rejects.toThrow(/at least a minute/);
		expect(tiki.queues.size).toBe(0);
	});

	it('accepts several Poll Times a minute as entries of their own, each a minute apart (custom crons at seconds 0, 20 and 40)', async () => {
		const often = triggerWorkflow({
			node: 'tikiEventTrigger',
			parameters: {
				...parameters({ mode: 'custom', cronExpression: '0 * * * * *' }),
				pollTimes: { item: ['0', '20', '40'].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })) },
			},
			credentials: { tikiOAuth2Api: credential },
		});
		const oftenId = await api.createWorkflow(often.definition);
		await api.activate(oftenId);
		await api.deactivate(oftenId);
		// its poll at activation made a queue of its own
		expect(tiki.queues.size).toBe(1);
		for (const queue of [...tiki.queues.values()]) tiki.queues.delete(queue.code);
	});

	it('creates its queue and subscription on the first poll, at activation', async () => {
		await pollOnce();
		const queues = [...tiki.queues.values()];
		expect(queues).toHaveLength(1);
		const trigger = workflow.definition.nodes[0];
		expect(queues[0].name).toMatch(new RegExp(`^n8n-[0-9a-f]{16}-${workflowId}-${trigger.id}$`));
		expect(queues[0].subscriptions).toEqual([expect.objectContaining({ event_type: 'ORDER_CREATED_SUCCESSFULLY', active: true })]);
		expect(await api.executions(workflowId)).toHaveLength(0);
	});

	it('runs the workflow with the orders created on Tiki, each with its full order', async () => {
		const first = tiki.createOrder('e2e-order-1');
		const second = tiki.createOrder('e2e-order-2');
		await pollOnce();
		expect(await orderItems(1)).toEqual([
			expect.objectContaining({ type: 'ORDER_CREATED_SUCCESSFULLY', order_code: 'e2e-order-1', order: first, createdAt: expect.stringMatching(/Z$/) }),
			expect.objectContaining({ type: 'ORDER_CREATED_SUCCESSFULLY', order_code: 'e2e-order-2', order: second }),
		]);
		// the batch is handed over but its acknowledgement waits for the next pull
		expect([...tiki.queues.values()][0].acknowledged).toBe(0);
	});

	it('emits each order once, at the scheduled poll of the active workflow, when a restarted Tiki delivers the unacknowledged batch again', async () => {
		await tiki.restart();
		// the activation poll receives the redelivered batch, which it emitted before: nothing runs
		await api.activate(workflowId);
		try {
			expect(tiki.redeliveries).toBe(1);
			expect(await api.executions(workflowId)).toHaveLength(1);

			const third = tiki.createOrder('e2e-order-3');
			// n8n's "every minute" fires at the next full minute
			const items = await orderItems(2, 75_000);
			expect(items.map((item) => item.order_code)).toEqual(['e2e-order-1', 'e2e-order-2', 'e2e-order-3']);
			expect(items[2]).toMatchObject({ order: third });
		} finally {
			await api.deactivate(workflowId);
		}
		expect(tiki.redeliveries).toBe(1);
		// n8n's token was unknown to the restarted Tiki: n8n fetched a new one
		expect(tiki.tiki.tokensIssued).toBe(1);
		// the batch of the third order waits for the next poll to acknowledge it
		expect([...tiki.queues.values()][0].acknowledged).toBe(2);
	}, 120_000);

	it('emits a malformed event with its issues, and an order event whose order fails in 3 polls with the fetch error: the queue goes on', async () => {
		const queue = [...tiki.queues.values()][0];
		tiki.orders.set('e2e-order-4', { code: 'e2e-order-4', status: 'queueing' });
		// created_at that is no time, and the payload as JSON text
		const malformed = { id: 'malformed-1', sid: 's', created_at: 'soon', type: 'ORDER_CREATED_SUCCESSFULLY', version: 1, payload: '{"order_code":"e2e-order-4"}' };
		queue.events.push(malformed as unknown as (typeof queue.events)[number]);
		tiki.failingOrders.add('e2e-order-5');
		tiki.createOrder('e2e-order-5');

		await pollOnce();
		await pollOnce();
		expect(await api.executions(workflowId)).toHaveLength(2);
		await pollOnce();
		const items = (await orderItems(3)).slice(3);
		expect(items).toEqual([
			expect.objectContaining({
				eventId: 'malformed-1',
				createdAt: 'soon',
				order_code: 'e2e-order-4',
				order: { code: 'e2e-order-4', status: 'queueing' },
				payloadIssues: [{ path: 'created_at', problem: 'should be epoch milliseconds or an ISO 8601 date, not text "soon"' }],
			}),
			expect.objectContaining({ order_code: 'e2e-order-5', order: null, orderFetchError: 'Tiki did not answer with the order. Tiki\'s answer: "Order service unavailable" (GET /integration/v2/orders/e2e-order-5: HTTP 500)' }),
		]);
		tiki.failingOrders.clear();
	});
});
