import { triggerWorkflow } from '../../../dev/n8n';
import type { TriggerWorkflow } from '../../../dev/n8n';
import { SHOPGATE_CREDENTIAL_FIELDS } from '../../../dev/fixtures/shopgate';
import { startShopgateApi } from '../../../dev/mocks/shopgateApi';
import type { ShopgateApiMock } from '../../../dev/mocks/shopgateApi';
import { expectBurstsRunOnceThroughNginx } from '../support/burstsThroughNginx';
import type { QueueCluster } from '../support/queueCluster';
import { allItems, byKey } from '../support/queueCluster';

/** Shopgate behind nginx and two webhook processes: created once by the main at nginx's URL, retried delivery ids recognised. */
export function shopgateInQueueMode(cluster: () => QueueCluster): void {
	describe('Shopgate Trigger', () => {
		let shopgate: ShopgateApiMock;
		let workflow: TriggerWorkflow;
		let workflowId: string;
		const endpoint = () => [...shopgate.webhooks.values()][0].endpoint;

		beforeAll(async () => {
			const { api } = cluster();
			shopgate = await startShopgateApi();
			const credential = await api.createCredential('Shopgate queue', 'shopgateApi', {
				environment: 'production',
				...SHOPGATE_CREDENTIAL_FIELDS,
				authUrl: shopgate.baseUrl,
				webhookUrl: shopgate.baseUrl,
			});
			workflow = triggerWorkflow({
				node: 'shopgateTrigger',
				parameters: { events: ['productCreated', 'fulfillmentOrderAdded'] },
				credentials: { shopgateApi: credential },
			});
			workflowId = await api.createWorkflow(workflow.definition);
		});

		afterAll(async () => {
			await cluster().api.deactivate(workflowId);
			await shopgate.close();
		});

		it('creates one webhook when the main activates the workflow', async () => {
			await cluster().api.activate(workflowId);
			expect(shopgate.webhooks.size).toBe(1);
			expect(endpoint().startsWith(`${cluster().n8n.nginx.baseUrl}/webhook/`)).toBe(true);
		});

		it('runs each good delivery once on the worker and none of the bad ones', async () => {
			const { executionsRunByWorker } = cluster();
			const product = { catalogCode: 'NARetail', productCode: '24-MB01', user: 'api' };
			const order = { locationCode: 'L1', fulfillmentOrderNumber: 'FO-8', salesOrderNumber: 'SO-8', user: 'api' };
			expect((await shopgate.deliver('productCreated', product, { id: 'queue-1' })).status).toBe(204);
			expect((await shopgate.deliver('fulfillmentOrderAdded', order, { id: 'queue-2' })).status).toBe(204);
			expect((await shopgate.deliver('productCreated', product, { id: 'queue-3', token: 'not-it' })).status).toBe(401);
			expect((await shopgate.deliver('productCreated', product, { id: 'queue-4', token: null })).status).toBe(401);

			const executions = await executionsRunByWorker(workflowId, 2);
			expect(executions).toHaveLength(2);
			expect(allItems(executions, workflow.downstreamName).sort(byKey('deliveryId'))).toEqual([
				expect.objectContaining({ deliveryId: 'queue-1', eventCode: 'productCreated', payload: product, isTest: false }),
				expect.objectContaining({ deliveryId: 'queue-2', eventCode: 'fulfillmentOrderAdded', payload: order, isTest: false }),
			]);
		});

		it('recognises a retried delivery id at the other webhook process, where nginx fails over to', async () => {
			const { atOtherProcess, executionsRunByWorker } = cluster();
			const product = { catalogCode: 'NARetail', productCode: '24-MB01', user: 'api' };
			const order = { locationCode: 'L1', fulfillmentOrderNumber: 'FO-8', salesOrderNumber: 'SO-8', user: 'api' };
			expect((await shopgate.deliver('productCreated', product, { id: 'queue-1', endpoint: await atOtherProcess(endpoint()) })).status).toBe(204);
			expect((await shopgate.deliver('fulfillmentOrderAdded', order, { id: 'queue-2', endpoint: await atOtherProcess(endpoint()) })).status).toBe(204);
			expect(await executionsRunByWorker(workflowId, 2)).toHaveLength(2);
		});

		it('runs each delivery id once through nginx: a burst of first deliveries and their repeats, and immediate repeats', async () => {
			const product = { catalogCode: 'NARetail', productCode: '24-MB01', user: 'api' };
			await expectBurstsRunOnceThroughNginx(cluster(), {
				workflowId,
				url: endpoint(),
				status: 204,
				// what is measured is runs, not latency: on 2 shared cores one process's answers to 40 at once can pass Shopgate's 10 s
				send: (key) => shopgate.deliver('productCreated', product, { id: `queue-burst-${key}`, timeoutMs: 60_000 }),
			});
		}, 180_000);
	});
}
