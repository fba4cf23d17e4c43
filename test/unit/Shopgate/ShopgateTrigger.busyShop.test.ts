import type { IDataObject, INodeType } from 'n8n-workflow';

import { SHOPGATE_WEBHOOK_ID, shopgateEnvelope } from '../../../dev/fixtures/shopgate';
import { staticDataWith } from '../../../dev/nodeInN8nCore';
import type { NodeInN8nCore } from '../../../dev/nodeInN8nCore';
import { secretDigest } from '../../../nodes/shared/inbound/secrets';
import { atPace } from '../atTimes';
import { inFreshProcess } from '../freshProcess';
import { shopgateTrigger, TOKEN } from './shopgateTriggerInCore';

const HOUR = 60 * 60 * 1000;
/** A busy shop: 20,000 deliveries a day, one every 4.32 s. */
const BUSY_PACE = (24 * HOUR) / 20_000;
const HORIZON = 25 * HOUR;
const headers = { 'content-type': 'application/json', 'shopgate-token': TOKEN };
const delivery = (index: number) => ({ headers, rawBody: shopgateEnvelope('productCreated', { catalogCode: 'c', productCode: `p${index}` }, `delivery-${index}`) });
const REGISTRATION = { webhookId: SHOPGATE_WEBHOOK_ID, tokenDigest: secretDigest(TOKEN) };

/** The trigger as a new n8n process (or n8n after a restart) loads it: nothing in its module-level memory. */
const newProcess = (): INodeType => {
	const { ShopgateTrigger } = inFreshProcess(() => require('../../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node') as typeof import('../../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node'));
	return new ShopgateTrigger();
};

/**
 * n8n's handling of a webhook request's static data (n8n 2.41.1 `LiveWebhooks` and `WorkflowStaticDataService.saveStaticData`):
 * the workflow is loaded with a fresh copy from the database, the trigger runs in n8n-core's WebhookContext over it, and
 * the copy is saved whole afterwards only if n8n-workflow's ObservableObject marked it changed (`__dataChanged`).
 */
class N8nDatabase {
	stored: IDataObject = staticDataWith(REGISTRATION);
	saves = 0;

	constructor(private readonly workflowId: string) {}

	async request(process: INodeType, index: number) {
		const trigger: NodeInN8nCore = shopgateTrigger({}, { staticData: JSON.parse(JSON.stringify(this.stored)), workflowId: this.workflowId, nodeType: process });
		const { items } = await trigger.deliver(delivery(index));
		const changed = (trigger.workflow.staticData as { __dataChanged?: boolean }).__dataChanged === true;
		if (changed) {
			this.stored = JSON.parse(JSON.stringify(trigger.workflow.staticData));
			this.saves += 1;
		}
		return { ran: items.length > 0, changed };
	}
}

let workflows = 0;
const newWorkflowId = () => `busy-shop-${++workflows}`;

describe('Shopgate Trigger at a busy shop (20,000 deliveries a day), in n8n-core\'s webhook context', () => {
	it('runs a redelivery 0 times after 20,000 other deliveries within its 25-hour horizon, and once after it', async () => {
		const trigger = shopgateTrigger({}, { staticData: staticDataWith(REGISTRATION), workflowId: newWorkflowId() });
		const repeatAt = [20_001 * BUSY_PACE, HORIZON];
		const ran = await atPace(20_003, (step) => (step <= 20_000 ? step * BUSY_PACE : repeatAt[step - 20_001]), async (step) =>
			(await trigger.deliver(delivery(step <= 20_000 ? step : 0))).items.length,
		);
		expect(ran.slice(0, 20_001).every((count) => count === 1)).toBe(true);
		expect(ran.slice(20_001)).toEqual([0, 1]);
	}, 120_000);

	it('writes every delivery it hands over into the copy n8n saves, changing only the ledger\'s field; a repeat changes nothing', async () => {
		const database = new N8nDatabase(newWorkflowId());
		const process = newProcess();
		const results = await atPace(1_200, (step) => step * BUSY_PACE, async (step) => {
			const before = database.stored;
			const result = await database.request(process, step);
			const otherFields = (stored: IDataObject) => Object.keys(stored.global as IDataObject).filter((field) => !field.startsWith('deliveries:'));
			expect(otherFields(database.stored)).toEqual(otherFields(before));
			expect(stateOf(database.stored)).toEqual(stateOf(before));
			return result;
		});
		expect(results.every(({ ran, changed }) => ran && changed)).toBe(true);
		const repeat = await database.request(process, 7);
		expect(repeat).toEqual({ ran: false, changed: false });
	}, 120_000);

	it('after a restart runs none of what it handed over before, with the horizon full', async () => {
		const database = new N8nDatabase(newWorkflowId());
		const before = newProcess();
		const steps = 1_300;
		const first = await atPace(steps, (step) => step * BUSY_PACE, (step) => database.request(before, step));
		expect(first.every(({ ran }) => ran)).toBe(true);

		const after = newProcess();
		const again = await atPace(steps, (step) => (steps + step) * BUSY_PACE, (step) => database.request(after, step));
		expect(again.filter(({ ran }) => ran)).toEqual([]);
	}, 120_000);

	it('recognises at one process what another process accepted and saved (queue mode), both ways', async () => {
		const database = new N8nDatabase(newWorkflowId());
		const [one, two] = [newProcess(), newProcess()];
		const ran = async (process: INodeType, from: number) => {
			const results = await atPace(50, (step) => (from + step) * 1000, (step) => database.request(process, from + step));
			return results.filter((result) => result.ran).length;
		};
		expect(await ran(one, 0)).toBe(50);
		expect(await ran(two, 0)).toBe(0);
		expect(await ran(two, 50)).toBe(50);
		expect(await ran(one, 50)).toBe(0);
		expect(await ran(one, 0)).toBe(0);
	}, 120_000);
});

function stateOf(stored: IDataObject): unknown {
	return (stored.global as IDataObject)[`node:trigger-node`];
}
