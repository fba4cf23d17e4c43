import { randomUUID } from 'crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { LedgerRecord } from './ledgerHour';
import { decodeRecords, HOUR_MS, hourOf, keyDigest, LedgerHour, recordBytes, recordTime } from './ledgerHour';
import { nodeState } from './nodeState';

type NodeContext = Pick<IWebhookFunctions, 'getWorkflowStaticData' | 'getWorkflow' | 'getNode' | 'getMode'>;

/**
 * A ledger this small is written with every delivery it accepts (at most ~14 KB): a shop with fewer deliveries
 * than this within the retry horizon keeps every accepted delivery in the database.
 */
export const WRITTEN_WITH_EVERY_DELIVERY_UP_TO = 1000;
/** A larger one is written by the first delivery it accepts at least this long after its last write. */
export const WRITE_INTERVAL_MS = 60 * 1000;
/**
 * Ten times what a shop of 20,000 deliveries a day accepts within Shopgate's 25-hour horizon: past it the
 * oldest hour is forgotten early, so that a sender flooding the trigger cannot grow memory or the saved copy.
 */
export const RECORDS_AT_MOST = 200_000;

/** The newest version accepted for a key, and when (ms; whole seconds, rounded up, when read from static data). */
type Entry = [version: number, at: number];

/**
 * What the ledger writes into the workflow's global static data, under `deliveries:<node id>:<name>`, a field
 * of its own (registration state lives elsewhere): each hour since the epoch that holds a record within the
 * retention, as a base64 string of its records (nodes/shared/memory/ledgerHour.ts).
 */
export interface StoredLedger {
	/** The n8n process that wrote this copy, and its how-manieth write of it. */
	writer: string;
	revision: number;
	/** 10 (digest, seconds) or 18 (digest, seconds, version): a copy of another layout is not read. */
	recordBytes: number;
	hours: Record<string, string>;
}

/** What an earlier version of this package kept in the node's state under `ledger:<name>`: whole keys. */
interface LegacyLedger {
	entries: Array<[key: string, value: number, at?: number]>;
}

interface ProcessMemory {
	entries: Map<string, Entry>;
	hours: Map<number, LedgerHour>;
	records: number;
	revision: number;
	writtenAt: number;
	/** The hour whose start last dropped what expired. */
	sweptHour: number;
	/** `writer:revision` of the last copy written by another process that was merged in. */
	mergedCopy?: string;
	legacyMerged?: boolean;
}

/**
 * n8n loads a workflow's static data afresh for every webhook request and saves that copy whole after
 * answering, when anything in it changed. The memory kept here, at module level, is shared by every request
 * this process serves and is consulted and updated synchronously, so it is exact within the process; static
 * data carries it across restarts and to other n8n processes (queue mode), and is written only at the
 * moments WRITTEN_WITH_EVERY_DELIVERY_UP_TO and WRITE_INTERVAL_MS say: a delivery that is not such a moment
 * changes nothing in static data, and n8n saves nothing after it.
 */
const processMemories = new Map<string, ProcessMemory>();
const processWriter = randomUUID();

/** Keys accepted once within the retention (delivery ids). */
export interface FirstDeliveryLedger {
	/** True, and remembered, the first time `key` is offered within the retention. */
	acceptFirst(key: string, at?: number): boolean;
	readonly size: number;
}

/** The newest version of each key within the retention (Kinguin's `updatedAt` per product or order). */
export interface NewestVersionLedger {
	/** True, and remembered, when `version` is newer than every version seen for `key` within the retention. */
	acceptNewer(key: string, version: number, now?: number): boolean;
	readonly size: number;
}

/**
 * A time-bounded memory of keys, per node: a key is remembered for `retentionMs` after it was last accepted
 * (a platform's retry horizon: a repeat after it is not a retry), whatever the number of deliveries in between.
 * Test deliveries ("Listen for test event") get a memory of their own, so what they remember never hides a
 * production delivery.
 */
export class DeliveryLedger implements FirstDeliveryLedger, NewestVersionLedger {
	private constructor(
		private readonly memory: ProcessMemory,
		private readonly staticData: IDataObject,
		private readonly field: string,
		private readonly legacy: { state: IDataObject; field: string },
		private readonly retentionMs: number,
		private readonly versioned: boolean,
	) {}

	/** A ledger of delivery ids, each accepted once within `retentionMs`. */
	static ofFirstDeliveries(context: NodeContext, name: string, retentionMs: number): FirstDeliveryLedger {
		return DeliveryLedger.forNode(context, name, retentionMs, false);
	}

	/** A ledger of the newest version of each key within `retentionMs`. */
	static ofNewestVersions(context: NodeContext, name: string, retentionMs: number): NewestVersionLedger {
		return DeliveryLedger.forNode(context, name, retentionMs, true);
	}

	private static forNode(context: NodeContext, name: string, retentionMs: number, versioned: boolean): DeliveryLedger {
		const staticData = context.getWorkflowStaticData('global');
		const nodeId = context.getNode().id;
		const memoryKey = `${context.getWorkflow().id}:${nodeId}:${context.getMode()}:${name}`;
		let memory = processMemories.get(memoryKey);
		if (!memory) {
			memory = { entries: new Map(), hours: new Map(), records: 0, revision: 0, writtenAt: Number.NEGATIVE_INFINITY, sweptHour: 0 };
			processMemories.set(memoryKey, memory);
		}
		const ledger = new DeliveryLedger(
			memory,
			staticData,
			`deliveries:${nodeId}:${name}`,
			{ state: nodeState(context), field: `ledger:${name}` },
			retentionMs,
			versioned,
		);
		ledger.mergeStoredCopies(Date.now());
		return ledger;
	}

