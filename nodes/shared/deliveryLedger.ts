import { randomUUID } from 'crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

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
	 * The ledger `name` of the node that `context` runs. Test deliveries ("Listen for test event") get a
	 * ledger of their own, so what they remember never hides a production delivery.
	 */
	static forNode(context: NodeContext, name: string, capacity: number): DeliveryLedger {
		const staticData = context.getWorkflowStaticData('node');
		const key = `${context.getWorkflow().id}:${context.getNode().id}:${context.getMode()}:${name}`;
		const field = `ledger:${name}`;
		let ledger = processLedgers.get(key);
		if (!ledger) {
			ledger = { entries: new Map(), revision: 0 };
			processLedgers.set(key, ledger);
		}
		const stored = staticData[field];
		const copy = isStoredLedger(stored) ? `${stored.writer}:${stored.revision}` : undefined;
		if (isStoredLedger(stored) && stored.writer !== processWriter && copy !== ledger.mergedCopy) {
			ledger.mergedCopy = copy;
			for (const [entryKey, value] of stored.entries) {
				const known = ledger.entries.get(entryKey);
				if (known === undefined || known < value) ledger.entries.set(entryKey, value);
			}
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
		for (const oldest of entries.keys()) {
			if (entries.size <= this.capacity) break;
			entries.delete(oldest);
		}
		this.ledger.revision += 1;
		this.staticData[this.field] = snapshotOf(this.ledger) as unknown as IDataObject;
	}
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
