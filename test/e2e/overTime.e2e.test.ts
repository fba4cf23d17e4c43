import { readFileSync, rmSync } from 'fs';

import { emittedItems, ensureRuntime, freePort, N8nApi, packProject, startN8n, triggerWorkflow } from '../../dev/n8n';
import type { Execution, N8nInstance, N8nRuntime, TriggerWorkflow, WorkflowDefinition } from '../../dev/n8n';
import { EditorSession } from '../../dev/n8n/editorSession';
import { KINGUIN_SECRET } from '../../dev/fixtures/kinguin';
import { SHOPGATE_CREDENTIAL_FIELDS } from '../../dev/fixtures/shopgate';
import { shopkitOrder, SHOPKIT_USER_AGENT } from '../../dev/fixtures/shopkit';
import { SUPPLIER_WEBHOOK_SECRET } from '../../dev/fixtures/supplierMarketplace';
import { tikiApprovedPayload, tikiCredentialFields, TIKI_REJECTED_PAYLOAD } from '../../dev/fixtures/tiki';
import { startShopgateApi } from '../../dev/mocks/shopgateApi';
import type { ShopgateApiMock } from '../../dev/mocks/shopgateApi';
import { startShopkitApi } from '../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../dev/mocks/shopkitApi';
import { startTikiApi } from '../../dev/mocks/tikiApi';
import type { TikiApiMock } from '../../dev/mocks/tikiApi';
import { startTikiEventQueueApi } from '../../dev/mocks/tikiEventQueueApi';
import type { TikiEventQueueMock } from '../../dev/mocks/tikiEventQueueApi';
import { waitFor } from './setup/waitFor';

const APPROVED = 'product:request:approved';
const REJECTED = 'product:request:rejected';
/** Once a year: the Tiki Event Trigger polls when it is activated (and at every n8n start), never on its own here. */
const RARELY = { item: [{ mode: 'custom', cronExpression: '0 0 1 1 *' }] };

/** A trigger's workflow with the trigger renamed, connections included. */
function renamed(workflow: TriggerWorkflow, name: string): WorkflowDefinition {
	const definition = structuredClone(workflow.definition);
	definition.nodes[0].name = name;
	definition.connections = { [name]: definition.connections[workflow.triggerName] };
	return definition;
}

/**
 * Registrations over a workflow's whole life, in an n8n of this file's own (it restarts n8n under another
 * WEBHOOK_URL, which the shared one must not do under other test files): "Listen for test event" and "Fetch Test
 * Event" beside active workflows, failed test registrations, renames of active triggers, a Tiki client-secret
 * rotation with two workflows, then n8n stopped, registrations removed or disabled at the platforms meanwhile, and
 * n8n started on another port, so under another WEBHOOK_URL.
 */
