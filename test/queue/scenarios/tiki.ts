import { triggerWorkflow } from '../../../dev/n8n';
import type { TriggerWorkflow } from '../../../dev/n8n';
import { TIKI_REJECTED_PAYLOAD, tikiApprovedPayload, tikiCredentialFields } from '../../../dev/fixtures/tiki';
import { startTikiApi } from '../../../dev/mocks/tikiApi';
import type { TikiApiMock } from '../../../dev/mocks/tikiApi';
import { expectBurstsRunOnceThroughNginx } from '../support/burstsThroughNginx';
import type { QueueCluster } from '../support/queueCluster';
import { allItems, byKey } from '../support/queueCluster';

/** Tiki behind nginx and two webhook processes: registered once by the main at nginx's URL, replayed delivery ids recognised. */
export function tikiInQueueMode(cluster: () => QueueCluster): void {
	describe('Tiki Trigger', () => {
		let tiki: TikiApiMock;
		let workflow: TriggerWorkflow;
		let workflowId: string;
		const uri = () => [...tiki.webhooks.values()][0].uri;

		beforeAll(async () => {
			const { api } = cluster();
			tiki = await startTikiApi();
			const credential = await api.createCredential('Tiki queue', 'tikiOAuth2Api', tikiCredentialFields(tiki.baseUrl));
			workflow = triggerWorkflow({
				node: 'tikiTrigger',
				parameters: { events: ['product:request:approved', 'product:request:rejected'] },
				credentials: { tikiOAuth2Api: credential },
			});
			workflowId = await api.createWorkflow(workflow.definition);
		});

		afterAll(async () => {
			await cluster().api.deactivate(workflowId);
			await tiki.close();
		});

		it('registers its URL for each event and grants one Basic pair when the main activates the workflow', async () => {
			await cluster().api.activate(workflowId);
			expect([...tiki.webhooks.values()].map((webhook) => webhook.event).sort()).toEqual(['product:request:approved', 'product:request:rejected']);
			expect(tiki.credentials?.id).toMatch(/^n8n-[0-9a-f]{16}$/);
			expect(uri().startsWith(`${cluster().n8n.nginx.baseUrl}/webhook/`)).toBe(true);
		});

		it('runs each good delivery once on the worker and none of the bad ones', async () => {
			const { executionsRunByWorker } = cluster();
			expect((await tiki.deliver('product:request:approved', tikiApprovedPayload(), { id: 'queue-1' })).status).toBe(204);
			expect((await tiki.deliver('product:request:rejected', TIKI_REJECTED_PAYLOAD, { id: 'queue-2' })).status).toBe(204);
			const forged = `Basic ${Buffer.from('someone:else').toString('base64')}`;
			expect((await tiki.deliver('product:request:approved', tikiApprovedPayload('9'), { id: 'queue-3', authorization: forged })).status).toBe(401);
			expect((await tiki.deliver('product:request:approved', tikiApprovedPayload('9'), { id: 'queue-4', authorization: null })).status).toBe(401);

			const executions = await executionsRunByWorker(workflowId, 2);
			expect(executions).toHaveLength(2);
			expect(allItems(executions, workflow.downstreamName).sort(byKey('deliveryId'))).toEqual([
				expect.objectContaining({ deliveryId: 'queue-1', event: 'product:request:approved', state: 'approved' }),
				expect.objectContaining({ deliveryId: 'queue-2', event: 'product:request:rejected', request_id: '1154523837593192401' }),
			]);
		});

		it('recognises a replayed delivery id at the other webhook process, where nginx fails over to', async () => {
			const { atOtherProcess, executionsRunByWorker } = cluster();
			expect((await tiki.deliver('product:request:approved', tikiApprovedPayload(), { id: 'queue-1', uri: await atOtherProcess(uri()) })).status).toBe(204);
			expect((await tiki.deliver('product:request:rejected', TIKI_REJECTED_PAYLOAD, { id: 'queue-2', uri: await atOtherProcess(uri()) })).status).toBe(204);
			expect(await executionsRunByWorker(workflowId, 2)).toHaveLength(2);
		});

		it('runs each delivery id once through nginx: a burst of first deliveries and their repeats, and immediate repeats', async () => {
			await expectBurstsRunOnceThroughNginx(cluster(), {
				workflowId,
				url: uri(),
				status: 204,
				send: (key) => tiki.deliver('product:request:rejected', TIKI_REJECTED_PAYLOAD, { id: `queue-burst-${key}` }),
			});
		}, 180_000);
	});
}
