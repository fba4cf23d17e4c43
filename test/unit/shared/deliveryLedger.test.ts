import type { IDataObject } from 'n8n-workflow';

import { DeliveryLedger, settleClaims } from '../../../nodes/shared/memory/deliveryLedger';
import { RECORDS_AT_MOST } from '../../../nodes/shared/memory/ledgerMemory';
import type { StoredLedger } from '../../../nodes/shared/memory/ledgerStorage';

type LedgerClass = typeof DeliveryLedger;

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** A busy shop: 20,000 deliveries a day, one every 4.32 s. */
const BUSY_PACE = DAY / 20_000;

/** What the ledger needs of a node's context, over a given static data object; outside a request unless `request` is given. */
function contextOver(staticData: IDataObject, workflowId: string, mode = 'webhook', request?: object) {
	return {
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: workflowId }),
		getNode: () => ({ id: 'node-1' }),
		getMode: () => mode,
		...(request ? { getRequestObject: () => request } : {}),
	} as unknown as Parameters<LedgerClass['ofFirstDeliveries']>[0] & { getRequestObject(): object };
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

/** The ledger module as a new n8n process (or n8n after a restart) loads it: nothing in memory. */
function freshLedgerModule(): LedgerClass {
	let fresh: LedgerClass | undefined;
	jest.isolateModules(() => {
		fresh = (require('../../../nodes/shared/memory/deliveryLedger') as { DeliveryLedger: LedgerClass }).DeliveryLedger;
	});
	return fresh!;
}

const storedLedger = (staticData: IDataObject, name = 'seen') => JSON.parse(JSON.stringify(staticData))[`deliveries:node-1:${name}`] as StoredLedger | undefined;

let workflowCounter = 0;
const newWorkflowId = () => `wf-${++workflowCounter}`;
/** Where a test walks through time it passes the times; they start at the next full hour, so its records' hours are known. */
const START = Math.ceil(Date.now() / HOUR) * HOUR;

describe('DeliveryLedger.acceptNewer', () => {
	it('accepts a newer version, and rejects an older or equal one', () => {
		const ledger = DeliveryLedger.ofNewestVersions(contextOver({}, newWorkflowId()), 'newest', DAY);
		expect(ledger.acceptNewer('product:1', 100)).toBe(true);
		expect(ledger.acceptNewer('product:1', 99)).toBe(false);
		expect(ledger.acceptNewer('product:1', 100)).toBe(false);
		expect(ledger.acceptNewer('product:1', 101)).toBe(true);
		expect(ledger.acceptNewer('product:2', 1)).toBe(true);
	});

	it('keeps one memory per mode, so test deliveries never hide production ones', () => {
		const workflowId = newWorkflowId();
		const test = DeliveryLedger.ofNewestVersions(contextOver({}, workflowId, 'manual'), 'newest', DAY);
		expect(test.acceptNewer('product:1', 100)).toBe(true);
		const production = DeliveryLedger.ofNewestVersions(contextOver({}, workflowId, 'webhook'), 'newest', DAY);
		expect(production.acceptNewer('product:1', 100)).toBe(true);
	});

	it('carries the newest version of each key across a restart, exactly', () => {
		const database = new WorkflowDatabase();
		const workflowId = newWorkflowId();
		const copy = database.load();
		const ledger = DeliveryLedger.ofNewestVersions(contextOver(copy, workflowId), 'newest', DAY);
		ledger.acceptNewer('product:1', 1_746_057_600_123, START);
		ledger.acceptNewer('product:1', 1_746_057_600_124, START + 1000);
		database.save(copy);

		const restarted = freshLedgerModule().ofNewestVersions(contextOver(database.load(), workflowId), 'newest', DAY);
		expect(restarted.acceptNewer('product:1', 1_746_057_600_124, START + 2000)).toBe(false);
		expect(restarted.acceptNewer('product:1', 1_746_057_600_125, START + 3000)).toBe(true);
	});
});

describe('DeliveryLedger.acceptFirst', () => {
	it('accepts a key once', () => {
		const ledger = DeliveryLedger.ofFirstDeliveries(contextOver({}, newWorkflowId()), 'seen', DAY);
		expect(ledger.acceptFirst('delivery-1')).toBe(true);
		expect(ledger.acceptFirst('delivery-1')).toBe(false);
		expect(ledger.acceptFirst('delivery-2')).toBe(true);
	});
});

