import type { IDataObject } from 'n8n-workflow';

import { withInstanceTag } from '../../../nodes/shared/lifecycle/instanceIdentity';
import { TikiTrigger } from '../../../nodes/Tiki/TikiTrigger/TikiTrigger.node';
import { startTikiApi } from '../../../dev/mocks/tikiApi';
import type { TikiApiMock } from '../../../dev/mocks/tikiApi';
import type { NodeInN8nCore } from '../../../dev/nodeInN8nCore';
import { stateIn } from '../../../dev/nodeInN8nCore';
import { activateLikeN8n, loadedCopy, saveWhole } from '../n8nActivation';
import { tikiTrigger } from './tikiTriggerInCore';

/** A URL as this n8n instance registers it at Tiki: tagged with the instance (instanceIdentity.ts). */
const own = (url: string) => withInstanceTag(url, tikiTrigger().hookContext());

const lifecycle = new TikiTrigger().webhookMethods.default;
const APPROVED = 'product:request:approved';
const REJECTED = 'product:request:rejected';
const LOCKED = 'product:request:locked';
const PRODUCTION = own('https://n8n.example.com/webhook/hook-id/webhook');
const TEST = own('https://n8n.example.com/webhook-test/hook-id/webhook');
const ERP = 'https://erp.example.vn/tiki';

/**
 * The Tiki Trigger over a workflow's life, in n8n-core's contexts. Tiki keeps one URI per event for the whole
 * seller, so a test listen beside an active workflow is refused rather than take the event; the node's own older
 * URLs are moved, never reported as someone else's; deliveries are checked against the pair the credential gives now.
 */
