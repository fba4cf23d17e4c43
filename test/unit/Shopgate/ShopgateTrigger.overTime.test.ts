import http from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject } from 'n8n-workflow';

import { instanceTag } from '../../../nodes/shared/lifecycle/instanceIdentity';
import { secretDigest } from '../../../nodes/shared/inbound/secrets';
import { ShopgateTrigger } from '../../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node';
import { shopgateEnvelope } from '../../../dev/fixtures/shopgate';
import { startShopgateApi } from '../../../dev/mocks/shopgateApi';
import type { ShopgateApiMock } from '../../../dev/mocks/shopgateApi';
import type { NodeInN8nCore } from '../../../dev/nodeInN8nCore';
import { stateIn } from '../../../dev/nodeInN8nCore';
import { activateLikeN8n, loadedCopy, saveWhole } from '../n8nActivation';
import { shopgateTrigger } from './shopgateTriggerInCore';

const lifecycle = new ShopgateTrigger().webhookMethods.default;
const PRODUCTION = 'https://n8n.example.com/webhook/hook-id/webhook';
/** The code of the node's production webhook: this n8n instance's tag, the workflow and the node. */
const CODE = `n8n-${instanceTag(shopgateTrigger().hookContext())}-wf-shopgate-over-time-trigger-node`;

/** Where the test URL points in these tests: records what Shopgate posts to it. */
async function startTestEndpoint() {
	const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(204).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		base: `http://127.0.0.1:${port}/webhook-test`,
		received,
		async next(timeoutMs = 10_000) {
			const deadline = Date.now() + timeoutMs;
			while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
			return received.shift();
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				// the mock's keep-alive connection would hold close() for seconds
				server.closeAllConnections();
			}),
	};
}

/**
 * The Shopgate Trigger over a workflow's life, in n8n-core's contexts: test listens beside an active workflow,
 * n8n starts that find the webhook moved, disabled or duplicated, renames, and static data of versions that kept
 * the merchant token itself.
 */