describe('DeliveryLedger retention: bounded by time, not by count', () => {
	it('remembers a key for the retention after it was accepted, then takes it for a new delivery', () => {
		const ledger = DeliveryLedger.ofFirstDeliveries(contextOver({}, newWorkflowId()), 'seen', 6 * HOUR);
		expect(ledger.acceptFirst('order_invoice:7', START)).toBe(true);
		expect(ledger.acceptFirst('order_invoice:7', START + 5 * HOUR)).toBe(false);
		expect(ledger.acceptFirst('order_invoice:7', START + 6 * HOUR)).toBe(true);
		expect(ledger.acceptFirst('order_invoice:7', START + 7 * HOUR)).toBe(false);
	});

	it('forgets a version after the retention', () => {
		const ledger = DeliveryLedger.ofNewestVersions(contextOver({}, newWorkflowId()), 'newest', HOUR);
		expect(ledger.acceptNewer('product:1', 100, START)).toBe(true);
		expect(ledger.acceptNewer('product:1', 100, START + HOUR - 1000)).toBe(false);
		expect(ledger.acceptNewer('product:1', 100, START + HOUR)).toBe(true);
	});

	it('recognises a redelivery after 20,000 other deliveries within the horizon (a busy day)', () => {
		const ledger = DeliveryLedger.ofFirstDeliveries(contextOver({}, newWorkflowId()), 'seen', 25 * HOUR);
		expect(ledger.acceptFirst('delivery-0', START)).toBe(true);
		for (let index = 1; index <= 20_000; index++) ledger.acceptFirst(`delivery-${index}`, START + index * BUSY_PACE);
		expect(ledger.acceptFirst('delivery-0', START + 20_001 * BUSY_PACE)).toBe(false);
		expect(ledger.acceptFirst('delivery-0', START + 25 * HOUR)).toBe(true);
	});

	it('holds what a horizon brings, and no more, over three busy days', () => {
		const staticData: IDataObject = {};
		const ledger = DeliveryLedger.ofFirstDeliveries(contextOver(staticData, newWorkflowId()), 'seen', 25 * HOUR);
		const sizes: number[] = [];
		for (let index = 0; index < 60_000; index++) {
			ledger.acceptFirst(`delivery-${index}`, START + index * BUSY_PACE);
			if (index % 5000 === 4999) sizes.push(ledger.size);
		}
		const horizon = (25 * HOUR) / BUSY_PACE;
		const hour = HOUR / BUSY_PACE;
		// until the horizon is full the memory grows; from then on it holds the horizon plus at most the hour being dropped
		expect(sizes.slice(0, 4)).toEqual([5000, 10_000, 15_000, 20_000]);
		for (const size of sizes.slice(5)) {
			expect(size).toBeGreaterThanOrEqual(horizon);
			expect(size).toBeLessThanOrEqual(horizon + hour + 1);
		}
		const hours = Object.keys(storedLedger(staticData)!.hours);
		expect(hours.length).toBeLessThanOrEqual(27);
	});

	it('forgets the oldest hour early when a sender floods it beyond RECORDS_AT_MOST within the horizon', () => {
		const ledger = DeliveryLedger.ofFirstDeliveries(contextOver({}, newWorkflowId()), 'seen', 25 * HOUR);
		const pace = HOUR / 20_000;
		for (let index = 0; index < RECORDS_AT_MOST + 20_000; index++) ledger.acceptFirst(`delivery-${index}`, START + index * pace);
		expect(ledger.size).toBeLessThanOrEqual(RECORDS_AT_MOST);
		expect(ledger.acceptFirst(`delivery-${RECORDS_AT_MOST + 19_999}`, START + (RECORDS_AT_MOST + 20_000) * pace)).toBe(false);
	});

	it('keeps a burst of concurrent deliveries, across the copies n8n saves', () => {
		const database = new WorkflowDatabase();
		const workflowId = newWorkflowId();
		const copies = Array.from({ length: 20 }, () => database.load());
		copies.forEach((copy, index) => DeliveryLedger.ofFirstDeliveries(contextOver(copy, workflowId), 'seen', HOUR).acceptFirst(`delivery-${index}`));
		for (const copy of copies) database.save(copy);
		const ledger = freshLedgerModule().ofFirstDeliveries(contextOver(database.load(), workflowId), 'seen', HOUR);
		expect(Array.from({ length: 20 }, (_, index) => ledger.acceptFirst(`delivery-${index}`)).filter(Boolean)).toHaveLength(0);
	});
});