describe('registrations over a workflow\'s life in n8n', () => {
	let runtime: N8nRuntime;
	let tarball: string;
	let n8n: N8nInstance;
	let api: N8nApi;
	let editor: EditorSession;
	let shopkit: ShopkitApiMock;
	let shopgate: ShopgateApiMock;
	let tiki: TikiApiMock;
	let tikiEvents: TikiEventQueueMock;

	const credentials: Record<string, { id: string; name: string }> = {};
	const workflows: Record<'shopkit' | 'shopgate' | 'tikiApprovals' | 'tikiRejections' | 'tikiEvents' | 'kinguin' | 'supplier', TriggerWorkflow> =
		{} as never;
	const ids: Record<keyof typeof workflows, string> = {} as never;
	/** The trigger's name as last published. */
	const triggerNames: Record<keyof typeof workflows, string> = {} as never;

	const productionUrl = (workflow: keyof typeof workflows) => `${n8n.baseUrl}/webhook/${workflows[workflow].webhookPath}`;
	const executions = async (workflow: keyof typeof workflows, mode?: string) =>
		(await api.executions(ids[workflow])).filter((execution) => mode === undefined || execution.mode === mode).sort((a, b) => Number(a.id) - Number(b.id));
	const finished = (list: Execution[]) => list.every((execution) => !['new', 'running', 'waiting'].includes(execution.status));
	async function executionsReach(workflow: keyof typeof workflows, count: number, mode?: string): Promise<Execution[]> {
		return waitFor(`${count} ${mode ?? ''} executions of ${workflow}`, async () => {
			const list = await executions(workflow, mode);
			return list.length >= count && finished(list) ? list : undefined;
		});
	}
	const items = (list: Execution[], workflow: keyof typeof workflows) => list.flatMap((execution) => emittedItems(execution, workflows[workflow].downstreamName));
	/** A manual run from a trigger to it ends at the trigger: its own output is what the editor shows. */
	const testItems = (execution: Execution, workflow: keyof typeof workflows) => emittedItems(execution, triggerNames[workflow]);

	/** A URL as the instance registers it at Tiki: tagged with the n8n instance (`?n8n-instance=<tag>`). */
	const tagged = (url: string) => expect.stringMatching(new RegExp(`^${url.replace(/[.?]/g, '\\$&')}\\?n8n-instance=[0-9a-f]{16}$`));
	const shopkitHooks = (base: string) => [...shopkit.webhooks.values()].filter((webhook) => webhook.url.startsWith(`${base}?`));
	async function shopkitDelivery(url: string, orderId: number, updatedAt = '2024-06-01T12:00:00+00:00') {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'user-agent': SHOPKIT_USER_AGENT, 'x-shopkit-event': 'order_created' },
			body: shopkitOrder(orderId, updatedAt),
		});
		return response.status;
	}

	/** Polls once as the active workflow: n8n polls a polling trigger whenever it activates it. */
	async function tikiEventsPollOnce() {
		await api.deactivate(ids.tikiEvents);
		await api.activate(ids.tikiEvents);
	}

	async function publish(workflow: keyof typeof workflows, definition: WorkflowDefinition, query = '') {
		const response = await fetch(`${n8n.baseUrl}/api/v1/workflows/${ids[workflow]}${query}`, {
			method: 'PUT',
			headers: { 'X-N8N-API-KEY': api.key, 'content-type': 'application/json' },
			body: JSON.stringify({ settings: { executionOrder: 'v1' }, ...definition }),
		});
		if (!response.ok) throw new Error(`updating ${workflow} answered ${response.status}: ${await response.text()}`);
	}

	async function connect() {
		api = await N8nApi.connect(n8n);
		editor = await EditorSession.open(n8n);
	}

	beforeAll(async () => {
		runtime = await ensureRuntime();
		tarball = process.env.N8N_E2E_TARBALL ?? (await packProject());
		[shopkit, shopgate, tiki, tikiEvents] = await Promise.all([startShopkitApi(), startShopgateApi(), startTikiApi(), startTikiEventQueueApi({ batchSize: 2 })]);
		n8n = await startN8n(runtime, { packages: [tarball] });
		await connect();

		credentials.shopkit = await api.createCredential('over time: Shopkit', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl });
		credentials.shopgate = await api.createCredential('over time: Shopgate', 'shopgateApi', {
			environment: 'production',
			...SHOPGATE_CREDENTIAL_FIELDS,
			authUrl: shopgate.baseUrl,
			webhookUrl: shopgate.baseUrl,
		});
		credentials.tiki = await api.createCredential('over time: Tiki', 'tikiOAuth2Api', tikiCredentialFields(tiki.baseUrl));
		credentials.tikiEvents = await api.createCredential('over time: Tiki events', 'tikiOAuth2Api', tikiCredentialFields(tikiEvents.baseUrl));
		credentials.kinguin = await api.createCredential('over time: Kinguin', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
		credentials.supplier = await api.createCredential('over time: supplier', 'supplierMarketplaceWebhookApi', {
			headerName: 'X-Webhook-Secret',
			secret: SUPPLIER_WEBHOOK_SECRET,
		});

		workflows.shopkit = triggerWorkflow({ node: 'shopkitTrigger', parameters: { events: ['order_created', 'order_paid'] }, credentials: { shopkitApi: credentials.shopkit } });
		workflows.shopgate = triggerWorkflow({ node: 'shopgateTrigger', parameters: { events: ['productCreated'] }, credentials: { shopgateApi: credentials.shopgate } });
		workflows.tikiApprovals = triggerWorkflow({ node: 'tikiTrigger', parameters: { events: [APPROVED] }, credentials: { tikiOAuth2Api: credentials.tiki } });
		workflows.tikiRejections = triggerWorkflow({ node: 'tikiTrigger', parameters: { events: [REJECTED] }, credentials: { tikiOAuth2Api: credentials.tiki } });
		workflows.tikiEvents = triggerWorkflow({
			node: 'tikiEventTrigger',
			// one batch per poll: a poll leaves its batch for the next one to acknowledge
			parameters: { events: ['ORDER_CREATED_SUCCESSFULLY'], pollTimes: RARELY, options: { maxEventsPerPoll: 2 } },
			credentials: { tikiOAuth2Api: credentials.tikiEvents },
		});
		workflows.kinguin = triggerWorkflow({ node: 'kinguinTrigger', parameters: { events: ['product.update'] }, credentials: { kinguinWebhookApi: credentials.kinguin } });
		workflows.supplier = triggerWorkflow({
			node: 'supplierMarketplaceTrigger',
			parameters: { authentication: 'headerSecret' },
			credentials: { supplierMarketplaceWebhookApi: credentials.supplier },
		});
		for (const name of Object.keys(workflows) as Array<keyof typeof workflows>) {
			ids[name] = await api.createWorkflow(workflows[name].definition);
			triggerNames[name] = workflows[name].triggerName;
			await api.activate(ids[name]);
		}
	}, 240_000);

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([shopkit?.close(), shopgate?.close(), tiki?.close(), tikiEvents?.close()]);
		if (n8n && !process.env.KEEP_N8N_USER_FOLDER) rmSync(n8n.userFolder, { recursive: true, force: true });
	});

	it('Shopkit: a test listen registers webhooks of its own and removes only those; a failed one changes nothing; production runs throughout', async () => {
		const production = shopkitHooks(productionUrl('shopkit'));
		expect(production.map((webhook) => webhook.event).sort()).toEqual(['order_created', 'order_paid']);

		expect((await editor.runTrigger(ids.shopkit, 'Trigger')).data).toEqual({ waitingForWebhook: true });
		const testUrl = `${n8n.baseUrl}/webhook-test/${workflows.shopkit.webhookPath}`;
		const [testHook] = await waitFor('the test webhooks', () => (shopkitHooks(testUrl).length === 2 ? shopkitHooks(testUrl) : undefined));
		expect(shopkitHooks(productionUrl('shopkit'))).toEqual(production);
		expect(await shopkitDelivery(testHook.url, 1)).toBe(204);
		const [test] = await executionsReach('shopkit', 1, 'manual');
		expect(testItems(test, 'shopkit')).toEqual([expect.objectContaining({ orderId: 1 })]);
		await waitFor('the test webhooks to go', () => shopkitHooks(testUrl).length === 0);

		// the list (checkExists, create) and the first creation answered, then the second fails through every retry
		shopkit.failAfter(3, 500, { message: 'Internal error' });
		shopkit.failNext(500, { message: 'Internal error' }, 3);
		const failed = await editor.runTrigger(ids.shopkit, 'Trigger');
		expect(failed.status).toBeGreaterThanOrEqual(400);
		expect(failed.message).toMatch(/HTTP 500/);
		expect([...shopkit.webhooks.values()]).toEqual(production);

		expect(await shopkitDelivery(production[0].url, 2)).toBe(204);
		expect(items(await executionsReach('shopkit', 1, 'webhook'), 'shopkit')).toEqual([expect.objectContaining({ orderId: 2 })]);
	});

	it('Shopgate: a test listen gets its own webhook and Shopgate\'s sample at once; a failed one changes nothing; production runs throughout', async () => {
		const [production] = [...shopgate.webhooks.values()];
		expect(production).toMatchObject({ endpoint: productionUrl('shopgate'), active: true });

		expect((await editor.runTrigger(ids.shopgate, 'Trigger')).data).toEqual({ waitingForWebhook: true });
		// nothing is posted by the test: the node asked Shopgate's test route, which delivers its sample
		const [test] = await executionsReach('shopgate', 1, 'manual');
		expect(testItems(test, 'shopgate')).toEqual([expect.objectContaining({ isTest: true })]);
		expect(shopgate.requests.some((request) => request.method === 'POST' && /\/webhooks\/[^/]+\/test$/.test(request.path))).toBe(true);
		await waitFor('the test webhook to go', () => shopgate.webhooks.size === 1);
		expect([...shopgate.webhooks.values()]).toEqual([production]);

		// after the merchant's token and the lookups by code (with and without the instance tag)
		shopgate.failAfter(3, 200, { ids: [], errors: [{ code: 400, entity: 'webhook', entityIndex: 0, reason: 'Invalid endpoint' }] });
		const failed = await editor.runTrigger(ids.shopgate, 'Trigger');
		expect(failed.message).toBe('Shopgate did not create the webhook: 400 Invalid endpoint');
		expect([...shopgate.webhooks.values()]).toEqual([production]);

		const delivered = await shopgate.deliver('productCreated', { catalogCode: 'c', productCode: 'p' }, { id: 'production-1', endpoint: production.endpoint });
		expect(delivered.status).toBe(204);
		expect(items(await executionsReach('shopgate', 1, 'webhook'), 'shopgate')).toEqual([expect.objectContaining({ deliveryId: 'production-1' })]);
	});

	it('Tiki: a test listen beside the active workflow is refused, naming no foreign URL; a failed one changes nothing; production runs throughout', async () => {
		const before = { webhooks: [...tiki.webhooks.values()], credentials: tiki.credentials };
		expect(before.webhooks).toEqual(
			expect.arrayContaining([
				{ uri: tagged(productionUrl('tikiApprovals')), event: APPROVED },
				{ uri: tagged(productionUrl('tikiRejections')), event: REJECTED },
			]),
		);

		const refused = await editor.runTrigger(ids.tikiApprovals, 'Trigger');
		expect(refused.status).toBeGreaterThanOrEqual(400);
		expect(refused.message).toBe(`Tiki sends ${APPROVED} to this workflow's production URL`);
		// unavailable through every retry of the registration calls
		tiki.failNext(503, { error: { message: 'Service unavailable' } }, 4);
		expect((await editor.runTrigger(ids.tikiApprovals, 'Trigger')).message).toMatch(/HTTP 503/);
		expect({ webhooks: [...tiki.webhooks.values()], credentials: tiki.credentials }).toEqual(before);

		expect((await tiki.deliver(APPROVED, tikiApprovedPayload(), { id: 'approval-1' })).status).toBe(204);
		expect(items(await executionsReach('tikiApprovals', 1, 'webhook'), 'tikiApprovals')).toEqual([expect.objectContaining({ deliveryId: 'approval-1' })]);
	});

	it('Tiki Event Trigger: "Fetch Test Event" on an edited draft changes no subscription, ack_id or memory of the active workflow\'s queue', async () => {
		const [queue] = [...tikiEvents.queues.values()];
		const subscriptions = () => queue.subscriptions.map(({ event_type, active }) => `${event_type}:${active}`).sort();
		expect(subscriptions()).toEqual(['ORDER_CREATED_SUCCESSFULLY:true']);

		// the draft gains an event the published version does not have
		const draft = structuredClone(workflows.tikiEvents.definition);
		(draft.nodes[0].parameters.events as string[]).push('PRODUCT_PRICE_UPDATED');
		await publish('tikiEvents', draft, '?publishIfActive=false');
		const refusal = await editor.runTrigger(ids.tikiEvents, 'Trigger');
		const [failed] = await executionsReach('tikiEvents', 1, 'manual');
		expect(refusal.data?.executionId).toBe(failed.id);
		expect(failed.status).toBe('error');
		expect(failed.data?.resultData.error?.message).toBe("The node's Tiki queue is not subscribed to PRODUCT_PRICE_UPDATED");
		expect(subscriptions()).toEqual(['ORDER_CREATED_SUCCESSFULLY:true']);

		await publish('tikiEvents', workflows.tikiEvents.definition, '?publishIfActive=false');
		tikiEvents.createOrder('order-1');
		tikiEvents.createOrder('order-2');
		const acknowledged = queue.acknowledged;
		await editor.runTrigger(ids.tikiEvents, 'Trigger');
		const [, shown] = await executionsReach('tikiEvents', 2, 'manual');
		expect(testItems(shown, 'tikiEvents').map((item) => item.order_code)).toEqual(['order-1', 'order-2']);
		expect(tikiEvents.pulls.at(-1)).toEqual({ queue: queue.code, ackId: null });
		expect(queue.acknowledged).toBe(acknowledged);

		await tikiEventsPollOnce();
		const emitted = items(await executionsReach('tikiEvents', 1, 'trigger'), 'tikiEvents');
		expect(emitted.map((item) => item.order_code)).toEqual(['order-1', 'order-2']);
	});

	it('renamed active triggers keep one set of registrations and their memory: a redelivery does not run again', async () => {
		// what each trigger has already run, delivered again after the rename
		const shopkitBefore = (await executions('shopkit', 'webhook')).length;
		const shopgateBefore = (await executions('shopgate', 'webhook')).length;
		const tikiBefore = (await executions('tikiApprovals', 'webhook')).length;
		const tikiEventsBefore = (await executions('tikiEvents', 'trigger')).length;

		// Tiki forgets its ack_ids: the renamed trigger's first poll gets the unacknowledged batch again
		await tikiEvents.restart();
		const redeliveries = tikiEvents.redeliveries;
		for (const workflow of ['shopkit', 'shopgate', 'tikiApprovals', 'tikiEvents'] as const) {
			triggerNames[workflow] = `Renamed ${workflow}`;
			workflows[workflow] = { ...workflows[workflow], definition: renamed(workflows[workflow], triggerNames[workflow]), triggerName: triggerNames[workflow] };
			// a rename also renames the trigger's key in the connections; n8n re-publishes the active workflow
			await publish(workflow, workflows[workflow].definition);
		}

		const shopkitNow = shopkitHooks(productionUrl('shopkit'));
		expect(shopkitNow.map((webhook) => webhook.event).sort()).toEqual(['order_created', 'order_paid']);
		expect(shopkit.webhooks.size).toBe(2);
		expect(await shopkitDelivery(shopkitNow[0].url, 2)).toBe(204);

		expect([...shopgate.webhooks.values()]).toEqual([expect.objectContaining({ endpoint: productionUrl('shopgate'), active: true })]);
		expect((await shopgate.deliver('productCreated', { catalogCode: 'c', productCode: 'p' }, { id: 'production-1', endpoint: productionUrl('shopgate') })).status).toBe(204);

		expect(tiki.webhooks.get(APPROVED)).toEqual({ uri: tagged(productionUrl('tikiApprovals')), event: APPROVED });
		expect((await tiki.deliver(APPROVED, tikiApprovedPayload(), { id: 'approval-1' })).status).toBe(204);

		expect(tikiEvents.redeliveries).toBe(redeliveries + 1);
		expect(tikiEvents.queues.size).toBe(1);

		// nothing ran again (a new execution would be a replay): the renamed Tiki Event Trigger's poll has acknowledged the
		// batch it got again (its last call), and n8n has run a delivery sent after all of these
		const [queue] = [...tikiEvents.queues.values()];
		await waitFor('the redelivered Tiki batch to be acknowledged', () => queue.outstanding === undefined);
		await api.deliveriesProcessed();
		expect(await executions('shopkit', 'webhook')).toHaveLength(shopkitBefore);
		expect(await executions('shopgate', 'webhook')).toHaveLength(shopgateBefore);
		expect(await executions('tikiApprovals', 'webhook')).toHaveLength(tikiBefore);
		expect(await executions('tikiEvents', 'trigger')).toHaveLength(tikiEventsBefore);
	});

	it('Tiki: after a client-secret rotation, one re-activation lets both workflows of the credential accept deliveries', async () => {
		const before = tiki.credentials;
		tiki.clientSecret = 'rotated-client-secret';
		const patched = await fetch(`${n8n.baseUrl}/api/v1/credentials/${credentials.tiki.id}`, {
			method: 'PATCH',
			headers: { 'X-N8N-API-KEY': api.key, 'content-type': 'application/json' },
			body: JSON.stringify({ data: { clientSecret: 'rotated-client-secret' }, isPartialData: true }),
		});
		expect(patched.status).toBe(200);
		await api.deactivate(ids.tikiApprovals);
		await api.activate(ids.tikiApprovals);
		expect(tiki.credentials).not.toEqual(before);

		const rejections = (await executions('tikiRejections', 'webhook')).length;
		const approvals = (await executions('tikiApprovals', 'webhook')).length;
		expect((await tiki.deliver(REJECTED, TIKI_REJECTED_PAYLOAD, { id: 'rejection-after-rotation' })).status).toBe(204);
		expect((await tiki.deliver(APPROVED, tikiApprovedPayload(), { id: 'approval-after-rotation' })).status).toBe(204);
		await executionsReach('tikiRejections', rejections + 1, 'webhook');
		await executionsReach('tikiApprovals', approvals + 1, 'webhook');
	});

	it('Shopkit: a restart changes nothing that works, so a delivery Shopkit retries across it is accepted with the old secret', async () => {
		const before = [...shopkit.webhooks.values()];
		const paid = before.find((webhook) => webhook.event === 'order_paid')!;
		const count = (await executions('shopkit', 'webhook')).length;
		const lists = () => shopkit.requests.filter((request) => request.method === 'GET' && request.path === '/v1/webhook').length;
		const listedBefore = lists();
		await n8n.stop();
		// Shopkit unavailable for a moment while n8n starts: its list is sent again, nothing is re-registered
		shopkit.failNext(503, { message: 'Service Unavailable' }, 2);
		n8n = await startN8n(runtime, { userFolder: n8n.userFolder, port: n8n.port, packages: [tarball] });
		await connect();
		// two answered 503, the third lists the webhooks
		await waitFor('the Shopkit Trigger\'s check at Shopkit', () => lists() >= listedBefore + 3 || undefined);

		expect([...shopkit.webhooks.values()]).toEqual(before);
		expect(await shopkitDelivery(paid.url, 901)).toBe(204);
		await executionsReach('shopkit', count + 1, 'webhook');
	}, 120_000);

	it('after a start under another WEBHOOK_URL, with registrations removed or disabled meanwhile, every trigger serves the new URL alone', async () => {
		const oldUrls = Object.fromEntries((Object.keys(workflows) as Array<keyof typeof workflows>).map((name) => [name, productionUrl(name)]));
		await n8n.stop();
		shopkit.webhooks.delete(shopkitHooks(oldUrls.shopkit).find((webhook) => webhook.event === 'order_paid')!.id);
		[...shopgate.webhooks.values()][0].active = false;
		tiki.webhooks.delete(REJECTED);
		const [queue] = [...tikiEvents.queues.values()];
		queue.subscriptions[0].active = false;

		let port = await freePort();
		while (port === n8n.port) port = await freePort();
		n8n = await startN8n(runtime, { userFolder: n8n.userFolder, port, packages: [tarball] });
		await connect();

		// a new set first, then the old one removed
		const shopkitNow = await waitFor('Shopkit\'s webhooks at the new URL alone', () =>
			shopkitHooks(productionUrl('shopkit')).length === 2 && shopkit.webhooks.size === 2 ? shopkitHooks(productionUrl('shopkit')) : undefined,
		);
		await waitFor('Shopgate\'s webhook at the new URL', () => [...shopgate.webhooks.values()].find((webhook) => webhook.endpoint === productionUrl('shopgate') && webhook.active));
		expect(shopgate.webhooks.size).toBe(1);
		await waitFor('Tiki\'s events at the new URLs', () => tiki.webhooks.get(APPROVED)?.uri.split('?')[0] === productionUrl('tikiApprovals') && tiki.webhooks.get(REJECTED)?.uri.split('?')[0] === productionUrl('tikiRejections'));
		await waitFor('the Tiki queue\'s subscription active again', () => queue.subscriptions[0].active);

		for (const [name, platform] of [['kinguin', 'Kinguin'], ['supplier', 'Supplier Marketplace']] as const) {
			const warning = `${platform} Trigger "Trigger" of workflow "${workflows[name].definition.name}" (${ids[name]}): its production URL changed from ${oldUrls[name]} to ${productionUrl(name)}`;
			await waitFor(`the warning of the ${platform} Trigger in n8n's log`, () => readFileSync(n8n.logFile, 'utf8').includes(warning));
		}

		const counts = {
			shopkit: (await executions('shopkit', 'webhook')).length,
			shopgate: (await executions('shopgate', 'webhook')).length,
			tikiRejections: (await executions('tikiRejections', 'webhook')).length,
			tikiEvents: (await executions('tikiEvents', 'trigger')).length,
		};
		expect(await shopkitDelivery(shopkitNow[0].url, 3)).toBe(204);
		expect((await shopgate.deliver('productCreated', { catalogCode: 'c', productCode: 'p' }, { id: 'after-the-move' })).status).toBe(204);
		expect((await tiki.deliver(REJECTED, TIKI_REJECTED_PAYLOAD, { id: 'rejection-after-the-move' })).status).toBe(204);
		tikiEvents.createOrder('order-after-the-start');
		await tikiEventsPollOnce();
		await executionsReach('shopkit', counts.shopkit + 1, 'webhook');
		await executionsReach('shopgate', counts.shopgate + 1, 'webhook');
		await executionsReach('tikiRejections', counts.tikiRejections + 1, 'webhook');
		const polled = await executionsReach('tikiEvents', counts.tikiEvents + 1, 'trigger');
		expect(items(polled.slice(counts.tikiEvents), 'tikiEvents').map((item) => item.order_code)).toContain('order-after-the-start');

		for (const name of Object.keys(workflows) as Array<keyof typeof workflows>) await api.deactivate(ids[name]);
		expect(shopkit.webhooks.size).toBe(0);
		expect(shopgate.webhooks.size).toBe(0);
		expect(tiki.webhooks.size).toBe(0);
	}, 180_000);
});
