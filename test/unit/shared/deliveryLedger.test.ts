import type { IDataObject } from 'n8n-workflow';

import { DeliveryLedger } from '../../../nodes/shared';

type LedgerClass = typeof DeliveryLedger;

/** What the ledger needs of a node's context, over a given static data object. */
function contextOver(staticData: IDataObject, workflowId: string, mode = 'webhook') {
	return {
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: workflowId }),
		getNode: () => ({ id: 'node-1' }),
		getMode: () => mode,
	} as unknown as Parameters<LedgerClass['forNode']>[0];
}

/** n8n's handling of static data per webhook request: a fresh copy from the database, saved whole after answering. */
class WorkflowDatabase {
	stored: IDataObject = {};
	load(): IDataObject {
		return JSON.parse(JSON.stringify(this.stored));
	}
	save(copy: IDataObject): void {
		this.stored = JSON.parse(JSON.stringify(copy));
	}
}

function freshLedgerModule(): LedgerClass {
	let fresh: LedgerClass | undefined;
	jest.isolateModules(() => {
		fresh = (require('../../../nodes/shared/deliveryLedger') as { DeliveryLedger: LedgerClass }).DeliveryLedger;
	});
	return fresh!;
}

let workflowCounter = 0;
const newWorkflowId = () => `wf-${++workflowCounter}`;

describe('DeliveryLedger.acceptNewer', () => {
	it('accepts a newer version, and rejects an older or equal one', () => {
		const ledger = DeliveryLedger.forNode(contextOver({}, newWorkflowId()), 'newest', 10);
		expect(ledger.acceptNewer('product:1', 100)).toBe(true);
		expect(ledger.acceptNewer('product:1', 99)).toBe(false);
		expect(ledger.acceptNewer('product:1', 100)).toBe(false);
		expect(ledger.acceptNewer('product:1', 101)).toBe(true);
		expect(ledger.acceptNewer('product:2', 1)).toBe(true);
	});

	it('forgets the key touched longest ago once full', () => {
		const ledger = DeliveryLedger.forNode(contextOver({}, newWorkflowId()), 'newest', 3);
		ledger.acceptNewer('a', 1);
		ledger.acceptNewer('b', 1);
		ledger.acceptNewer('c', 1);
		ledger.acceptNewer('a', 2);
		ledger.acceptNewer('d', 1);
		expect(ledger.size).toBe(3);
		expect(ledger.acceptNewer('b', 1)).toBe(true);
		expect(ledger.acceptNewer('a', 2)).toBe(false);
	});

	it('keeps one memory per mode, so test deliveries never hide production ones', () => {
		const workflowId = newWorkflowId();
		const test = DeliveryLedger.forNode(contextOver({}, workflowId, 'manual'), 'newest', 10);
		expect(test.acceptNewer('product:1', 100)).toBe(true);
		const production = DeliveryLedger.forNode(contextOver({}, workflowId, 'webhook'), 'newest', 10);
		expect(production.acceptNewer('product:1', 100)).toBe(true);
	});
});

describe('DeliveryLedger.acceptFirst', () => {
	it('accepts a key once', () => {
		const ledger = DeliveryLedger.forNode(contextOver({}, newWorkflowId()), 'seen', 10);
		expect(ledger.acceptFirst('delivery-1')).toBe(true);
		expect(ledger.acceptFirst('delivery-1')).toBe(false);
		expect(ledger.acceptFirst('delivery-2')).toBe(true);
	});
});

describe('DeliveryLedger retention', () => {
	const HOUR = 60 * 60 * 1000;

	it('remembers a key for the retention after it was accepted, then takes it for a new delivery', () => {
		const ledger = DeliveryLedger.forNode(contextOver({}, newWorkflowId()), 'seen', 10, 6 * HOUR);
		const sent = Date.UTC(2026, 0, 1);
		expect(ledger.acceptFirst('order_invoice:7', sent)).toBe(true);
		expect(ledger.acceptFirst('order_invoice:7', sent + 5 * HOUR)).toBe(false);
		expect(ledger.acceptFirst('order_invoice:7', sent + 6 * HOUR)).toBe(true);
		expect(ledger.acceptFirst('order_invoice:7', sent + 7 * HOUR)).toBe(false);
	});

	it('forgets a version after the retention', () => {
		const ledger = DeliveryLedger.forNode(contextOver({}, newWorkflowId()), 'newest', 10, HOUR);
		const now = Date.UTC(2026, 0, 1);
		expect(ledger.acceptNewer('product:1', 100, now)).toBe(true);
		expect(ledger.acceptNewer('product:1', 100, now + HOUR - 1)).toBe(false);
		expect(ledger.acceptNewer('product:1', 100, now + HOUR)).toBe(true);
	});

	it('drops expired keys from what it stores', () => {
		const staticData: IDataObject = {};
		const ledger = DeliveryLedger.forNode(contextOver(staticData, newWorkflowId()), 'seen', 10, HOUR);
		const now = Date.UTC(2026, 0, 1);
		ledger.acceptFirst('old', now);
		ledger.acceptFirst('new', now + 2 * HOUR);
		expect(ledger.size).toBe(1);
		expect(JSON.parse(JSON.stringify(staticData))['node:node-1']['ledger:seen'].entries).toEqual([['new', now + 2 * HOUR, now + 2 * HOUR]]);
	});

	it('reads a copy written before entries carried their time as accepted when read', () => {
		const now = Date.now();
		const stored: IDataObject = { 'node:node-1': { 'ledger:seen': { writer: 'an older process', revision: 3, entries: [['delivery-1', now - 48 * HOUR]] } } };
		const ledger = DeliveryLedger.forNode(contextOver(stored, newWorkflowId()), 'seen', 10, HOUR);
		expect(ledger.acceptFirst('delivery-1', now + 1000)).toBe(false);
		expect(ledger.acceptFirst('delivery-1', now + HOUR + 1000)).toBe(true);
	});

	it('keeps a burst of concurrent deliveries within the retention, across the copies n8n saves', () => {
		const database = new WorkflowDatabase();
		const workflowId = newWorkflowId();
		const copies = Array.from({ length: 20 }, () => database.load());
		copies.forEach((copy, index) => DeliveryLedger.forNode(contextOver(copy, workflowId), 'seen', 100, HOUR).acceptFirst(`delivery-${index}`));
		for (const copy of copies) database.save(copy);
		const Restarted = freshLedgerModule();
		const ledger = Restarted.forNode(contextOver(database.load(), workflowId), 'seen', 100, HOUR);
		expect(Array.from({ length: 20 }, (_, index) => ledger.acceptFirst(`delivery-${index}`)).filter(Boolean)).toHaveLength(0);
	});
});