describe('DeliveryLedger in static data', () => {
	it('writes with every delivery it hands over, however many it holds', () => {
		const workflowId = newWorkflowId();
		const written: boolean[] = [];
		for (let index = 0; index < 3000; index++) {
			const copy: IDataObject = {};
			DeliveryLedger.ofFirstDeliveries(contextOver(copy, workflowId), 'seen', DAY).acceptFirst(`delivery-${index}`, START + index * 1000);
			written.push(storedLedger(copy) !== undefined);
		}
		expect(written.every(Boolean)).toBe(true);
	});

	it('writes nothing when it rejects a repeat, so a rejected repeat cannot overwrite a newer copy', () => {
		const workflowId = newWorkflowId();
		const first: IDataObject = {};
		DeliveryLedger.ofFirstDeliveries(contextOver(first, workflowId), 'seen', DAY).acceptFirst('x');
		const repeat: IDataObject = {};
		DeliveryLedger.ofFirstDeliveries(contextOver(repeat, workflowId), 'seen', DAY).acceptFirst('x');
		expect(repeat).toEqual({});
		expect(storedLedger(first)).toEqual({ writer: expect.any(String), revision: 1, recordBytes: 10, hours: expect.any(Object) });
		expect(Object.values(storedLedger(first)!.hours).map((hour) => Buffer.from(hour, 'base64').length)).toEqual([10]);
	});

	it('stores 10 bytes a delivery id (18 with a version), grouped by hour, in base64', () => {
		const staticData: IDataObject = {};
		const ledger = DeliveryLedger.ofFirstDeliveries(contextOver(staticData, newWorkflowId()), 'seen', DAY);
		for (let index = 0; index < 300; index++) ledger.acceptFirst(`a-long-delivery-id-0000-0000-0000-${index}`, START + index * 30_000);
		const stored = storedLedger(staticData)!;
		const firstHour = START / HOUR;
		expect(Object.keys(stored.hours)).toEqual([firstHour, firstHour + 1, firstHour + 2].map(String));
		expect(Object.values(stored.hours).map((hour) => Buffer.from(hour, 'base64').length)).toEqual([1200, 1200, 600]);
	});

	it('remembers across a restart what the last saved copy holds', () => {
		const database = new WorkflowDatabase();
		const workflowId = newWorkflowId();
		const copies = Array.from({ length: 5 }, () => database.load());
		copies.forEach((copy, index) => DeliveryLedger.ofNewestVersions(contextOver(copy, workflowId), 'newest', DAY).acceptNewer(`p${index}`, 10));
		database.save(copies[4]);

		const ledger = freshLedgerModule().ofNewestVersions(contextOver(database.load(), workflowId), 'newest', DAY);
		expect([0, 1, 2, 3, 4].map((index) => ledger.acceptNewer(`p${index}`, 10))).toEqual([false, false, false, false, false]);
		expect(ledger.acceptNewer('p0', 11)).toBe(true);
	});

	it('merges what another n8n process wrote (queue mode), and writes the union with its next write', () => {
		const database = new WorkflowDatabase();
		const workflowId = newWorkflowId();
		const OtherProcess = freshLedgerModule();

		const here = database.load();
		DeliveryLedger.ofFirstDeliveries(contextOver(here, workflowId), 'seen', DAY).acceptFirst('seen-here');
		database.save(here);
		const there = database.load();
		OtherProcess.ofFirstDeliveries(contextOver(there, workflowId), 'seen', DAY).acceptFirst('seen-there');
		database.save(there);

		const again = database.load();
		const ledger = DeliveryLedger.ofFirstDeliveries(contextOver(again, workflowId), 'seen', DAY);
		expect(ledger.acceptFirst('seen-there')).toBe(false);
		expect(ledger.acceptFirst('seen-here')).toBe(false);
		expect(ledger.acceptFirst('new-here')).toBe(true);
		database.save(again);
		const restarted = freshLedgerModule().ofFirstDeliveries(contextOver(database.load(), workflowId), 'seen', DAY);
		expect(['seen-here', 'seen-there', 'new-here'].map((key) => restarted.acceptFirst(key))).toEqual([false, false, false]);
	});

	it('reads the whole keys an earlier version kept in the node state, and drops them with its first write', () => {
		const now = Date.now();
		const stored: IDataObject = { 'node:node-1': { 'ledger:seen': { writer: 'an older process', revision: 3, entries: [['delivery-1', now - HOUR, now - HOUR]] } } };
		const ledger = DeliveryLedger.ofFirstDeliveries(contextOver(stored, newWorkflowId()), 'seen', DAY);
		expect(ledger.acceptFirst('delivery-1', now)).toBe(false);
		expect(ledger.acceptFirst('delivery-2', now)).toBe(true);
		expect(JSON.parse(JSON.stringify(stored))['node:node-1']).toEqual({});
	});
});

