import type { IDataObject, INodeType, IWebhookFunctions } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { kinguinHeaders, productUpdate } from '../../../dev/fixtures/kinguin';
import { SHOPGATE_WEBHOOK_ID, shopgateEnvelope } from '../../../dev/fixtures/shopgate';
import { NodeInN8nCore, staticDataWith } from '../../../dev/nodeInN8nCore';
import { deliveryWebhook, rememberedOnHandOver } from '../../../nodes/shared/inbound/deliveryWebhook';
import { acknowledge } from '../../../nodes/shared/inbound/responses';
import { secretDigest } from '../../../nodes/shared/inbound/secrets';
import { DeliveryLedger } from '../../../nodes/shared/memory/deliveryLedger';
import { DELIVERY_ID_RETENTION_MS } from '../../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.receive';
import { atPace } from '../atTimes';
import { kinguinTrigger } from '../Kinguin/kinguinTriggerInCore';
import { shopgateTrigger, TOKEN } from '../Shopgate/shopgateTriggerInCore';
import { inFreshProcess } from '../freshProcess';
import { activateLikeN8n, loadedCopy } from '../n8nActivation';
import type { Lifecycle } from '../n8nActivation';

/** A trigger class as an n8n process loads it: a new process (or n8n after a restart) has nothing in its memory. */
const newShopgateProcess = (): INodeType => {
	const { ShopgateTrigger } = inFreshProcess(() => require('../../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node') as typeof import('../../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node'));
	return new ShopgateTrigger();
};
const newKinguinProcess = (): INodeType => {
	const { KinguinTrigger } = inFreshProcess(() => require('../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node') as typeof import('../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node'));
	return new KinguinTrigger();
};

const shopgateDelivery = (id: string) => ({
	headers: { 'content-type': 'application/json', 'shopgate-token': TOKEN },
	rawBody: shopgateEnvelope('productCreated', { catalogCode: 'c', productCode: id }, id),
});
const kinguinDelivery = (kinguinId: number) => ({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(kinguinId, '2025-06-01T00:00:00.000+00:00') });

const changed = (trigger: NodeInN8nCore) => (trigger.workflow.staticData as { __dataChanged?: boolean }).__dataChanged === true;

/**
 * One workflow's static data in n8n's database, as n8n 2.41.1 treats it for webhook requests: each request loads a
 * copy, and n8n saves that copy whole once the node changed it (LiveWebhooks, WorkflowStaticDataService.saveStaticData).
 */
class WorkflowRow {
	stored: IDataObject = staticDataWith({ webhookId: SHOPGATE_WEBHOOK_ID, tokenDigest: secretDigest(TOKEN) });

	constructor(private readonly workflowId: string) {}

	/** A request of `process` that has loaded its copy now; it runs its delivery when asked. */
	loaded(process: INodeType): NodeInN8nCore {
		return shopgateTrigger({}, { staticData: loadedCopy(this.stored), workflowId: this.workflowId, nodeType: process });
	}

	async deliver(request: NodeInN8nCore, id: string): Promise<boolean> {
		const { items } = await request.deliver(shopgateDelivery(id));
		if (changed(request)) this.stored = loadedCopy(request.workflow.staticData);
		return items.length > 0;
	}

	/** Which of `ids` a new n8n process, started on what the database holds, would run again. */
	async runAgainAfterRestart(ids: string[]): Promise<string[]> {
		const process = newShopgateProcess();
		const ran: string[] = [];
		for (const id of ids) if ((await this.loaded(process).deliver(shopgateDelivery(id))).items.length > 0) ran.push(id);
		return ran;
	}
}

/**
 * A trigger as small as the package's triggers are built: `webhook()` is `rememberedOnHandOver` around a receive that
 * claims the delivery's id in a ledger, then hands it over, or fails (as a bug or an unexpected answer would) when
 * its body says so.
 */
function claimingTrigger(): INodeType {
	return {
		description: {
			displayName: 'Claiming Trigger',
			name: 'claimingTrigger',
			group: ['trigger'],
			version: 1,
			description: 'claims, then hands over or fails',
			defaults: { name: 'Claiming Trigger' },
			inputs: [],
			outputs: ['main'],
			properties: [],
			webhooks: [deliveryWebhook()],
		},
		webhook: rememberedOnHandOver(async function (this: IWebhookFunctions) {
			const { id, fail } = this.getBodyData() as { id: string; fail?: boolean };
			if (!DeliveryLedger.ofFirstDeliveries(this, 'ids', 24 * 60 * 60 * 1000).acceptFirst(id)) return acknowledge(this);
			if (fail) throw new Error('the delivery failed after its id was claimed');
			return acknowledge(this, [{ id }]);
		}),
	};
}

let workflows = 0;
const newWorkflowId = () => `in-saves-${++workflows}`;