describe('Tiki Trigger over time', () => {
	let tiki: TikiApiMock;
	let staticData: IDataObject;
	let workflows = 0;
	let workflowId: string;

	beforeEach(async () => {
		tiki = await startTikiApi();
		staticData = {};
		workflowId = `wf-tiki-over-time-${++workflows}`;
	});
	afterEach(async () => {
		jest.restoreAllMocks();
		await tiki.close();
	});

	const production = (
		events = [APPROVED, REJECTED],
		node: { nodeName?: string; webhookBaseUrl?: string; webhookId?: string; instanceId?: string } = {},
		extra: { credential?: IDataObject; replaceExisting?: boolean; staticData?: IDataObject; workflowId?: string } = {},
	) =>
		tikiTrigger(
			{ events, ...(extra.replaceExisting ? { replaceExisting: true } : {}) },
			{ baseUrl: tiki.baseUrl, staticData: extra.staticData ?? staticData, credential: extra.credential, workflowId: extra.workflowId ?? workflowId },
			node,
		);
	const registered = () => Object.fromEntries([...tiki.webhooks.values()].map((webhook) => [webhook.event, webhook.uri]));
	const changes = () => tiki.requests.filter((request) => request.method !== 'GET' && request.path.startsWith('/integration/'));

	async function activate(trigger: NodeInN8nCore, activation: 'activate' | 'init' = 'activate') {
		if (!(await lifecycle.checkExists.call(trigger.hookContext(activation)))) await lifecycle.create.call(trigger.hookContext(activation));
	}

	/** What Tiki's deliveries reach in these tests: the trigger whose URI Tiki holds for the event. */
	async function deliverTo(trigger: NodeInN8nCore, event: string, id: string) {
		const credentials = tiki.credentials!;
		const authorization = `Basic ${Buffer.from(`${credentials.id}:${credentials.secret}`).toString('base64')}`;
		return trigger.deliver({ headers: { authorization }, rawBody: JSON.stringify({ id, event, payload: {} }) });
	}

	it('refuses a test listen on an active workflow, saying why and what to do, and changes nothing at Tiki', async () => {
		const active = production();
		await activate(active);
		const before = { registered: registered(), credentials: tiki.credentials, changes: changes().length };

		const listen = active.testListen();
		expect(await lifecycle.checkExists.call(listen.hookContext())).toBe(false);
		const refused = lifecycle.create.call(listen.hookContext());
		await expect(refused).rejects.toMatchObject({
			message: `Tiki sends ${APPROVED} to this workflow's production URL`,
			description: expect.stringMatching(/one URL per event for the whole seller account.*deactivate the workflow first, or pin data on this trigger/),
		});
		await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining('https://') });
		expect(await lifecycle.delete.call(listen.hookContext('remove'))).toBe(true);
		expect({ registered: registered(), credentials: tiki.credentials, changes: changes().length }).toEqual(before);
		expect((await deliverTo(active, APPROVED, 'after-the-refused-test')).items).toHaveLength(1);
	});

	it('refuses a test listen that would take an event from another URL, even with Replace Existing Registration on', async () => {
		tiki.webhooks.set(REJECTED, { uri: ERP, event: REJECTED });
		const listen = production([APPROVED, REJECTED], {}, { replaceExisting: true }).testListen();
		await expect(lifecycle.create.call(listen.hookContext())).rejects.toMatchObject({
			message: `Tiki already sends ${REJECTED} to ${ERP}`,
			description: expect.stringContaining('a test listen never takes one over'),
		});
		expect(registered()).toEqual({ [REJECTED]: ERP });
		expect(changes()).toEqual([]);
	});

	it('registers a test listen for free events, and its delete removes only the test URL', async () => {
		const listen = production([LOCKED]).testListen();
		await lifecycle.create.call(listen.hookContext());
		expect(registered()).toEqual({ [LOCKED]: TEST });
		expect((await deliverTo(listen, LOCKED, 'a-test-event')).items).toHaveLength(1);
		await lifecycle.delete.call(listen.hookContext('remove'));
		expect(registered()).toEqual({});
	});

	it('lets a test listen take over its own older test URL (from before WEBHOOK_URL changed), and production\'s delete leave a running test alone', async () => {
		tiki.webhooks.set(LOCKED, { uri: own('http://old.example.com/webhook-test/hook-id/webhook'), event: LOCKED });
		const listen = production([LOCKED]).testListen();
		await lifecycle.create.call(listen.hookContext());
		expect(registered()).toEqual({ [LOCKED]: TEST });

		// a deactivation of this workflow while the test listens removes only production's URLs
		staticData = { global: { 'node:trigger-node': { events: [LOCKED] } } };
		await lifecycle.delete.call(production([LOCKED]).hookContext('remove'));
		expect(registered()).toEqual({ [LOCKED]: TEST });
		await lifecycle.delete.call(listen.hookContext('remove'));
		expect(registered()).toEqual({});
	});

	it('decides by who holds an event that was registered between its list and its POST (409)', async () => {
		tiki.webhooks.set(APPROVED, { uri: own('http://old.example.com/webhook/hook-id/webhook'), event: APPROVED });
		tiki.webhooks.set(REJECTED, { uri: ERP, event: REJECTED });
		// the first list does not show them yet
		tiki.failNext(200, { data: [] });
		await expect(lifecycle.create.call(production([APPROVED, REJECTED]).hookContext())).rejects.toMatchObject({
			message: `Tiki already sends ${REJECTED} to ${ERP}`,
		});
		expect(registered()).toEqual({ [APPROVED]: own('http://old.example.com/webhook/hook-id/webhook'), [REJECTED]: ERP });

		tiki.failNext(200, { data: [] });
		await lifecycle.create.call(production([APPROVED]).hookContext());
		expect(registered()).toEqual({ [APPROVED]: PRODUCTION, [REJECTED]: ERP });
	});

	it('leaves production as it was when a test registration fails, before and after n8n\'s delete', async () => {
		const active = production();
		await activate(active);
		const before = registered();
		tiki.failNext(503, { error: { message: 'Service unavailable' } }, 4);
		await expect(lifecycle.create.call(active.testListen().hookContext())).rejects.toThrow(/HTTP 503/);
		await lifecycle.delete.call(active.testListen().hookContext('remove'));
		expect(registered()).toEqual(before);
		expect((await deliverTo(active, APPROVED, 'after-the-failed-test')).items).toHaveLength(1);
	});

	it('moves its events to the URL of an n8n start whose WEBHOOK_URL changed, its old URL being its own', async () => {
		await activate(production());
		const moved = production(undefined, { webhookBaseUrl: 'https://n8n.moved.example/webhook' });
		expect(await lifecycle.checkExists.call(moved.hookContext('init'))).toBe(false);
		await lifecycle.create.call(moved.hookContext('init'));
		const url = own('https://n8n.moved.example/webhook/hook-id/webhook');
		expect(registered()).toEqual({ [APPROVED]: url, [REJECTED]: url });
		expect(await lifecycle.checkExists.call(moved.hookContext('init'))).toBe(true);
	});

	it('removes its old URL from events it no longer selects, also after WEBHOOK_URL changed, and leaves others\' alone', async () => {
		await activate(production([APPROVED, REJECTED, LOCKED]));
		tiki.webhooks.set(LOCKED, { uri: ERP, event: LOCKED });
		const moved = production([APPROVED], { webhookBaseUrl: 'https://n8n.moved.example/webhook' });
		await activate(moved, 'init');
		expect(registered()).toEqual({ [APPROVED]: own('https://n8n.moved.example/webhook/hook-id/webhook'), [LOCKED]: ERP });
	});

	it('registers again at the next start an event removed at Tiki while n8n was down', async () => {
		await activate(production());
		tiki.webhooks.delete(REJECTED);
		await activate(production(), 'init');
		expect(registered()).toEqual({ [APPROVED]: PRODUCTION, [REJECTED]: PRODUCTION });
	});

	it('takes its events back from a running test listen when activated, and puts them back if the activation fails', async () => {
		tiki.webhooks.set(APPROVED, { uri: TEST, event: APPROVED });
		tiki.failAfter(3, 500);
		tiki.failNext(500, { error: { message: 'Internal error' } }, 3);
		await expect(lifecycle.create.call(production([APPROVED, REJECTED]).hookContext())).rejects.toThrow(/HTTP 500/);
		expect(registered()).toEqual({ [APPROVED]: TEST });
		await lifecycle.create.call(production([APPROVED, REJECTED]).hookContext());
		expect(registered()).toEqual({ [APPROVED]: PRODUCTION, [REJECTED]: PRODUCTION });
	});

	it('undoes its takeovers as well as its registrations when the activation fails', async () => {
		tiki.webhooks.set(REJECTED, { uri: ERP, event: REJECTED });
		// list, POST approved, PUT rejected, then the grant fails
		tiki.failAfter(3, 500);
		tiki.failNext(500, { error: { message: 'Internal error' } }, 3);
		await expect(lifecycle.create.call(production([APPROVED, REJECTED], {}, { replaceExisting: true }).hookContext())).rejects.toMatchObject({
			message: expect.stringContaining('(PUT /integration/v1/webhooks/credentials: HTTP 500)'),
		});
		expect(registered()).toEqual({ [REJECTED]: ERP });
	});

	it('keeps its registrations and memory of deliveries when renamed: through n8n\'s deactivate-and-activate, and at a start', async () => {
		const first = production();
		await activate(first);
		expect((await deliverTo(first, APPROVED, 'before-the-rename')).items).toHaveLength(1);
		await lifecycle.delete.call(first.hookContext('remove'));
		const renamed = production(undefined, { nodeName: 'Product requests' });
		await activate(renamed);
		const requests = tiki.requests.length;
		await activate(production(undefined, { nodeName: 'Renamed while n8n was down' }), 'init');
		expect(tiki.requests.slice(requests).map((request) => request.method)).toEqual(['POST', 'GET']);
		expect(registered()).toEqual({ [APPROVED]: PRODUCTION, [REJECTED]: PRODUCTION });
		expect((await deliverTo(renamed, APPROVED, 'before-the-rename')).items).toEqual([]);
	});

	it('has every trigger of a credential accept the new pair after a client-secret rotation and one re-activation', async () => {
		const secondData: IDataObject = {};
		const approvals = () => production([APPROVED]);
		const rejections = (credential?: IDataObject) =>
			production([REJECTED], { webhookId: 'other-hook' }, { staticData: secondData, workflowId: `${workflowId}-second`, credential });
		await activate(approvals());
		await activate(rejections());
		expect((await deliverTo(rejections(), REJECTED, 'before-the-rotation')).items).toHaveLength(1);
		const oldPair = tiki.credentials;

		tiki.clientSecret = 'rotated-client-secret';
		const rotated = { clientSecret: 'rotated-client-secret' };
		// the first workflow is activated again; the second is not touched
		await lifecycle.delete.call(production([APPROVED], {}, { credential: rotated }).hookContext('remove'));
		await activate(production([APPROVED], {}, { credential: rotated }));
		expect(tiki.credentials).not.toEqual(oldPair);

		// past the reuse window a refused delivery may read the credential again in
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		expect((await deliverTo(rejections(rotated), REJECTED, 'after-the-rotation')).items).toHaveLength(1);
		expect((await deliverTo(production([APPROVED], {}, { credential: rotated }), APPROVED, 'approved-after')).items).toHaveLength(1);
		// and the second workflow notices the rotation at the next start
		expect(await lifecycle.checkExists.call(rejections(rotated).hookContext('init'))).toBe(false);
	});

	it('refuses a delivery with the pair of a credential rotated since', async () => {
		await activate(production());
		const stale = `Basic ${Buffer.from(`${tiki.credentials!.id}:${tiki.credentials!.secret}`).toString('base64')}`;
		const rotated = production(undefined, {}, { credential: { clientSecret: 'rotated-client-secret' } });
		const refused = await rotated.deliver({ headers: { authorization: stale }, rawBody: JSON.stringify({ id: 'stale', event: APPROVED, payload: {} }) });
		expect(refused.response.status).toBe(401);
	});

	it('accepts deliveries under what a version that kept the pair in plain text stored, until the next start keeps only its digest', async () => {
		await activate(production());
		const pair = tiki.credentials!;
		staticData = { 'node:Trigger': { events: [APPROVED, REJECTED], grant: pair } };
		expect((await deliverTo(production(), APPROVED, 'legacy-1')).items).toHaveLength(1);
		await activate(production(), 'init');
		expect(JSON.stringify(staticData)).not.toContain(pair.secret);
		expect(stateIn(staticData)).toMatchObject({ events: [APPROVED, REJECTED], grantDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
		expect((await deliverTo(production(), APPROVED, 'legacy-3')).items).toHaveLength(1);
	});
	it('changes nothing at Tiki at an n8n start when its registrations work', async () => {
		await activate(production());
		const before = { registered: registered(), changes: changes().length };
		await activateLikeN8n(lifecycle, production(), 'init');
		expect({ registered: registered(), changes: changes().length }).toEqual(before);
	});

	it('keeps its registrations when Tiki answers 503 throughout an n8n start: the workflow starts and n8n deletes nothing', async () => {
		await activate(production());
		const before = registered();
		tiki.failNext(503, { error: { message: 'Service unavailable' } }, 4);
		const context = production().hookContext('init');
		jest.spyOn(context.logger, 'warn').mockImplementation(() => undefined);
		expect(await lifecycle.checkExists.call(context)).toBe(true);
		expect(registered()).toEqual(before);
		expect((await deliverTo(production(), APPROVED, 'during-the-outage')).items).toHaveLength(1);
	});

	it('sends a registration call again after a brief 503, so the activation succeeds and n8n removes nothing', async () => {
		await activate(production());
		tiki.failNext(503, { error: { message: 'Service unavailable' } });
		await activateLikeN8n(lifecycle, production([APPROVED, REJECTED, LOCKED]));
		expect(registered()).toEqual({ [APPROVED]: PRODUCTION, [REJECTED]: PRODUCTION, [LOCKED]: PRODUCTION });
	});

	it('never takes production\'s events in a copy of the workflow in another n8n (same ids, another host), nor removes them', async () => {
		await activate(production());
		const before = registered();
		const staging = production([APPROVED, REJECTED], { webhookBaseUrl: 'https://staging.example.com/webhook', instanceId: 'another-n8n-instance' }, { staticData: loadedCopy(staticData) });
		await expect(activateLikeN8n(lifecycle, staging, 'init')).rejects.toMatchObject({ message: `Tiki already sends ${APPROVED} to ${PRODUCTION}` });
		expect(registered()).toEqual(before);
		expect(await lifecycle.delete.call(staging.hookContext('remove'))).toBe(true);
		expect(registered()).toEqual(before);
	});

	it('removes every event Tiki sends to it on deactivation, also after a delivery saved an older copy of its state', async () => {
		await activate(production([APPROVED]));
		const inFlight = loadedCopy(staticData);
		await activate(production([APPROVED, REJECTED]));
		expect((await deliverTo(production([APPROVED], {}, { staticData: inFlight }), APPROVED, 'in-flight')).items).toHaveLength(1);
		saveWhole(staticData, inFlight);
		expect(stateIn(staticData).events).toEqual([APPROVED]);

		await lifecycle.delete.call(production([APPROVED, REJECTED]).hookContext('remove'));
		expect(registered()).toEqual({});
	});
});