describe('DeliveryLedger claims: nothing is remembered before it is handed over', () => {
	const request = () => ({});
	const keysIn = (copy: IDataObject, workflowId: string, keys: string[]) => {
		const ledger = freshLedgerModule().ofFirstDeliveries(contextOver(JSON.parse(JSON.stringify(copy)), workflowId), 'seen', DAY);
		return keys.filter((key) => !ledger.acceptFirst(key));
	};

	it('takes a claimed key for a repeat in this process, but writes it into no save until its delivery is handed over', () => {
		const workflowId = newWorkflowId();
		const [first, other] = [request(), request()];
		const firstCopy: IDataObject = {};
		const claiming = contextOver(firstCopy, workflowId, 'webhook', first);
		expect(DeliveryLedger.ofFirstDeliveries(claiming, 'seen', DAY).acceptFirst('slow')).toBe(true);
		// another delivery, handed over while the first still waits (its records loading): its save must not hold the first
		const otherCopy: IDataObject = {};
		const handing = contextOver(otherCopy, workflowId, 'webhook', other);
		const ledger = DeliveryLedger.ofFirstDeliveries(handing, 'seen', DAY);
		expect(ledger.acceptFirst('slow')).toBe(false);
		expect(ledger.acceptFirst('quick')).toBe(true);
		settleClaims(handing, true);
		expect(keysIn(otherCopy, workflowId, ['slow', 'quick'])).toEqual(['quick']);
		expect(firstCopy).toEqual({});

		settleClaims(claiming, true);
		expect(keysIn(firstCopy, workflowId, ['slow', 'quick'])).toEqual(['slow', 'quick']);
		// what n8n serialises later for the other request holds what was handed over since
		expect(keysIn(otherCopy, workflowId, ['slow', 'quick'])).toEqual(['slow', 'quick']);
	});

	it('forgets a claim whose delivery was refused or failed: the retry is taken for a new delivery', () => {
		const workflowId = newWorkflowId();
		const refused = contextOver({}, workflowId, 'webhook', request());
		expect(DeliveryLedger.ofFirstDeliveries(refused, 'seen', DAY).acceptFirst('invalid')).toBe(true);
		settleClaims(refused, false);
		const retry = contextOver({}, workflowId, 'webhook', request());
		expect(DeliveryLedger.ofFirstDeliveries(retry, 'seen', DAY).acceptFirst('invalid')).toBe(true);
	});

	it('settles versions claimed at once in any order to the newest, and gives back an older one when a newer is refused', () => {
		const workflowId = newWorkflowId();
		const [older, newer] = [contextOver({}, workflowId, 'webhook', request()), contextOver({}, workflowId, 'webhook', request())];
		expect(DeliveryLedger.ofNewestVersions(older, 'newest', DAY).acceptNewer('order:1', 10, START)).toBe(true);
		expect(DeliveryLedger.ofNewestVersions(newer, 'newest', DAY).acceptNewer('order:1', 20, START + 1000)).toBe(true);
		const between = contextOver({}, workflowId, 'webhook', request());
		expect(DeliveryLedger.ofNewestVersions(between, 'newest', DAY).acceptNewer('order:1', 15, START + 2000)).toBe(false);
		settleClaims(newer, false);
		settleClaims(older, true);
		const after = DeliveryLedger.ofNewestVersions(contextOver({}, workflowId), 'newest', DAY);
		expect(after.acceptNewer('order:1', 10, START + 3000)).toBe(false);
		expect(after.acceptNewer('order:1', 15, START + 3000)).toBe(true);
	});

	it('keeps the newest of two versions whichever is handed over last', () => {
		const workflowId = newWorkflowId();
		const database = new WorkflowDatabase();
		const [olderCopy, newerCopy] = [database.load(), database.load()];
		const [older, newer] = [contextOver(olderCopy, workflowId, 'webhook', request()), contextOver(newerCopy, workflowId, 'webhook', request())];
		DeliveryLedger.ofNewestVersions(older, 'newest', DAY).acceptNewer('order:1', 10, START);
		DeliveryLedger.ofNewestVersions(newer, 'newest', DAY).acceptNewer('order:1', 20, START + 1000);
		settleClaims(newer, true);
		settleClaims(older, true);
		database.save(olderCopy);
		const restarted = freshLedgerModule().ofNewestVersions(contextOver(database.load(), workflowId), 'newest', DAY);
		expect(restarted.acceptNewer('order:1', 20, START + 2000)).toBe(false);
	});
});

