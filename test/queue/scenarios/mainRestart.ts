import { triggerWorkflow } from '../../../dev/n8n';
import { shopkitHeaders, shopkitOrder } from '../../../dev/fixtures/shopkit';
import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import type { QueueCluster } from '../support/queueCluster';

/**
 * A restart of the main, which re-activates every active workflow, while the webhook processes keep
 * receiving: nothing is registered twice (checkExists finds the existing webhooks).
 */
export function mainRestart(cluster: () => QueueCluster): void {
	describe('a restart of the main', () => {
		let shopkit: ShopkitApiMock;

		beforeAll(async () => {
			shopkit = await startShopkitApi();
		});

		afterAll(async () => {
			await shopkit.close();
		});

		it('registers nothing twice, and the webhook processes keep running the workflow', async () => {
			const { api } = cluster();
			const credential = await api.createCredential('Shopkit restart queue', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl });
			const workflow = triggerWorkflow({ node: 'shopkitTrigger', parameters: { events: ['order_created', 'order_paid'] }, credentials: { shopkitApi: credential } });
			const workflowId = await api.createWorkflow(workflow.definition);
			await api.activate(workflowId);
			const before = [...shopkit.webhooks.values()];
			expect(before).toHaveLength(2);

			await cluster().n8n.restartMain();
			await cluster().reconnect();
			expect((await cluster().api.getWorkflow(workflowId)).active).toBe(true);
			expect([...shopkit.webhooks.values()]).toEqual(before);
			expect(shopkit.requests.filter((request) => request.method === 'POST')).toHaveLength(2);

			const url = before.find((webhook) => webhook.event === 'order_created')!.url;
			expect((await cluster().api.deliver(url, shopkitOrder(701), shopkitHeaders('order_created'))).status).toBe(204);
			expect(await cluster().executionsRunByWorker(workflowId, 1)).toHaveLength(1);

			await cluster().api.deactivate(workflowId);
			expect(shopkit.webhooks.size).toBe(0);
		}, 180_000);
	});
}
