import { randomUUID } from 'crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { nodeState } from './nodeState';

type NodeContext = Pick<IWebhookFunctions, 'getWorkflowStaticData' | 'getWorkflow' | 'getNode' | 'getMode'>;

/** A key's value (a version, or an arrival time) and when it was last accepted (epoch ms). */
type Entry = [value: number, at: number];

/** Copies written before entries carried their time list `[key, value]`; those read as accepted when read. */
type StoredEntry = [key: string, value: number, at?: number];

interface StoredLedger {
	writer: string;
	revision: number;
	entries: StoredEntry[];
}

interface ProcessLedger {
	entries: Map<string, Entry>;
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
 * in the workflow's static data. A key is remembered for `retentionMs` after it was last accepted (a
 * platform's retry horizon: a repeat after it is not a retry), and when full, the key touched longest ago
 * is forgotten first.
 */
export class DeliveryLedger {
	private constructor(
		private readonly ledger: ProcessLedger,
		private readonly staticData: IDataObject,
		private readonly field: string,
		private readonly capacity: number,
		private readonly retentionMs: number,
	) {}

	/**
	 * The ledger `name` of the node that `context` runs, kept in the node's state (so a rename keeps it). Test
	 * deliveries ("Listen for test event") get a ledger of their own, so what they remember never hides a
	 * production delivery.
	 */
	static forNode(
		context: NodeContext,
		name: string,
		capacity: number,
		retentionMs: number = Number.POSITIVE_INFINITY,
	): DeliveryLedger {
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
				mergeInto(ledger.entries, stored.entries, Date.now());
				forgetOldest(ledger.entries, capacity);
			}
			// Another process saved this copy over one of ours: entries only this process knows are missing from
			// the database until it writes again, so it writes now rather than at its next new entry.
			if (lacksKnownEntries(stored, ledger.entries)) persist(ledger, staticData, field);
		}
		return new DeliveryLedger(ledger, staticData, field, capacity, retentionMs);
	}

	/** True, and remembered, when `version` is newer than every version seen for `key` within the retention. */
	acceptNewer(key: string, version: number, now: number = Date.now()): boolean {
		const seen = this.recent(key, now);
		if (seen !== undefined && seen[0] >= version) return false;
		this.remember(key, version, now);
		return true;
	}

	/** True, and remembered, the first time `key` is offered within the retention. */
	acceptFirst(key: string, at: number = Date.now()): boolean {
		if (this.recent(key, at) !== undefined) return false;
		this.remember(key, at, at);
		return true;
	}

	get size(): number {
		return this.ledger.entries.size;
	}

	private recent(key: string, now: number): Entry | undefined {
		const seen = this.ledger.entries.get(key);
		return seen !== undefined && now - seen[1] < this.retentionMs ? seen : undefined;
	}

	private remember(key: string, value: number, at: number): void {
		const { entries } = this.ledger;
		entries.delete(key);
		entries.set(key, [value, at]);
		forgetOldest(entries, this.capacity);
		forgetExpired(entries, at - this.retentionMs);
		persist(this.ledger, this.staticData, this.field);
	}
}

function forgetOldest(entries: Map<string, Entry>, capacity: number): void {
	for (const oldest of entries.keys()) {
		if (entries.size <= capacity) break;
		entries.delete(oldest);
	}
}

/**
 * Entries are kept in the order they were accepted, so the expired ones lead; a merged copy can put an
 * older one behind newer ones, where it waits for its turn (lookups check each entry's own time).
 */
function forgetExpired(entries: Map<string, Entry>, acceptedBefore: number): void {
	for (const [key, [, at]] of entries) {
		if (at >= acceptedBefore) break;
		entries.delete(key);
	}
}

/** Puts a new revision of this process's ledger into static data, for n8n to save after the answer. */
function persist(ledger: ProcessLedger, staticData: IDataObject, field: string): void {
	ledger.revision += 1;
	staticData[field] = snapshotOf(ledger) as unknown as IDataObject;
}

function mergeInto(entries: Map<string, Entry>, stored: StoredEntry[], now: number): void {
	for (const [key, value, at = now] of stored) {
		const known = entries.get(key);
		if (known === undefined) entries.set(key, [value, at]);
		else if (known[0] < value || known[1] < at) entries.set(key, [Math.max(known[0], value), Math.max(known[1], at)]);
	}
}

function lacksKnownEntries(stored: StoredLedger, entries: Map<string, Entry>): boolean {
	if (stored.entries.length < entries.size) return true;
	const saved = new Map(stored.entries.map(([key, value, at]) => [key, [value, at ?? 0]] as const));
	for (const [key, [value, at]] of entries) {
		const savedEntry = saved.get(key);
		if (savedEntry === undefined || savedEntry[0] < value || savedEntry[1] < at) return true;
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
		toJSON: () => ({
			writer: processWriter,
			revision,
			entries: Array.from(ledger.entries, ([key, [value, at]]): StoredEntry => [key, value, at]),
		}),
	};
}