	acceptNewer(key: string, version: number, now: number = Date.now()): boolean {
		const digest = keyDigest(key);
		const seen = this.recent(digest, now);
		if (seen !== undefined && seen[0] >= version) return false;
		this.remember({ digest, at: now, version });
		return true;
	}

	acceptFirst(key: string, now: number = Date.now()): boolean {
		const digest = keyDigest(key);
		if (this.recent(digest, now) !== undefined) return false;
		this.remember({ digest, at: now, version: now });
		return true;
	}

	get size(): number {
		return this.memory.entries.size;
	}

	private recent(digest: string, at: number): Entry | undefined {
		const seen = this.memory.entries.get(digest);
		return seen !== undefined && at - seen[1] < this.retentionMs ? seen : undefined;
	}

	private remember(record: LedgerRecord): void {
		this.memory.entries.set(record.digest, [record.version, record.at]);
		this.append(record);
		this.forgetExpired(record.at);
		const { memory } = this;
		if (memory.records <= WRITTEN_WITH_EVERY_DELIVERY_UP_TO || record.at - memory.writtenAt >= WRITE_INTERVAL_MS) {
			memory.writtenAt = record.at;
			this.write();
		}
	}

	private append(record: LedgerRecord): void {
		const hour = hourOf(recordTime(record.at));
		let records = this.memory.hours.get(hour);
		if (!records) {
			records = new LedgerHour(hour, this.versioned);
			this.memory.hours.set(hour, records);
		}
		records.append(record);
		this.memory.records += 1;
	}

	/**
	 * Drops the hours whose every record is past the retention, once an hour, and the oldest hours beyond
	 * RECORDS_AT_MOST. A key whose newer record lies in a later hour stays.
	 */
	private forgetExpired(now: number, force = false): void {
		const { memory } = this;
		if (!force && hourOf(now) === memory.sweptHour && memory.records <= RECORDS_AT_MOST) return;
		memory.sweptHour = hourOf(now);
		const byAge = [...memory.hours.values()].sort((a, b) => a.hour - b.hour);
		for (const hour of byAge) {
			if (hour.end + this.retentionMs > now && memory.records <= RECORDS_AT_MOST) break;
			for (const { digest } of hour.records()) {
				const entry = memory.entries.get(digest);
				if (entry !== undefined && entry[1] < hour.end) memory.entries.delete(digest);
			}
			memory.records -= hour.count;
			memory.hours.delete(hour.hour);
		}
	}

	/** Takes into this process's memory what another process (or this one before a restart) wrote. */
	private mergeStoredCopies(now: number): void {
		const { memory } = this;
		const stored = this.staticData[this.field];
		if (isStoredLedger(stored) && stored.writer !== processWriter && stored.recordBytes === recordBytes(this.versioned)) {
			const copy = `${stored.writer}:${stored.revision}`;
			if (copy !== memory.mergedCopy) {
				memory.mergedCopy = copy;
				for (const [hourKey, base64] of Object.entries(stored.hours)) {
					const hour = Number(hourKey);
					if ((hour + 1) * HOUR_MS + this.retentionMs <= now) continue;
					for (const record of decodeRecords(hour, Buffer.from(base64, 'base64'), this.versioned)) this.merge(record);
				}
				this.forgetExpired(now, true);
			}
		}
		const legacy = this.legacy.state[this.legacy.field] as LegacyLedger | undefined;
		if (Array.isArray(legacy?.entries) && !memory.legacyMerged) {
			memory.legacyMerged = true;
			for (const [key, value, at = now] of legacy.entries) {
				this.merge({ digest: keyDigest(key), at, version: this.versioned ? value : at });
			}
			this.forgetExpired(now, true);
		}
	}

	/** Keeps the newer of what is known and `record`; what was new to this process joins its next write. */
	private merge(record: LedgerRecord): void {
		const known = this.memory.entries.get(record.digest);
		if (known !== undefined && known[0] >= record.version && recordTime(known[1]) >= record.at) return;
		const merged: LedgerRecord = known
			? { digest: record.digest, version: Math.max(known[0], record.version), at: Math.max(known[1], record.at) }
			: record;
		this.memory.entries.set(merged.digest, [merged.version, merged.at]);
		this.append(merged);
	}

	/**
	 * Puts a new revision of this process's memory into static data, for n8n to save after the answer. The
	 * hours are encoded only when n8n serialises the static data to save it, from the memory as it is then.
	 */
	private write(): void {
		const { memory } = this;
		memory.revision += 1;
		const { revision } = memory;
		const size = recordBytes(this.versioned);
		this.staticData[this.field] = {
			toJSON: (): StoredLedger => ({
				writer: processWriter,
				revision,
				recordBytes: size,
				hours: Object.fromEntries([...memory.hours.values()].map((hour) => [String(hour.hour), hour.toBase64()])),
			}),
		} as unknown as IDataObject;
		if (this.legacy.field in this.legacy.state) delete this.legacy.state[this.legacy.field];
	}
}

function isStoredLedger(value: unknown): value is StoredLedger {
	const candidate = value as StoredLedger | undefined;
	return (
		typeof candidate === 'object' &&
		candidate !== null &&
		typeof candidate.writer === 'string' &&
		typeof candidate.revision === 'number' &&
		typeof candidate.recordBytes === 'number' &&
		typeof candidate.hours === 'object' &&
		candidate.hours !== null
	);
}
