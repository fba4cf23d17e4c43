import { triggerWorkflow } from '../../../dev/n8n';
import { shopkitHeaders, shopkitOrder } from '../../../dev/fixtures/shopkit';
import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import type { QueueCluster } from '../support/queueCluster';

/**
 * A restart of the main, which re-activates every active workflow, while the webhook processes keep
 * receiving. The Shopkit Trigger's start asks Shopkit which of its webhooks are there and active, and changes
 * nothing that works (README, "Over time"): the same webhooks with the same secret afterwards, so the deliveries
 * Shopkit retries across the restart are accepted by the webhook processes.
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

		it('keeps the webhooks and their secret, and the webhook processes run the workflow for them', async () => {
			const { api } = cluster();
			const credential = await api.createCredential('Shopkit restart queue', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl });
			const workflow = triggerWorkflow({ node: 'shopkitTrigger', parameters: { events: ['order_created', 'order_paid'] }, credentials: { shopkitApi: credential } });
			const workflowId = await api.createWorkflow(workflow.definition);
			await api.activate(workflowId);
			const before = [...shopkit.webhooks.values()];
			expect(before).toHaveLength(2);
			const lists = () => shopkit.requests.filter((request) => request.method === 'GET' && request.path === '/v1/webhook').length;
			const listedBefore = lists();

			await cluster().n8n.restartMain();
			await cluster().reconnect();
			expect((await cluster().api.getWorkflow(workflowId)).active).toBe(true);
			// the main answers its API before its start has re-activated every workflow: the trigger's start asks Shopkit
			for (const deadline = Date.now() + 60_000; lists() <= listedBefore && Date.now() < deadline; ) {
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
			expect(lists()).toBeGreaterThan(listedBefore);
			expect([...shopkit.webhooks.values()]).toEqual(before);
			expect(shopkit.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
			expect(shopkit.requests.filter((request) => request.method === 'DELETE')).toHaveLength(0);

			const url = before.find((webhook) => webhook.event === 'order_created')!.url;
			expect((await cluster().api.deliver(url, shopkitOrder(701), shopkitHeaders('order_created'))).status).toBe(204);
			expect(await cluster().executionsRunByWorker(workflowId, 1)).toHaveLength(1);

			await cluster().api.deactivate(workflowId);
			expect(shopkit.webhooks.size).toBe(0);
		}, 180_000);
	});
}
