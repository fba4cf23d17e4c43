import { triggerWorkflow } from '../../../dev/n8n';
import type { TriggerWorkflow } from '../../../dev/n8n';
import { tikiCredentialFields } from '../../../dev/fixtures/tiki';
import { startTikiEventQueueApi } from '../../../dev/mocks/tikiEventQueueApi';
import type { TikiEventQueueMock } from '../../../dev/mocks/tikiEventQueueApi';
import type { QueueCluster } from '../support/queueCluster';
import { allItems } from '../support/queueCluster';

/**
 * The Tiki Event Trigger in queue mode: the main polls (n8n runs polling triggers on the main only) and keeps
 * the queue's ack_id and the emitted ids in static data in PostgreSQL; the worker runs each poll's execution.
 * As in the single-process e2e test, activating the workflow makes n8n poll once.
 */
export function tikiEventsInQueueMode(cluster: () => QueueCluster): void {
	describe('Tiki Event Trigger', () => {
		let tiki: TikiEventQueueMock;
		let workflow: TriggerWorkflow;
		let workflowId: string;

		async function pollOnce(): Promise<void> {
			await cluster().api.activate(workflowId);
			await cluster().api.deactivate(workflowId);
		}

		beforeAll(async () => {
			const { api } = cluster();
			tiki = await startTikiEventQueueApi({ batchSize: 2 });
			const credential = await api.createCredential('Tiki events queue', 'tikiOAuth2Api', tikiCredentialFields(tiki.baseUrl));
			workflow = triggerWorkflow({
				node: 'tikiEventTrigger',
				parameters: {
					events: ['ORDER_CREATED_SUCCESSFULLY'],
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					// one batch per poll, so a poll leaves its batch for the next one to acknowledge
					options: { fetchFullOrder: true, maxEventsPerPoll: 2 },
				},
				credentials: { tikiOAuth2Api: credential },
			});
			workflowId = await api.createWorkflow(workflow.definition);
		});

		afterAll(async () => {
			await tiki.close();
		});

		it('creates its queue once, on the main, and the worker runs the orders each poll emits', async () => {
			await pollOnce();
			expect(tiki.queues.size).toBe(1);

			const first = tiki.createOrder('queue-order-1');
			const second = tiki.createOrder('queue-order-2');
			await pollOnce();
			const executions = await cluster().executionsRunByWorker(workflowId, 1);
			expect(allItems(executions, workflow.downstreamName)).toEqual([
				expect.objectContaining({ type: 'ORDER_CREATED_SUCCESSFULLY', order_code: 'queue-order-1', order: first }),
				expect.objectContaining({ type: 'ORDER_CREATED_SUCCESSFULLY', order_code: 'queue-order-2', order: second }),
			]);
			expect(tiki.queues.size).toBe(1);
		});

		it('emits each order once when a restarted Tiki delivers the unacknowledged batch again', async () => {
			await tiki.restart();
			tiki.createOrder('queue-order-3');
			await pollOnce();

			const executions = await cluster().executionsRunByWorker(workflowId, 2);
			expect(allItems(executions, workflow.downstreamName).map((item) => item.order_code).sort()).toEqual([
				'queue-order-1',
				'queue-order-2',
				'queue-order-3',
			]);
			expect(tiki.redeliveries).toBe(1);
			// the batch of the third order waits for the next poll to acknowledge it
			expect([...tiki.queues.values()][0].acknowledged).toBe(2);
		});
	});
}