describe('DeliveryLedger under n8n static data', () => {
	it('loses nothing when 20 concurrent requests each save their own copy', () => {
		const database = new WorkflowDatabase();
		const workflowId = newWorkflowId();
		const copies = Array.from({ length: 20 }, () => database.load());
		const accepted = copies.map((copy, index) =>
			DeliveryLedger.forNode(contextOver(copy, workflowId), 'seen', 100).acceptFirst(`delivery-${index}`),
		);
		expect(accepted.every(Boolean)).toBe(true);
		for (const copy of copies) database.save(copy);

		const repeats = Array.from({ length: 20 }, (_, index) =>
			DeliveryLedger.forNode(contextOver(database.load(), workflowId), 'seen', 100).acceptFirst(`delivery-${index}`),
		);
		expect(repeats.filter(Boolean)).toHaveLength(0);
	});

	it('remembers across a restart of n8n what the last saved copy holds', () => {
		const database = new WorkflowDatabase();
		const workflowId = newWorkflowId();
		const copies = Array.from({ length: 5 }, () => database.load());
		copies.forEach((copy, index) => DeliveryLedger.forNode(contextOver(copy, workflowId), 'newest', 100).acceptNewer(`p${index}`, 10));
		database.save(copies[4]);

		const Restarted = freshLedgerModule();
		const ledger = Restarted.forNode(contextOver(database.load(), workflowId), 'newest', 100);
		expect([0, 1, 2, 3, 4].map((index) => ledger.acceptNewer(`p${index}`, 10))).toEqual([false, false, false, false, false]);
		expect(ledger.acceptNewer('p0', 11)).toBe(true);
	});

	it('merges what another n8n process wrote (queue mode)', () => {
		const database = new WorkflowDatabase();
		const workflowId = newWorkflowId();
		const OtherProcess = freshLedgerModule();

		const here = database.load();
		DeliveryLedger.forNode(contextOver(here, workflowId), 'seen', 100).acceptFirst('seen-here');
		database.save(here);
		const there = database.load();
		OtherProcess.forNode(contextOver(there, workflowId), 'seen', 100).acceptFirst('seen-there');
		database.save(there);

		const ledger = DeliveryLedger.forNode(contextOver(database.load(), workflowId), 'seen', 100);
		expect(ledger.acceptFirst('seen-there')).toBe(false);
		expect(ledger.acceptFirst('seen-here')).toBe(false);
	});

	it('writes its entries again when another process saved a copy over them (queue mode)', () => {
		const database = new WorkflowDatabase();
		const workflowId = newWorkflowId();
		const OtherProcess = freshLedgerModule();

		const here = database.load();
		const there = database.load();
		DeliveryLedger.forNode(contextOver(here, workflowId), 'seen', 100).acceptFirst('seen-here');
		database.save(here);
		OtherProcess.forNode(contextOver(there, workflowId), 'seen', 100).acceptFirst('seen-there');
		database.save(there);

		const repeatHere = database.load();
		expect(DeliveryLedger.forNode(contextOver(repeatHere, workflowId), 'seen', 100).acceptFirst('seen-there')).toBe(false);
		database.save(repeatHere);
		const ledgerThere = OtherProcess.forNode(contextOver(database.load(), workflowId), 'seen', 100);
		expect(ledgerThere.acceptFirst('seen-here')).toBe(false);
	});

	it('writes static data only when it accepts, so a rejected repeat cannot overwrite a newer copy', () => {
		const workflowId = newWorkflowId();
		const first: IDataObject = {};
		DeliveryLedger.forNode(contextOver(first, workflowId), 'seen', 100).acceptFirst('x');
		const repeat: IDataObject = {};
		DeliveryLedger.forNode(contextOver(repeat, workflowId), 'seen', 100).acceptFirst('x');
		expect(repeat).toEqual({});
		expect(JSON.parse(JSON.stringify(first))['node:node-1']['ledger:seen']).toMatchObject({ entries: [['x', expect.any(Number), expect.any(Number)]] });
	});
});