describe("the memory of deliveries in the saves n8n makes (n8n-core's webhook and hook contexts)", () => {
	it('is saved with a hand-over although creating its execution marks the static data unchanged (n8n 2.41.1)', async () => {
		const row = new WorkflowRow(newWorkflowId());
		const request = row.loaded(newShopgateProcess());
		const { result, items } = await request.deliver(shopgateDelivery('delivery-1'));
		expect(items).toHaveLength(1);
		expect(changed(request)).toBe(true);

		// WorkflowRunner.run → establishContextForPersistence: a new Workflow over the same static data object
		new Workflow({
			id: request.workflow.id,
			nodes: Object.values(request.workflow.nodes),
			connections: {},
			active: true,
			nodeTypes: request.workflow.nodeTypes,
			staticData: request.staticData,
		});
		expect(changed(request)).toBe(false);
		// n8n stores the execution, its items serialised, and then saves the static data if it changed
		JSON.stringify(result.workflowData);
		expect(changed(request)).toBe(true);
		row.stored = loadedCopy(request.workflow.staticData);

		expect(await row.runAgainAfterRestart(['delivery-1'])).toEqual([]);
	});

	it("keeps what this process handed over in an activation's save of a copy loaded before those deliveries", async () => {
		const workflowId = newWorkflowId();
		let stored: IDataObject = {};
		const process = newKinguinProcess();
		// an activation (an n8n start, a re-publish) loads the workflow's static data as it is now
		const activation = kinguinTrigger({}, { staticData: loadedCopy(stored), workflowId, nodeType: process });
		for (const kinguinId of [1, 2, 3]) {
			const request = kinguinTrigger({}, { staticData: loadedCopy(stored), workflowId, nodeType: process });
			expect((await request.deliver(kinguinDelivery(kinguinId))).items).toHaveLength(1);
			stored = loadedCopy(request.workflow.staticData);
		}
		// the activation registers, and n8n saves its copy whole
		await activateLikeN8n(process.webhookMethods!.default as unknown as Lifecycle, activation);
		stored = loadedCopy(activation.workflow.staticData);

		const restarted = newKinguinProcess();
		for (const kinguinId of [1, 2, 3]) {
			const request = kinguinTrigger({}, { staticData: loadedCopy(stored), workflowId, nodeType: restarted });
			expect((await request.deliver(kinguinDelivery(kinguinId))).items).toEqual([]);
		}
	});

	it("forgets what a delivery claimed when its webhook() throws, so the platform's retry runs", async () => {
		const trigger = new NodeInN8nCore({ nodeType: claimingTrigger(), typeName: 'claimingTrigger', workflowId: newWorkflowId(), staticData: {} });
		await expect(trigger.deliver({ body: { id: 'delivery-1', fail: true } })).rejects.toThrow('the delivery failed after its id was claimed');
		expect(changed(trigger)).toBe(false);

		const retry = await trigger.deliver({ body: { id: 'delivery-1' } });
		expect(retry.items).toEqual([{ id: 'delivery-1' }]);
		expect(retry.response.status).toBe(204);
		const repeat = await trigger.deliver({ body: { id: 'delivery-1' } });
		expect(repeat.items).toEqual([]);
		expect(repeat.response.status).toBe(204);
	});

	it('remembers a delivery after a restart until its horizon ends, its time kept to the second and rounded up', async () => {
		const row = new WorkflowRow(newWorkflowId());
		// accepted 400 ms into a second; asked again after a restart just before its horizon ends, then just after
		const offsets = [400, 400 + DELIVERY_ID_RETENTION_MS - 1, 1000 + DELIVERY_ID_RETENTION_MS];
		const ran = await atPace(offsets.length, (step) => offsets[step], () => row.deliver(row.loaded(newShopgateProcess()), 'delivery-0'));
		expect(ran).toEqual([true, false, true]);
	});

	it('lets one process erase from the database what another handed over after its copy was loaded, until the other hands over again', async () => {
		const row = new WorkflowRow(newWorkflowId());
		const [one, two] = [newShopgateProcess(), newShopgateProcess()];
		// queue mode without routing by path: a request at process two loads its copy...
		const slow = row.loaded(two);
		// ...process one hands a delivery over, and n8n saves it...
		expect(await row.deliver(row.loaded(one), 'at-one')).toBe(true);
		// ...then process two hands its delivery over, and n8n saves its copy whole, without process one's
		expect(await row.deliver(slow, 'at-two')).toBe(true);
		expect(await row.runAgainAfterRestart(['at-one', 'at-two'])).toEqual(['at-one']);

		// process one's next hand-over writes its whole memory again, with what it took in of process two's
		expect(await row.deliver(row.loaded(one), 'at-one-later')).toBe(true);
		expect(await row.runAgainAfterRestart(['at-one', 'at-two', 'at-one-later'])).toEqual([]);
	});
});
