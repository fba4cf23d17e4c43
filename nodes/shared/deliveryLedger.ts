import { randomUUID } from 'crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { nodeState } from './nodeState';

type NodeContext = Pick<IWebhookFunctions, 'getWorkflowStaticData' | 'getWorkflow' | 'getNode' | 'getMode'>;

interface StoredLedger {
	writer: string;
	revision: number;
	entries: Array<[string, number]>;
}

interface ProcessLedger {
	entries: Map<string, number>;
	revision: number;
	/** `writer:revision` of the last copy written by another process that was merged in. */
	mergedCopy?: string;
}

/**
 * n8n loads a workflow's static data afresh for every webhook request and saves that copy whole after
 * answering, so deliveries in flight at the same time overwrite each other's changes. A map kept at module
 * level is shared by every request this process serves, and is consulted and updated synchronously, so a
 * concurrent burst cannot lose an entry; static data only carries the map across restarts and to other
 * n8n processes (queue mode), and is merged back in whenever another writer has changed it.
 */
const processLedgers = new Map<string, ProcessLedger>();
const processWriter = randomUUID();

function isStoredLedger(value: unknown): value is StoredLedger {
	const candidate = value as StoredLedger | undefined;
	return (
		typeof candidate === 'object' &&
		candidate !== null &&
		typeof candidate.writer === 'string' &&
		typeof candidate.revision === 'number' &&
		Array.isArray(candidate.entries)
	);
}

/**
 * A bounded memory of keys and numbers (a timestamp per product, a delivery id's arrival) kept per node
 * in the workflow's static data. When full, the key touched longest ago is forgotten first.
 */
export class DeliveryLedger {
	private constructor(
		private readonly ledger: ProcessLedger,
		private readonly staticData: IDataObject,
		private readonly field: string,
		private readonly capacity: number,
	) {}

	/**
	 * The ledger `name` of the node that `context` runs, kept in the node's state (so a rename keeps it). Test
	 * deliveries ("Listen for test event") get a ledger of their own, so what they remember never hides a
	 * production delivery.
	 */
	static forNode(context: NodeContext, name: string, capacity: number): DeliveryLedger {
		const staticData = nodeState(context);
		const key = `${context.getWorkflow().id}:${context.getNode().id}:${context.getMode()}:${name}`;
		const field = `ledger:${name}`;
		let ledger = processLedgers.get(key);
		if (!ledger) {
			ledger = { entries: new Map(), revision: 0 };
			processLedgers.set(key, ledger);
		}
		const stored = staticData[field];
		if (isStoredLedger(stored) && stored.writer !== processWriter) {
			const copy = `${stored.writer}:${stored.revision}`;
			if (copy !== ledger.mergedCopy) {
				ledger.mergedCopy = copy;
				mergeInto(ledger.entries, stored.entries);
				forgetOldest(ledger.entries, capacity);
			}
			// Another process saved this copy over one of ours: entries only this process knows are missing from
			// the database until it writes again, so it writes now rather than at its next new entry.
			if (lacksKnownEntries(stored, ledger.entries)) persist(ledger, staticData, field);
		}
		return new DeliveryLedger(ledger, staticData, field, capacity);
	}

	/** True, and remembered, when `version` is newer than every version seen for `key` before. */
	acceptNewer(key: string, version: number): boolean {
		const seen = this.ledger.entries.get(key);
		if (seen !== undefined && seen >= version) return false;
		this.remember(key, version);
		return true;
	}

	/** True, and remembered, the first time `key` is offered. */
	acceptFirst(key: string, at: number = Date.now()): boolean {
		if (this.ledger.entries.has(key)) return false;
		this.remember(key, at);
		return true;
	}

	get size(): number {
		return this.ledger.entries.size;
	}

	private remember(key: string, value: number): void {
		const { entries } = this.ledger;
		entries.delete(key);
		entries.set(key, value);
		forgetOldest(entries, this.capacity);
		persist(this.ledger, this.staticData, this.field);
	}
}

function forgetOldest(entries: Map<string, number>, capacity: number): void {
	for (const oldest of entries.keys()) {
		if (entries.size <= capacity) break;
		entries.delete(oldest);
	}
}

/** Puts a new revision of this process's ledger into static data, for n8n to save after the answer. */
function persist(ledger: ProcessLedger, staticData: IDataObject, field: string): void {
	ledger.revision += 1;
	staticData[field] = snapshotOf(ledger) as unknown as IDataObject;
}

function mergeInto(entries: Map<string, number>, stored: Array<[string, number]>): void {
	for (const [key, value] of stored) {
		const known = entries.get(key);
		if (known === undefined || known < value) entries.set(key, value);
	}
}

function lacksKnownEntries(stored: StoredLedger, entries: Map<string, number>): boolean {
	if (stored.entries.length < entries.size) return true;
	const saved = new Map(stored.entries);
	for (const [key, value] of entries) {
		const savedValue = saved.get(key);
		if (savedValue === undefined || savedValue < value) return true;
	}
	return false;
}

/**
 * What is written into static data: the entries are listed only when n8n serialises the static data to
 * save it, once per request and after the answer, so a delivery does not pay for copying the whole map.
 * The closure (not `this`) reads the map because n8n hands static data around behind proxies.
 */
function snapshotOf(ledger: ProcessLedger): { toJSON(): StoredLedger } {
	const { revision } = ledger;
	return {
		toJSON: () => ({ writer: processWriter, revision, entries: [...ledger.entries] }),
	};
}
