import type { IDataObject } from 'n8n-workflow';

import { ShopkitTrigger } from '../../../nodes/Shopkit/ShopkitTrigger/ShopkitTrigger.node';
import { shopkitHeaders, shopkitOrder } from '../../../dev/fixtures/shopkit';
import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import type { NodeInN8nCore } from '../../../dev/nodeInN8nCore';
import { stateIn } from '../../../dev/nodeInN8nCore';
import { secretDigest } from '../../../nodes/shared/inbound/secrets';
import { activateLikeN8n, loadedCopy, saveWhole } from '../n8nActivation';
import { shopkitTrigger } from './shopkitTriggerInCore';

const lifecycle = new ShopkitTrigger().webhookMethods.default;
const PRODUCTION = 'https://n8n.example.com/webhook/hook-id/webhook';
const TEST = 'https://n8n.example.com/webhook-test/hook-id/webhook';

/**
 * The Shopkit Trigger over a workflow's life, in n8n-core's contexts: test listens beside an active workflow,
 * n8n starts (Shopkit lists its webhooks: what works is kept, what is missing or suspended repaired), Shopkit
 * unavailable at a start, URL changes, a copy of the workflow in another n8n, renames, deliveries that save an
 * older copy of the state, and static data written by versions that kept the secret itself.
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
		jest.restoreAllMocks();
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
		shopkit.failAfter(2, 500, { message: 'Internal error' });
		shopkit.failNext(500, { message: 'Internal error' }, 3);
		await expect(lifecycle.create.call(listen.hookContext())).rejects.toThrow(/HTTP 500/);
		expect(await lifecycle.delete.call(listen.hookContext('remove'))).toBe(true);
		expect(hooks()).toEqual(productionHooks);
		expect((await order(active, secretOf(PRODUCTION))).items).toHaveLength(1);
	});

	it('changes nothing at Shopkit at an n8n start when its webhooks work, so the deliveries Shopkit retries meanwhile are accepted', async () => {
		await activate(production());
		const before = hooks();
		const secret = secretOf(PRODUCTION);
		shopkit.requests.length = 0;

		await activateLikeN8n(lifecycle, production(), 'init');
		expect(shopkit.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/webhook']);
		expect(hooks()).toEqual(before);
		expect((await order(production(), secret)).items).toHaveLength(1);
	});

	it('moves its webhooks to the new URL when WEBHOOK_URL changed, with the same secret, so retries to the old URL are accepted too', async () => {
		await activate(production());
		const before = hooks();
		const secret = secretOf(PRODUCTION);

		const moved = production({ webhookBaseUrl: 'https://n8n.moved.example/webhook' });
		expect(await lifecycle.checkExists.call(moved.hookContext('init'))).toBe(false);
		await lifecycle.create.call(moved.hookContext('init'));
		expect(hooks().some((webhook) => before.some((old) => old.id === webhook.id))).toBe(false);
		expect(hooksFor('https://n8n.moved.example/webhook/hook-id/webhook').map((webhook) => webhook.event).sort()).toEqual(['order_created', 'order_paid']);
		expect(hooks()).toHaveLength(2);
		expect(secretOf('https://n8n.moved.example/webhook/hook-id/webhook')).toBe(secret);
		expect((await order(moved, secret)).items).toHaveLength(1);
		expect((await order(moved, 'f'.repeat(64), 2)).response.status).toBe(401);
	});

	it('replaces a webhook Shopkit suspended with one carrying the same secret, and leaves the working one as it is', async () => {
		await activate(production());
		const secret = secretOf(PRODUCTION);
		const created = hooks().find((webhook) => webhook.event === 'order_created')!;
		const paid = hooks().find((webhook) => webhook.event === 'order_paid')!;
		paid.active = false;

		await activateLikeN8n(lifecycle, production(), 'init');
		expect(shopkit.webhooks.get(created.id)).toEqual(created);
		expect(shopkit.webhooks.has(paid.id)).toBe(false);
		expect(hooks().map(({ event, url, active }) => ({ event, url, active })).sort((a, b) => a.event.localeCompare(b.event))).toEqual([
			{ event: 'order_created', url: created.url, active: true },
			{ event: 'order_paid', url: created.url, active: true },
		]);
		expect((await order(production(), secret)).items).toHaveLength(1);
	});

	it.each([
		['answers 503', () => shopkit.failNext(503, { message: 'Service Unavailable' }, 4)],
		['is rate limiting', () => shopkit.failNext(429, { message: 'Too many requests' }, 4)],
	])('keeps its webhooks when Shopkit %s throughout an n8n start: the workflow starts and n8n deletes nothing', async (_case, fail) => {
		await activate(production());
		const before = hooks();
		const trigger = production();
		fail();
		const context = trigger.hookContext('init');
		const warn = jest.spyOn(context.logger, 'warn').mockImplementation(() => undefined);
		expect(await lifecycle.checkExists.call(context)).toBe(true);
		expect(warn.mock.calls[0][0]).toMatch(/could not check its registrations .* keeps those it recorded/);
		expect(hooks()).toEqual(before);
		expect((await order(trigger, secretOf(PRODUCTION))).items).toHaveLength(1);
	});

	it('sends its list request again when Shopkit answers 503 briefly at a start, and then changes nothing', async () => {
		await activate(production());
		const before = hooks();
		shopkit.requests.length = 0;
		shopkit.failNext(503, { message: 'Service Unavailable' }, 2);
		await activateLikeN8n(lifecycle, production(), 'init');
		expect(shopkit.requests.map((request) => `${request.method} ${request.path}`)).toEqual(Array(3).fill('GET /v1/webhook'));
		expect(hooks()).toEqual(before);
	});

	it('fails an activation while Shopkit is unavailable without n8n\'s clean-up removing the webhooks that work; a deactivation later removes them', async () => {
		await activate(production());
		const before = hooks();
		const changed = production({ events: ['order_created', 'order_paid', 'order_sent'] });
		shopkit.failNext(503, { message: 'Service Unavailable' }, 4);
		await expect(activateLikeN8n(lifecycle, changed)).rejects.toThrow(/HTTP 503/);
		expect(hooks()).toEqual(before);
		expect((await order(changed, secretOf(PRODUCTION))).items).toHaveLength(1);

		expect(await lifecycle.delete.call(changed.hookContext('remove'))).toBe(true);
		expect(hooks()).toEqual([]);
	});

	it('never takes production\'s webhooks in a copy of the workflow in another n8n (same ids, another host), and removes only its own', async () => {
		await activate(production());
		const before = hooks();
		const productionSecret = secretOf(PRODUCTION);
		const STAGING = 'https://staging.example.com/webhook/hook-id/webhook';
		const staging = shopkitTrigger(
			{ events: ['order_created', 'order_paid'] },
			{ baseUrl: shopkit.baseUrl, staticData: loadedCopy(staticData), workflowId },
			{ webhookBaseUrl: 'https://staging.example.com/webhook', instanceId: 'another-n8n-instance' },
		);

		await activateLikeN8n(lifecycle, staging, 'init');
		expect(hooksFor(PRODUCTION)).toEqual(before);
		expect(hooksFor(STAGING).map((webhook) => webhook.event).sort()).toEqual(['order_created', 'order_paid']);
		expect(secretOf(STAGING)).not.toBe(productionSecret);
		expect((await order(staging, productionSecret)).response.status).toBe(401);
		expect((await order(production(), productionSecret)).items).toHaveLength(1);

		expect(await lifecycle.delete.call(staging.hookContext('remove'))).toBe(true);
		expect(hooks()).toEqual(before);
	});

	it('still accepts the secret of a newer registration after a delivery saved its older copy of the state over it', async () => {
		await activate(production());
		const oldSecret = secretOf(PRODUCTION);
		// a delivery's request loads the workflow...
		const inFlight = loadedCopy(staticData);
		// ...while n8n restarts and finds Shopkit without the node's webhooks (removed in the dashboard): a new set, a new secret
		shopkit.webhooks.clear();
		await activateLikeN8n(lifecycle, production(), 'init');
		const newSecret = secretOf(PRODUCTION);
		expect(newSecret).not.toBe(oldSecret);
		// ...the delivery is answered on its copy and n8n saves that copy whole
		const delivery = shopkitTrigger({ events: ['order_created', 'order_paid'] }, { baseUrl: shopkit.baseUrl, staticData: inFlight, workflowId });
		expect((await order(delivery, oldSecret, 1)).items).toHaveLength(1);
		saveWhole(staticData, inFlight);
		expect(JSON.stringify(stateIn(staticData).webhooks)).not.toContain(secretDigest(newSecret));

		shopkit.requests.length = 0;
		expect((await order(production(), newSecret, 2)).items).toHaveLength(1);
		expect((await order(production(), newSecret, 3)).items).toHaveLength(1);
		// forged secrets meanwhile are refused without asking Shopkit again within the minute
		expect((await order(production(), 'f'.repeat(64), 4)).response.status).toBe(401);
		expect((await order(production(), 'e'.repeat(64), 5)).response.status).toBe(401);
		expect(shopkit.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/webhook']);
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
		const moved = () => production({ events: ['order_created'], webhookBaseUrl: 'https://n8n.moved.example/webhook' });
		shopkit.failAfter(2, 500, { message: 'maintenance' });
		shopkit.failNext(500, { message: 'maintenance' }, 3);
		const context = moved().hookContext('init');
		const warn = jest.spyOn(context.logger, 'warn').mockImplementation(() => undefined);
		await lifecycle.create.call(context);
		expect(warn.mock.calls[0][0]).toContain(`could not remove the earlier webhooks ${earlier.id} at Shopkit`);
		expect(hooks()).toHaveLength(2);
		expect((await order(moved(), earlierSecret, 9)).items).toHaveLength(1);

		await activate(moved(), 'init');
		expect(hooks()).toHaveLength(1);
		expect(shopkit.webhooks.has(earlier.id)).toBe(false);
	});

	it('accepts what a version that kept the secret itself registered, and at the next start keeps that working webhook, recording only its digest', async () => {
		const legacySecret = 'b'.repeat(64);
		const legacyUrl = `${PRODUCTION}?secret=${legacySecret}`;
		shopkit.webhooks.set(41, { id: 41, event: 'order_created', url: legacyUrl, active: true });
		staticData['node:Trigger'] = { secret: legacySecret, webhooks: [{ id: 41, event: 'order_created', url: legacyUrl }] };

		const upgraded = production({ events: ['order_created'] });
		expect((await order(upgraded, legacySecret)).items).toHaveLength(1);
		expect((await order(upgraded, 'c'.repeat(64), 2)).response.status).toBe(401);

		await activate(production({ events: ['order_created'] }), 'init');
		expect(shopkit.webhooks.get(41)).toEqual({ id: 41, event: 'order_created', url: legacyUrl, active: true });
		expect(JSON.stringify(staticData)).not.toContain(legacySecret);
		expect(stateIn(staticData).webhooks).toEqual([{ id: 41, event: 'order_created', url: PRODUCTION, secretDigest: secretDigest(legacySecret) }]);
		expect(stateIn(staticData)).not.toHaveProperty('secret');
		expect((await order(production({ events: ['order_created'] }), legacySecret, 3)).items).toHaveLength(1);
		expect((await order(production({ events: ['order_created'] }), 'c'.repeat(64), 4)).response.status).toBe(401);
	});
});
