import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { instanceTag } from '../../../nodes/shared/lifecycle/instanceIdentity';
import { secretDigest } from '../../../nodes/shared/inbound/secrets';
import { ShopkitTrigger } from '../../../nodes/Shopkit/ShopkitTrigger/ShopkitTrigger.node';
import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import { stateIn } from '../../../dev/nodeInN8nCore';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import { shopkitTrigger } from './shopkitTriggerInCore';

const lifecycle = new ShopkitTrigger().webhookMethods.default;
const NODE_URL = 'https://n8n.example.com/webhook/hook-id/webhook';

describe('Shopkit Trigger: registration through the Shopkit API', () => {
	let api: ShopkitApiMock;

	beforeEach(async () => {
		api = await startShopkitApi();
	});
	afterEach(async () => {
		await api.close();
	});

	/** One workflow across activations: the same static data object, as n8n keeps it. */
	function workflow(events: string[], staticData: IDataObject = {}) {
		return shopkitTrigger({ events }, { baseUrl: api.baseUrl, staticData, workflowId: 'wf-shopkit' });
	}
	const registered = () => [...api.webhooks.values()].map(({ event, url }) => ({ event, url })).sort((a, b) => a.event.localeCompare(b.event));
	const secretAtShopkit = () => new URL([...api.webhooks.values()][0].url).searchParams.get('secret')!;
	const routes = () => api.requests.map((request) => `${request.method} ${request.path}`);

	it('registers one webhook per selected event for its URL with a 256-bit secret, sending the API key, and keeps only its digest', async () => {
		const staticData: IDataObject = {};
		const trigger = workflow(['order_created', 'order_paid'], staticData);
		expect(await lifecycle.checkExists.call(trigger.hookContext())).toBe(false);
		expect(await lifecycle.create.call(trigger.hookContext())).toBe(true);

		const secret = secretAtShopkit();
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		const url = `${NODE_URL}?n8n-instance=${instanceTag(trigger.hookContext())}&secret=${secret}`;
		expect(registered()).toEqual([
			{ event: 'order_created', url },
			{ event: 'order_paid', url },
		]);
		expect(api.requests.every((request) => request.apiKey === api.apiKey)).toBe(true);
		expect(stateIn(staticData)).toEqual({
			webhooks: [...api.webhooks.values()].map(({ id, event }) => ({ id, event, url: NODE_URL, secretDigest: secretDigest(secret) })),
		});
		expect(JSON.stringify(staticData)).not.toContain(secret);
		expect(await lifecycle.checkExists.call(trigger.hookContext())).toBe(true);
	});

	it('removes exactly its webhooks on deactivation, and leaves others alone', async () => {
		api.webhooks.set(1, { id: 1, event: 'order_created', url: 'https://other.example.com/hook', active: true });
		const staticData: IDataObject = {};
		const trigger = workflow(['order_created', 'order_sent'], staticData);
		await lifecycle.create.call(trigger.hookContext());
		expect(api.webhooks.size).toBe(3);
		expect(await lifecycle.delete.call(trigger.hookContext())).toBe(true);
		expect([...api.webhooks.keys()]).toEqual([1]);
		expect(stateIn(staticData)).toEqual({});
	});

	it('leaves Shopkit with exactly the newly selected events on re-activation: the kept one untouched, the new one first, then the old one removed', async () => {
		const staticData: IDataObject = {};
		await lifecycle.create.call(workflow(['order_created', 'order_paid'], staticData).hookContext());
		const [created, paid] = [...api.webhooks.values()];
		api.requests.length = 0;

		const changed = workflow(['order_paid', 'order_sent'], staticData);
		expect(await lifecycle.checkExists.call(changed.hookContext())).toBe(false);
		await lifecycle.create.call(changed.hookContext());

		expect(registered().map((webhook) => webhook.event)).toEqual(['order_paid', 'order_sent']);
		expect(api.webhooks.get(paid.id)).toEqual(paid);
		expect(routes()).toEqual(['GET /v1/webhook', 'GET /v1/webhook', 'POST /v1/webhook', `DELETE /v1/webhook/${created.id}`]);
		expect(new Set([...api.webhooks.values()].map((webhook) => webhook.url)).size).toBe(1);
	});

	it('only lists Shopkit\'s webhooks when activated again with the same events, for n8n then creates nothing', async () => {
		const staticData: IDataObject = {};
		await lifecycle.create.call(workflow(['order_created'], staticData).hookContext());
		api.requests.length = 0;
		expect(await lifecycle.checkExists.call(workflow(['order_created'], staticData).hookContext())).toBe(true);
		expect(routes()).toEqual(['GET /v1/webhook']);
	});

	it('treats a webhook already gone from Shopkit (404) as removed', async () => {
		const staticData: IDataObject = {};
		await lifecycle.create.call(workflow(['order_created'], staticData).hookContext());
		api.webhooks.clear();
		expect(await lifecycle.delete.call(workflow(['order_created'], staticData).hookContext())).toBe(true);
	});

	it('fails activation with a message naming the credential when Shopkit refuses the key', async () => {
		const trigger = shopkitTrigger({ events: ['order_created'] }, { baseUrl: api.baseUrl, apiKey: 'wrong' });
		const activation = lifecycle.create.call(trigger.hookContext());
		await expect(activation).rejects.toThrow(NodeApiError);
		await expect(activation).rejects.toMatchObject({
			message: expect.stringMatching(/^Shopkit refused the API key: check the API Key of the Shopkit API credential .*\(GET \/v1\/webhook: HTTP 401\)$/),
			description: 'Invalid API key',
		});
		expect(api.webhooks.size).toBe(0);
	});

	it('removes what it created when a later creation keeps failing, so nothing is left registered', async () => {
		const trigger = workflow(['order_created', 'order_paid', 'order_sent']);
		api.failAfter(2, 500, { message: 'Internal error' });
		api.failNext(500, { message: 'Internal error' }, 3);
		await expect(lifecycle.create.call(trigger.hookContext())).rejects.toMatchObject({
			message: expect.stringContaining('(POST /v1/webhook: HTTP 500)'),
		});
		expect(routes()).toEqual(['GET /v1/webhook', 'POST /v1/webhook', ...Array(4).fill('POST /v1/webhook'), 'DELETE /v1/webhook/1337']);
		expect(api.webhooks.size).toBe(0);
		// n8n's clean-up after the failed activation
		expect(await lifecycle.delete.call(trigger.hookContext('remove'))).toBe(true);
		expect(api.webhooks.size).toBe(0);
	});

	it('keeps webhooks it could not remove listed, and says why', async () => {
		const staticData: IDataObject = {};
		await lifecycle.create.call(workflow(['order_created'], staticData).hookContext());
		api.failAfter(1, 500, { message: 'maintenance' });
		api.failNext(500, { message: 'maintenance' }, 3);
		await expect(lifecycle.delete.call(workflow(['order_created'], staticData).hookContext())).rejects.toThrow(NodeApiError);
		expect((stateIn(staticData) as { webhooks: unknown[] }).webhooks).toHaveLength(1);
		expect(await lifecycle.delete.call(workflow(['order_created'], staticData).hookContext())).toBe(true);
		expect(api.webhooks.size).toBe(0);
	});
});
