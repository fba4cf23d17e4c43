import { triggerWorkflow } from '../../../dev/n8n';
import { KINGUIN_SECRET, kinguinHeaders, productUpdate } from '../../../dev/fixtures/kinguin';
import { SHOPGATE_CREDENTIAL_FIELDS } from '../../../dev/fixtures/shopgate';
import { shopkitHeaders, shopkitOrder } from '../../../dev/fixtures/shopkit';
import { TIKI_REJECTED_PAYLOAD, tikiCredentialFields } from '../../../dev/fixtures/tiki';
import { startShopgateApi } from '../../../dev/mocks/shopgateApi';
import type { ShopgateApiMock } from '../../../dev/mocks/shopgateApi';
import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import { startTikiApi } from '../../../dev/mocks/tikiApi';
import type { TikiApiMock } from '../../../dev/mocks/tikiApi';
import { expectBurstsRunOnceThroughNginx } from '../support/burstsThroughNginx';
import type { QueueCluster } from '../support/queueCluster';

interface BurstTarget {
	workflowId: string;
	url: string;
	send: (key: number) => Promise<{ status: number }>;
}

/**
 * The bursts the README measured across webhook processes, through nginx, for every trigger that
 * remembers deliveries: each event runs once. The four triggers' bursts run at the same time, as
 * several shops' platforms would send them.
 */
export function burstsThroughNginx(cluster: () => QueueCluster): void {
	describe('bursts through nginx', () => {
		let shopkit: ShopkitApiMock;
		let tiki: TikiApiMock;
		let shopgate: ShopgateApiMock;
		const targets: Record<string, BurstTarget> = {};
		const workflowIds: string[] = [];

		async function activate(options: Parameters<typeof triggerWorkflow>[0]) {
			const workflow = triggerWorkflow(options);
			const id = await cluster().api.createWorkflow(workflow.definition);
			await cluster().api.activate(id);
			workflowIds.push(id);
			return { workflow, id };
		}

		beforeAll(async () => {
			const { api } = cluster();
			[shopkit, tiki, shopgate] = await Promise.all([startShopkitApi(), startTikiApi(), startShopgateApi()]);

			const kinguin = await activate({
				node: 'kinguinTrigger',
				parameters: { events: ['product.update'] },
				credentials: { kinguinWebhookApi: await api.createCredential('Kinguin bursts', 'kinguinWebhookApi', { secret: KINGUIN_SECRET }) },
			});
			const kinguinUrl = cluster().webhookUrl(kinguin.workflow);
			targets.Kinguin = {
				workflowId: kinguin.id,
				url: kinguinUrl,
				send: (key) => api.deliver(kinguinUrl, productUpdate(9000 + key, '2025-04-01T00:00:00.000+00:00'), kinguinHeaders('product.update')),
			};

			const shopkitCredential = await api.createCredential('Shopkit bursts', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl });
			const shopkitWorkflow = await activate({ node: 'shopkitTrigger', parameters: { events: ['order_created'] }, credentials: { shopkitApi: shopkitCredential } });
			const [shopkitWebhook] = [...shopkit.webhooks.values()];
			targets.Shopkit = {
				workflowId: shopkitWorkflow.id,
				url: shopkitWebhook.url,
				send: (key) => api.deliver(shopkitWebhook.url, shopkitOrder(9000 + key), shopkitHeaders('order_created')),
			};

			const tikiCredential = await api.createCredential('Tiki bursts', 'tikiOAuth2Api', tikiCredentialFields(tiki.baseUrl));
			const tikiWorkflow = await activate({ node: 'tikiTrigger', parameters: { events: ['product:request:rejected'] }, credentials: { tikiOAuth2Api: tikiCredential } });
			targets.Tiki = {
				workflowId: tikiWorkflow.id,
				url: [...tiki.webhooks.values()][0].uri,
				send: (key) => tiki.deliver('product:request:rejected', TIKI_REJECTED_PAYLOAD, { id: `burst-${key}` }),
			};

			const shopgateCredential = await api.createCredential('Shopgate bursts', 'shopgateApi', {
				environment: 'production',
				...SHOPGATE_CREDENTIAL_FIELDS,
				authUrl: shopgate.baseUrl,
				webhookUrl: shopgate.baseUrl,
			});
			const shopgateWorkflow = await activate({ node: 'shopgateTrigger', parameters: { events: ['productCreated'] }, credentials: { shopgateApi: shopgateCredential } });
			const product = { catalogCode: 'NARetail', productCode: '24-MB01', user: 'api' };
			targets.Shopgate = {
				workflowId: shopgateWorkflow.id,
				url: [...shopgate.webhooks.values()][0].endpoint,
				// runs are measured, not latency: on 2 shared cores one process's answers to 40 at once can pass Shopgate's 10 s
				send: (key) => shopgate.deliver('productCreated', product, { id: `burst-${key}`, timeoutMs: 60_000 }),
			};
		}, 120_000);

		afterAll(async () => {
			for (const id of workflowIds) await cluster().api.deactivate(id);
			await Promise.all([shopkit?.close(), tiki?.close(), shopgate?.close()]);
		}, 120_000);

		it('runs each event once for Kinguin, Shopkit, Tiki and Shopgate: 40 first deliveries at once and their repeats, and 20 immediate repeats', async () => {
			await Promise.all(Object.values(targets).map((target) => expectBurstsRunOnceThroughNginx(cluster(), { ...target, status: 204 })));
		}, 300_000);
	});
}
