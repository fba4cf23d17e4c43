import type { IDataObject } from 'n8n-workflow';

import { ShopkitTrigger } from '../../../nodes/Shopkit/ShopkitTrigger.node';
import { shopkitHeaders, shopkitOrder } from '../../../dev/fixtures/shopkit';
import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import type { NodeInN8nCore } from '../../../dev/nodeInN8nCore';
import { stateIn } from '../../../dev/nodeInN8nCore';
import { shopkitTrigger } from './shopkitTriggerInCore';

const lifecycle = new ShopkitTrigger().webhookMethods.default;
const PRODUCTION = 'https://n8n.example.com/webhook/hook-id/webhook';
const TEST = 'https://n8n.example.com/webhook-test/hook-id/webhook';

/**
 * The Shopkit Trigger over a workflow's life, in n8n-core's contexts: test listens beside an active workflow,
 * n8n starts (Shopkit lists nothing, so the node registers anew), URL changes, renames, and static data written by
 * versions that kept the secret itself.
 */
describe('Shopkit Trigger over time', () => {
	let shopkit: ShopkitApiMock;
	let staticData: IDataObject;
	let workflowId: string;
	let workflows = 0;

	beforeEach(async () => {
		shopkit = await startShopkitApi();
		staticData = {};
		// the memory of deliveries is per process and workflow: each test is a workflow of its own
		workflowId = `wf-over-time-${++workflows}`;
	});
	afterEach(async () => {
		await shopkit.close();
	});

	const production = (options: { events?: string[]; nodeName?: string; webhookBaseUrl?: string } = {}) =>
		shopkitTrigger({ events: options.events ?? ['order_created', 'order_paid'] }, { baseUrl: shopkit.baseUrl, staticData, workflowId }, options);
	const hooks = () => [...shopkit.webhooks.values()];
	const hooksFor = (base: string) => hooks().filter((webhook) => webhook.url.startsWith(`${base}?`));
	const secretOf = (base: string) => new URL(hooksFor(base)[0].url).searchParams.get('secret')!;
	const order = (trigger: NodeInN8nCore, secret: string | undefined, id = 1, updatedAt?: string) =>
		trigger.deliver({ headers: shopkitHeaders('order_created'), rawBody: shopkitOrder(id, updatedAt), query: secret === undefined ? {} : { secret } });

	async function activate(trigger: NodeInN8nCore, activation: 'activate' | 'init' = 'activate') {
		if (!(await lifecycle.checkExists.call(trigger.hookContext(activation)))) await lifecycle.create.call(trigger.hookContext(activation));
	}

	it('registers a test listen\'s own webhooks for the test URL and removes only those, production running throughout', async () => {
		const active = production();
		await activate(active);
		const productionHooks = hooks();
		const productionSecret = secretOf(PRODUCTION);

		const listen = active.testListen();
		expect(await lifecycle.checkExists.call(listen.hookContext())).toBe(false);
		expect(await lifecycle.create.call(listen.hookContext())).toBe(true);
		expect(hooksFor(TEST).map((webhook) => webhook.event).sort()).toEqual(['order_created', 'order_paid']);
		expect(hooksFor(PRODUCTION)).toEqual(productionHooks);
		expect((await order(listen, secretOf(TEST))).items).toHaveLength(1);
		expect((await order(active, productionSecret, 2)).items).toHaveLength(1);

		expect(await lifecycle.delete.call(listen.hookContext('remove'))).toBe(true);
		expect(hooks()).toEqual(productionHooks);
		expect((await order(active, productionSecret, 3)).items).toHaveLength(1);
	});

	it('leaves production as it was when a test registration fails, before and after n8n\'s delete', async () => {
		const active = production();
		await activate(active);
		const productionHooks = hooks();

		const listen = active.testListen();
		shopkit.failAfter(1, 500, { message: 'Internal error' });
		await expect(lifecycle.create.call(listen.hookContext())).rejects.toThrow(/HTTP 500/);
		expect(await lifecycle.delete.call(listen.hookContext('remove'))).toBe(true);
		expect(hooks()).toEqual(productionHooks);
		expect((await order(active, secretOf(PRODUCTION))).items).toHaveLength(1);
	});

	it('registers a new set at every n8n start, for the URL of that start, and removes the old one; only the new secret is accepted', async () => {
		await activate(production());
		const before = hooks();
		const oldSecret = secretOf(PRODUCTION);

		const moved = production({ webhookBaseUrl: 'https://n8n.moved.example/webhook' });
		expect(await lifecycle.checkExists.call(moved.hookContext('init'))).toBe(false);
		await lifecycle.create.call(moved.hookContext('init'));
		expect(hooks().some((webhook) => before.some((old) => old.id === webhook.id))).toBe(false);
		expect(hooksFor('https://n8n.moved.example/webhook/hook-id/webhook').map((webhook) => webhook.event).sort()).toEqual(['order_created', 'order_paid']);
		expect(hooks()).toHaveLength(2);
		expect((await order(moved, oldSecret)).response.status).toBe(401);
		expect((await order(moved, secretOf('https://n8n.moved.example/webhook/hook-id/webhook'))).items).toHaveLength(1);
	});

	it('restores at the next start a webhook removed (or suspended) at Shopkit while n8n was down', async () => {
		await activate(production());
		shopkit.webhooks.delete(hooks().find((webhook) => webhook.event === 'order_paid')!.id);
		await activate(production(), 'init');
		expect(hooksFor(PRODUCTION).map((webhook) => webhook.event).sort()).toEqual(['order_created', 'order_paid']);
		expect(hooks()).toHaveLength(2);
	});

	it('keeps one set and its memory of deliveries when renamed: through n8n\'s deactivate-and-activate, and at a start', async () => {
		const first = production();
		await activate(first);
		expect((await order(first, secretOf(PRODUCTION), 7, '2024-06-01T12:00:00+00:00')).items).toHaveLength(1);

		await lifecycle.delete.call(first.hookContext('remove'));
		const renamed = production({ nodeName: 'Paid orders' });
		await activate(renamed);
		expect(hooks()).toHaveLength(2);
		await activate(production({ nodeName: 'Paid orders, renamed while n8n was down' }), 'init');
		expect(hooks()).toHaveLength(2);

		const redelivered = await order(renamed, secretOf(PRODUCTION), 7, '2024-06-01T12:00:00+00:00');
		expect(redelivered.response.status).toBe(204);
		expect(redelivered.items).toEqual([]);
	});

	it('keeps earlier webhooks it could not remove, still accepted, and removes them at the next registration', async () => {
		await activate(production({ events: ['order_created'] }));
		const [earlier] = hooks();
		const earlierSecret = secretOf(PRODUCTION);
		shopkit.failAfter(1, 500, { message: 'maintenance' });
		const context = production({ events: ['order_created'] }).hookContext('init');
		const warn = jest.spyOn(context.logger, 'warn').mockImplementation(() => undefined);
		await lifecycle.create.call(context);
		expect(warn.mock.calls[0][0]).toContain(`could not remove the earlier webhooks ${earlier.id} at Shopkit`);
		expect(hooks()).toHaveLength(2);
		expect((await order(production({ events: ['order_created'] }), earlierSecret, 9)).items).toHaveLength(1);

		await activate(production({ events: ['order_created'] }), 'init');
		expect(hooks()).toHaveLength(1);
		expect(shopkit.webhooks.has(earlier.id)).toBe(false);
	});

	it('accepts what a version that kept the secret itself registered, until the next start replaces it and drops the secret', async () => {
		const legacySecret = 'b'.repeat(64);
		const legacyUrl = `${PRODUCTION}?secret=${legacySecret}`;
		shopkit.webhooks.set(41, { id: 41, event: 'order_created', url: legacyUrl, active: true });
		staticData['node:Trigger'] = { secret: legacySecret, webhooks: [{ id: 41, event: 'order_created', url: legacyUrl }] };

		const upgraded = production({ events: ['order_created'] });
		expect((await order(upgraded, legacySecret)).items).toHaveLength(1);
		expect((await order(upgraded, 'c'.repeat(64), 2)).response.status).toBe(401);

		await activate(production({ events: ['order_created'] }), 'init');
		expect(shopkit.webhooks.has(41)).toBe(false);
		expect(JSON.stringify(staticData)).not.toContain(legacySecret);
		expect(stateIn(staticData)).toMatchObject({ webhooks: [{ url: PRODUCTION, secretDigest: expect.stringMatching(/^[0-9a-f]{64}$/) }] });
		expect(stateIn(staticData)).not.toHaveProperty('secret');
		expect((await order(production({ events: ['order_created'] }), legacySecret, 3)).response.status).toBe(401);
	});
});
