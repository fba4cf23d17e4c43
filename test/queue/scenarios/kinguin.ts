import { triggerWorkflow } from '../../../dev/n8n';
import type { TriggerWorkflow } from '../../../dev/n8n';
import { KINGUIN_SECRET, kinguinHeaders, productUpdate } from '../../../dev/fixtures/kinguin';
import { expectBurstsRunOnceThroughNginx } from '../support/burstsThroughNginx';
import type { QueueCluster } from '../support/queueCluster';
import { allItems, byKey } from '../support/queueCluster';

/** Kinguin behind nginx and two webhook processes: typed items run by the worker, the out-of-order guard shared. */
export function kinguinInQueueMode(cluster: () => QueueCluster): void {
	describe('Kinguin Trigger', () => {
		let workflow: TriggerWorkflow;
		let workflowId: string;

		beforeAll(async () => {
			const { api } = cluster();
			const credential = await api.createCredential('Kinguin queue', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
			workflow = triggerWorkflow({ node: 'kinguinTrigger', parameters: { events: ['product.update'], invalidPayloads: 'reject' }, credentials: { kinguinWebhookApi: credential } });
			workflowId = await api.createWorkflow(workflow.definition);
			await api.activate(workflowId);
		});

		afterAll(async () => {
			await cluster().api.deactivate(workflowId);
		});

		it('runs each good delivery once on the worker and none of the bad ones', async () => {
			const { deliver, executionsRunByWorker } = cluster();
			for (let index = 0; index < 4; index++) {
				expect((await deliver(workflow, productUpdate(7000 + index, '2025-03-01T00:00:00.000+00:00'), kinguinHeaders('product.update'))).status).toBe(204);
			}
			expect((await deliver(workflow, productUpdate(7100, '2025-03-01T00:00:00.000+00:00'), kinguinHeaders('product.update', 'wrong'))).status).toBe(401);
			expect((await deliver(workflow, '{"kinguinId": 1949,', kinguinHeaders('product.update'))).status).toBe(400);

			const executions = await executionsRunByWorker(workflowId, 4);
			expect(executions).toHaveLength(4);
			expect(allItems(executions, workflow.downstreamName).sort(byKey('kinguinId'))).toEqual(
				[7000, 7001, 7002, 7003].map((kinguinId) =>
					expect.objectContaining({ event: 'product.update', kinguinId, qty: 10, updatedAt: '2025-03-01T00:00:00.000+00:00' }),
				),
			);
		});

		it('recognises a repeated or stale update at the other webhook process, where nginx fails over to', async () => {
			const { api, atOtherProcess, executionsRunByWorker, webhookUrl } = cluster();
			const other = await atOtherProcess(webhookUrl(workflow));
			for (let index = 0; index < 4; index++) {
				expect((await api.deliver(other, productUpdate(7000 + index, '2025-03-01T00:00:00.000+00:00'), kinguinHeaders('product.update'))).status).toBe(204);
				expect((await api.deliver(other, productUpdate(7000 + index, '2025-02-01T00:00:00.000+00:00'), kinguinHeaders('product.update'))).status).toBe(204);
			}
			expect(await executionsRunByWorker(workflowId, 4)).toHaveLength(4);
		});

		it('runs each update once through nginx: a burst of first deliveries and their repeats, and immediate repeats', async () => {
			await expectBurstsRunOnceThroughNginx(cluster(), {
				workflowId,
				url: cluster().webhookUrl(workflow),
				status: 204,
				send: (key) => cluster().deliver(workflow, productUpdate(9000 + key, '2025-04-01T00:00:00.000+00:00'), kinguinHeaders('product.update')),
			});
		}, 180_000);
	});
}
