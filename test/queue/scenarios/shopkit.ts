import { triggerWorkflow } from '../../../dev/n8n';
import type { TriggerWorkflow } from '../../../dev/n8n';
import { shopkitHeaders, shopkitOrder } from '../../../dev/fixtures/shopkit';
import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import { expectBurstsRunOnceThroughNginx } from '../support/burstsThroughNginx';
import type { QueueCluster } from '../support/queueCluster';
import { allItems, byKey } from '../support/queueCluster';

/** Shopkit behind nginx and two webhook processes: registered once by the main at nginx's URL, redeliveries recognised. */
export function shopkitInQueueMode(cluster: () => QueueCluster): void {
	describe('Shopkit Trigger', () => {
		let shopkit: ShopkitApiMock;
		let workflow: TriggerWorkflow;
		let workflowId: string;
		const urlFor = (event: string) => [...shopkit.webhooks.values()].find((webhook) => webhook.event === event)!.url;

		beforeAll(async () => {
			const { api } = cluster();
			shopkit = await startShopkitApi();
			const credential = await api.createCredential('Shopkit queue', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl });
			workflow = triggerWorkflow({ node: 'shopkitTrigger', parameters: { events: ['order_created', 'order_paid'], invalidPayloads: 'reject' }, credentials: { shopkitApi: credential } });
			workflowId = await api.createWorkflow(workflow.definition);
		});

		afterAll(async () => {
			await cluster().api.deactivate(workflowId);
			await shopkit.close();
		});

		it('registers one webhook per event at nginx, once, when the main activates the workflow', async () => {
			await cluster().api.activate(workflowId);
			expect([...shopkit.webhooks.values()].map((webhook) => webhook.event).sort()).toEqual(['order_created', 'order_paid']);
			for (const webhook of shopkit.webhooks.values()) expect(webhook.url.startsWith(`${cluster().n8n.nginx.baseUrl}/webhook/`)).toBe(true);
			expect(shopkit.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
		});

		it('runs each good delivery once on the worker and none of the bad ones', async () => {
			const { api, executionsRunByWorker } = cluster();
			expect((await api.deliver(urlFor('order_created'), shopkitOrder(601), shopkitHeaders('order_created'))).status).toBe(204);
			expect((await api.deliver(urlFor('order_paid'), shopkitOrder(602), shopkitHeaders('order_paid'))).status).toBe(204);
			const withoutSecret = new URL(urlFor('order_created'));
			withoutSecret.searchParams.delete('secret');
			expect((await api.deliver(withoutSecret.toString(), shopkitOrder(603), shopkitHeaders('order_created'))).status).toBe(401);
			expect((await api.deliver(urlFor('order_created'), '{"order":{"id":"not a number"}}', shopkitHeaders('order_created'))).status).toBe(400);

			const executions = await executionsRunByWorker(workflowId, 2);
			expect(executions).toHaveLength(2);
			expect(allItems(executions, workflow.downstreamName).sort(byKey('orderId'))).toEqual([
				expect.objectContaining({ event: 'order_created', orderId: 601, isTest: false }),
				expect.objectContaining({ event: 'order_paid', orderId: 602, isTest: false }),
			]);
		});

		it('recognises a redelivery at the other webhook process, where nginx fails over to', async () => {
			const { api, atOtherProcess, executionsRunByWorker } = cluster();
			expect((await api.deliver(await atOtherProcess(urlFor('order_created')), shopkitOrder(601), shopkitHeaders('order_created'))).status).toBe(204);
			expect((await api.deliver(await atOtherProcess(urlFor('order_paid')), shopkitOrder(602), shopkitHeaders('order_paid'))).status).toBe(204);
			expect(await executionsRunByWorker(workflowId, 2)).toHaveLength(2);
		});

		it('runs each order update once through nginx: a burst of first deliveries and their repeats, and immediate repeats', async () => {
			await expectBurstsRunOnceThroughNginx(cluster(), {
				workflowId,
				url: urlFor('order_created'),
				status: 204,
				send: (key) => cluster().api.deliver(urlFor('order_created'), shopkitOrder(9000 + key), shopkitHeaders('order_created')),
			});
		}, 180_000);
	});
}
