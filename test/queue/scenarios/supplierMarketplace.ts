import { triggerWorkflow } from '../../../dev/n8n';
import type { TriggerWorkflow } from '../../../dev/n8n';
import { SUPPLIER_SALE, SUPPLIER_WEBHOOK_SECRET } from '../../../dev/fixtures/supplierMarketplace';
import type { QueueCluster } from '../support/queueCluster';
import { allItems } from '../support/queueCluster';

/** The supplier marketplace's sales behind nginx and two webhook processes, split into size lines on the worker. */
export function supplierMarketplaceInQueueMode(cluster: () => QueueCluster): void {
	describe('Supplier Marketplace Trigger', () => {
		let workflow: TriggerWorkflow;
		let workflowId: string;

		beforeAll(async () => {
			const { api } = cluster();
			const credential = await api.createCredential('Supplier webhook queue', 'supplierMarketplaceWebhookApi', {
				headerName: 'X-Webhook-Secret',
				secret: SUPPLIER_WEBHOOK_SECRET,
				username: '',
				password: '',
			});
			workflow = triggerWorkflow({
				node: 'supplierMarketplaceTrigger',
				parameters: { authentication: 'headerSecret', output: 'sizeLines', invalidPayloads: 'reject' },
				credentials: { supplierMarketplaceWebhookApi: credential },
			});
			workflowId = await api.createWorkflow(workflow.definition);
			await api.activate(workflowId);
		});

		afterAll(async () => {
			await cluster().api.deactivate(workflowId);
		});

		it('runs each good sale once on the worker and none of the bad ones', async () => {
			const { deliver, executionsRunByWorker } = cluster();
			const secret = { 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET };
			expect((await deliver(workflow, SUPPLIER_SALE, secret)).status).toBe(200);
			expect((await deliver(workflow, SUPPLIER_SALE, secret)).status).toBe(200);
			expect((await deliver(workflow, SUPPLIER_SALE, {})).status).toBe(401);
			expect((await deliver(workflow, '{"products":[{"id":1,"sizes":[{"count":1}]}]}', secret)).status).toBe(400);

			const executions = await executionsRunByWorker(workflowId, 2);
			expect(executions).toHaveLength(2);
			const lines = [
				expect.objectContaining({ productId: 1001, size: 'XL' }),
				expect.objectContaining({ productId: 1001, size: 'M' }),
				expect.objectContaining({ productId: 1002, size: '42' }),
			];
			expect(allItems(executions, workflow.downstreamName)).toEqual([...lines, ...lines]);
		});
	});
}