describe('DeliveryLedger merging what other processes wrote', () => {
	it('reads every record another process appends, a few at a time, across hours and base64 groups', () => {
		const database = new WorkflowDatabase();
		const workflowId = newWorkflowId();
		const Writer = freshLedgerModule();
		const written: string[] = [];
		const checked: string[] = [];
		for (let round = 0; round < 40; round++) {
			const copy = database.load();
			const writer = Writer.ofFirstDeliveries(contextOver(copy, workflowId), 'seen', DAY);
			// 1 to 4 records a round (10 bytes each: the appended bytes start anywhere in a base64 group of 3)
			for (let index = 0; index <= round % 4; index++) {
				const key = `delivery-${round}-${index}`;
				writer.acceptFirst(key, START + round * 5 * 60_000 + index);
				written.push(key);
			}
			database.save(copy);
			const reader = DeliveryLedger.ofFirstDeliveries(contextOver(database.load(), workflowId), 'seen', DAY);
			checked.push(...written.filter((key) => reader.acceptFirst(key, START + round * 5 * 60_000 + 10)));
		}
		expect(written.length).toBe(100);
		expect(checked).toEqual([]);
	});

	it('does not encode its own copy that is not yet saved, when the next delivery finds it in the same static data', () => {
		const workflowId = newWorkflowId();
		const staticData: IDataObject = {};
		DeliveryLedger.ofFirstDeliveries(contextOver(staticData, workflowId), 'seen', DAY).acceptFirst('first', START);
		const field = 'deliveries:node-1:seen';
		const unsaved = staticData[field] as unknown as { toJSON(): StoredLedger };
		const encode = jest.spyOn(unsaved, 'toJSON');
		const next = DeliveryLedger.ofFirstDeliveries(contextOver(staticData, workflowId), 'seen', DAY);
		expect(encode).not.toHaveBeenCalled();
		expect(next.acceptFirst('first', START + 1000)).toBe(false);
		expect(next.acceptFirst('second', START + 1000)).toBe(true);
		expect(Object.keys(storedLedger(staticData)!.hours)).toHaveLength(1);
	});

	it('reads its own process\'s copy again once the node\'s memory was freed (a deactivation)', () => {
		const database = new WorkflowDatabase();
		const workflowId = newWorkflowId();
		const copy = database.load();
		DeliveryLedger.ofFirstDeliveries(contextOver(copy, workflowId), 'seen', DAY).acceptFirst('before');
		database.save(copy);
		const { forgetNode } = require('../../../nodes/shared/memory/nodeMemory') as typeof import('../../../nodes/shared/memory/nodeMemory');
		forgetNode({
			getWorkflow: () => ({ id: workflowId }),
			getNode: () => ({ id: 'node-1' }),
			getNodeWebhookUrl: () => 'https://n8n.example.com/webhook/hook-id/webhook',
			getMode: () => 'internal',
		} as never);
		const again = DeliveryLedger.ofFirstDeliveries(contextOver(database.load(), workflowId), 'seen', DAY);
		expect(again.acceptFirst('before')).toBe(false);
	});
});