describe('Shopgate Trigger over time', () => {
	let shopgate: ShopgateApiMock;
	let endpoint: Awaited<ReturnType<typeof startTestEndpoint>>;
	let staticData: IDataObject;

	beforeEach(async () => {
		shopgate = await startShopgateApi();
		endpoint = await startTestEndpoint();
		staticData = {};
	});
	afterEach(async () => {
		jest.restoreAllMocks();
		await shopgate.close();
		await endpoint.close();
	});

	const production = (node: { nodeName?: string; webhookBaseUrl?: string } = {}, events = ['productCreated']) =>
		shopgateTrigger({ events }, { baseUrl: shopgate.baseUrl, staticData, workflowId: 'wf-shopgate-over-time' }, { ...node, webhookTestBaseUrl: endpoint.base });
	const hooks = () => [...shopgate.webhooks.values()];
	const tokenHeaders = (token = shopgate.webhookToken) => ({ 'content-type': 'application/json', 'shopgate-token': token });
	// Shopgate names in every delivery the webhook it was sent for: here production's
	const product = (trigger: NodeInN8nCore, id: string, token?: string) =>
		trigger.deliver({
			headers: tokenHeaders(token),
			rawBody: shopgateEnvelope('productCreated', { catalogCode: 'c', productCode: 'p' }, id, hooks().find((hook) => hook.endpoint === PRODUCTION)?.id),
		});

	async function activate(trigger: NodeInN8nCore, activation: 'activate' | 'init' = 'activate') {
		if (!(await lifecycle.checkExists.call(trigger.hookContext(activation)))) await lifecycle.create.call(trigger.hookContext(activation));
	}

	it('gives a test listen a webhook of its own, asks Shopgate for its sample at once, and deletes only that webhook', async () => {
		const active = production();
		await activate(active);
		const [productionHook] = hooks();

		const listen = active.testListen();
		expect(await lifecycle.checkExists.call(listen.hookContext())).toBe(false);
		await lifecycle.create.call(listen.hookContext());
		const testHook = hooks().find((webhook) => webhook.id !== productionHook.id)!;
		expect(testHook).toMatchObject({ code: `${CODE}-test`, endpoint: `${endpoint.base}/hook-id/webhook`, active: true });
		expect(hooks()).toContainEqual(productionHook);

		// Shopgate's sample reaches the test URL, and the listen takes it as a test event
		const sample = await endpoint.next();
		expect(shopgate.requests.some((request) => request.method === 'POST' && request.path.endsWith(`/webhooks/${testHook.id}/test`))).toBe(true);
		const shown = await listen.deliver({ headers: sample!.headers as Record<string, string>, rawBody: sample!.body });
		expect(shown.items).toEqual([expect.objectContaining({ isTest: true })]);

		expect(await lifecycle.delete.call(listen.hookContext('remove'))).toBe(true);
		expect(hooks()).toEqual([productionHook]);
		expect((await product(active, 'after-the-test')).items).toHaveLength(1);
	});

	it('leaves production as it was when a test registration fails, before and after n8n\'s delete', async () => {
		const active = production();
		await activate(active);
		const before = hooks();

		const listen = active.testListen();
		shopgate.failAfter(3, 200, { ids: [], errors: [{ code: 400, entity: 'webhook', entityIndex: 0, reason: 'Invalid endpoint' }] });
		await expect(lifecycle.create.call(listen.hookContext())).rejects.toThrow('Shopgate did not create the webhook: 400 Invalid endpoint');
		expect(await lifecycle.delete.call(listen.hookContext('remove'))).toBe(true);
		expect(hooks()).toEqual(before);
		expect((await product(active, 'after-the-failed-test')).items).toHaveLength(1);
	});

	it('deletes by the recorded code what a failed create may have left, and never production\'s webhook', async () => {
		await activate(production());
		const events = [{ code: 'productCreated' }];
		shopgate.webhooks.set('left', { id: 'left', code: `${CODE}-test`, name: 'test', endpoint: `${endpoint.base}/hook-id/webhook`, active: true, events });
		// what a test listen's create records first, before the creation failed
		const listen = production().testListen();
		listen.workflow.staticData.global = { 'node:trigger-node': { code: `${CODE}-test` } };
		await lifecycle.delete.call(listen.hookContext('remove'));
		expect(hooks().map((webhook) => webhook.code)).toEqual([CODE]);
	});

	it('accepts a test listen\'s first delivery even before n8n recorded what its create left, by reading the token', async () => {
		const listen = production().testListen();
		const early = await product(listen, 'early-test-delivery');
		expect(early.response.status).toBe(204);
		expect(early.items).toHaveLength(1);
		// production reads no token at a delivery: one before activation recorded its token is asked to come again
		const unregistered = await production().deliver({ headers: tokenHeaders(), rawBody: shopgateEnvelope('productCreated', {}, 'x') });
		expect(unregistered.response.status).toBe(503);
		expect(unregistered.items).toEqual([]);
	});

	it('moves its webhook to the URL of an n8n start whose WEBHOOK_URL changed, keeping its id', async () => {
		await activate(production());
		const [before] = hooks();
		const moved = production({ webhookBaseUrl: 'https://n8n.moved.example/webhook' });
		expect(await lifecycle.checkExists.call(moved.hookContext('init'))).toBe(false);
		await lifecycle.create.call(moved.hookContext('init'));
		expect(hooks()).toEqual([{ ...before, endpoint: 'https://n8n.moved.example/webhook/hook-id/webhook' }]);
	});

	it('enables again at the next start a webhook disabled at Shopgate while n8n was down', async () => {
		await activate(production());
		hooks()[0].active = false;
		await activate(production(), 'init');
		expect(hooks()).toEqual([expect.objectContaining({ code: CODE, active: true, endpoint: PRODUCTION })]);
	});

	it('recreates at the next start a webhook deleted at Shopgate while n8n was down', async () => {
		await activate(production());
		shopgate.webhooks.clear();
		await activate(production(), 'init');
		expect(hooks()).toEqual([expect.objectContaining({ code: CODE, active: true, endpoint: PRODUCTION })]);
	});

	it('removes other webhooks sending to its URL, and leaves webhooks sending elsewhere alone', async () => {
		await activate(production());
		const events = [{ code: 'productCreated' }];
		shopgate.webhooks.set('by-hand', { id: 'by-hand', code: 'by-hand', name: 'copy', endpoint: PRODUCTION, active: true, events });
		shopgate.webhooks.set('elsewhere', { id: 'elsewhere', code: 'erp', name: 'ERP', endpoint: 'https://erp.example.com/hook', active: true, events });
		expect(await lifecycle.checkExists.call(production().hookContext('init'))).toBe(false);
		await lifecycle.create.call(production().hookContext('init'));
		expect(hooks().map((webhook) => webhook.code).sort()).toEqual(['erp', CODE]);
	});

	it('keeps one webhook and its memory of deliveries when renamed: through n8n\'s deactivate-and-activate, and at a start', async () => {
		const first = production();
		await activate(first);
		expect((await product(first, 'before-the-rename')).items).toHaveLength(1);
		await lifecycle.delete.call(first.hookContext('remove'));
		await activate(production({ nodeName: 'Products' }));
		await activate(production({ nodeName: 'Products, renamed while n8n was down' }), 'init');
		expect(hooks()).toHaveLength(1);
		expect((await product(production({ nodeName: 'Products' }), 'before-the-rename')).items).toEqual([]);
	});

	/** A real delivery of the webhook Shopgate has for the node now, as Shopgate builds it: its id and code. */
	const realDelivery = (trigger: NodeInN8nCore, id: string, eventCode = 'productCreated') => {
		const webhook = hooks().find((hook) => hook.endpoint === PRODUCTION)!;
		const envelope = JSON.parse(shopgateEnvelope(eventCode, { catalogCode: 'c', productCode: 'p' }, id, webhook.id)) as IDataObject;
		return trigger.deliver({ headers: tokenHeaders(), rawBody: JSON.stringify({ ...envelope, webhookCode: webhook.code }) });
	};

	it('takes the deliveries of a re-created webhook for real deliveries after a delivery saved its older copy of the state', async () => {
		await activate(production());
		const oldId = hooks()[0].id;
		// a delivery's request loads the workflow...
		const inFlight = loadedCopy(staticData);
		// ...while n8n restarts and re-creates the webhook deleted at Shopgate meanwhile: a new id
		shopgate.webhooks.clear();
		await activateLikeN8n(lifecycle, production(), 'init');
		expect(hooks()[0].id).not.toBe(oldId);
		// ...the delivery is answered on its copy, and n8n saves that copy whole
		const delivery = shopgateTrigger({ events: ['productCreated'] }, { baseUrl: shopgate.baseUrl, staticData: inFlight, workflowId: 'wf-shopgate-over-time' });
		expect((await delivery.deliver({ headers: tokenHeaders(), rawBody: shopgateEnvelope('productCreated', {}, 'in-flight', oldId) })).response.status).toBe(204);
		saveWhole(staticData, inFlight);
		expect(stateIn(staticData).webhookId).toBe(oldId);

		const first = await realDelivery(production(), 'after-restart-1');
		expect(first.items).toEqual([expect.objectContaining({ deliveryId: 'after-restart-1', isTest: false })]);
		// not a test sample: de-duplicated, and filtered by event
		expect((await realDelivery(production(), 'after-restart-1')).items).toEqual([]);
		expect((await realDelivery(production(), 'after-restart-2', 'salesOrderAdded')).items).toEqual([]);
	});

	it('keeps its webhook when Shopgate answers 503 throughout an n8n start: the workflow starts and n8n deletes nothing', async () => {
		await activate(production());
		const before = hooks();
		shopgate.failNext(503, { code: 'ServiceUnavailable', message: 'down' }, 4);
		const context = production().hookContext('init');
		jest.spyOn(context.logger, 'warn').mockImplementation(() => undefined);
		expect(await lifecycle.checkExists.call(context)).toBe(true);
		expect(hooks()).toEqual(before);
		expect((await realDelivery(production(), 'during-outage')).items).toHaveLength(1);
	});

	it('fails an activation while Shopgate is unavailable without n8n\'s clean-up deleting the webhook that works', async () => {
		await activate(production());
		const before = hooks();
		shopgate.failNext(503, { code: 'ServiceUnavailable', message: 'down' }, 4);
		await expect(activateLikeN8n(lifecycle, production({}, ['productCreated', 'salesOrderAdded']))).rejects.toThrow(/HTTP 503/);
		expect(hooks()).toEqual(before);
	});

	it('sends a lookup again after a brief 503 at an activation: the activation succeeds and the webhook keeps its id', async () => {
		await activate(production());
		const [before] = hooks();
		shopgate.failNext(503, { code: 'ServiceUnavailable', message: 'down' });
		await activateLikeN8n(lifecycle, production({}, ['productCreated', 'salesOrderAdded']));
		expect(hooks()).toEqual([{ ...before, events: [{ code: 'productCreated' }, { code: 'salesOrderAdded' }] }]);
	});

	it('never takes production\'s webhook in a copy of the workflow in another n8n (same ids, another host), and deletes only its own', async () => {
		await activate(production());
		const before = hooks();
		const staging = shopgateTrigger(
			{ events: ['productCreated'] },
			{ baseUrl: shopgate.baseUrl, staticData: loadedCopy(staticData), workflowId: 'wf-shopgate-over-time' },
			{ webhookBaseUrl: 'https://staging.example.com/webhook', instanceId: 'another-n8n-instance' },
		);
		await activateLikeN8n(lifecycle, staging, 'init');
		expect(hooks()).toHaveLength(2);
		expect(hooks()).toContainEqual(before[0]);
		expect(hooks().find((hook) => hook.id !== before[0].id)).toMatchObject({ endpoint: 'https://staging.example.com/webhook/hook-id/webhook' });
		expect(hooks().find((hook) => hook.id !== before[0].id)!.code).not.toBe(CODE);

		expect(await lifecycle.delete.call(staging.hookContext('remove'))).toBe(true);
		expect(hooks()).toEqual(before);
	});

	it('accepts the token a version that kept it in plain text stored, until the next start replaces it by its digest', async () => {
		await activate(production());
		const [webhook] = hooks();
		staticData = { 'node:Trigger': { webhookId: webhook.id, webhookToken: shopgate.webhookToken } };

		expect((await product(production(), 'legacy-1')).items).toHaveLength(1);
		await activate(production(), 'init');
		expect(hooks()).toEqual([webhook]);
		expect(JSON.stringify(staticData)).not.toContain(shopgate.webhookToken);
		expect(stateIn(staticData)).toMatchObject({ webhookId: webhook.id, tokenDigest: secretDigest(shopgate.webhookToken) });
		expect((await product(production(), 'legacy-2')).items).toHaveLength(1);
	});
});
