import { triggerWorkflow } from '../../../dev/n8n';
import { shopkitHeaders, shopkitOrder } from '../../../dev/fixtures/shopkit';
import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import type { QueueCluster } from '../support/queueCluster';

/**
 * A restart of the main, which re-activates every active workflow, while the webhook processes keep
 * receiving. Shopkit lists no webhooks and suspends one after 5 failed retries, so the Shopkit Trigger
 * registers a new set at every start and removes the old one (README, "Over time"): one webhook per event
 * afterwards, never two, and the webhook processes accept the new set's secret.
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

		it('leaves one webhook per event, and the webhook processes run the workflow for the new set', async () => {
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
			// the main answers its API before its start has re-activated every workflow: the trigger's start ends
			// with the removal of the earlier set
			const removals = () => shopkit.requests.filter((request) => request.method === 'DELETE').length;
			for (const deadline = Date.now() + 60_000; removals() < before.length && Date.now() < deadline; ) {
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
			const after = [...shopkit.webhooks.values()];
			expect(after.map((webhook) => webhook.event).sort()).toEqual(['order_created', 'order_paid']);
			expect(after.some((webhook) => before.some((old) => old.id === webhook.id))).toBe(false);
			expect(shopkit.requests.filter((request) => request.method === 'POST')).toHaveLength(4);

			const url = after.find((webhook) => webhook.event === 'order_created')!.url;
			expect((await cluster().api.deliver(url, shopkitOrder(701), shopkitHeaders('order_created'))).status).toBe(204);
			expect(await cluster().executionsRunByWorker(workflowId, 1)).toHaveLength(1);

			await cluster().api.deactivate(workflowId);
			expect(shopkit.webhooks.size).toBe(0);
		}, 180_000);
	});
}
