import { randomUUID } from 'crypto';
import type { IWebhookFunctions } from 'n8n-workflow';

import type { LedgerRecord } from './ledgerHour';
import { hourOf, LedgerHour, recordTime } from './ledgerHour';
import { nodeScope, nodeScopedMap } from './nodeMemory';

type NodeContext = Pick<IWebhookFunctions, 'getWorkflow' | 'getNode' | 'getMode'>;

/**
 * Ten times what a shop of 20,000 deliveries a day accepts within Shopgate's 25-hour horizon: past it the
 * oldest hour is forgotten early, so that a sender flooding the trigger cannot grow memory or the saved copy.
 */
export const RECORDS_AT_MOST = 200_000;

/** The newest version accepted for a key, and when (ms; whole seconds, rounded up, when read from static data). */
export type Entry = [version: number, at: number];

/**
 * One ledger of one node in this n8n process. n8n loads a workflow's static data afresh for every webhook
 * request and saves that copy whole after it: this memory, at module level, is shared by every request the
 * process serves and consulted and updated synchronously, so it is exact within the process; static data
 * carries what was handed over across restarts and to other n8n processes (queue mode).
 */
export interface LedgerMemory {
	/**
	 * Signs what this memory writes: another memory (another process, this one after a restart, or after the
	 * node's memory was freed) merges it as a copy it does not hold yet.
	 */
	writer: string;
	/** The static data field it is written to: `deliveries:<node id>:<name>`. */
	field: string;
	versioned: boolean;
	retentionMs: number;
	/** What was handed over (and what other processes wrote), by key digest. */
	entries: Map<string, Entry>;
	/** Claimed by deliveries not yet handed over: taken for repeats here, never written. */
	claimed: Map<string, LedgerRecord[]>;
	/** The handed-over records by hour, as they are written. */
	hours: Map<number, LedgerHour>;
	records: number;
	revision: number;
	/** The hour whose start last dropped what expired. */
	sweptHour: number;
	/** Per process that wrote a copy this one merged: the base64 length of each of its hours merged so far. */
	mergedBytes: Map<string, Map<number, number>>;
	/** `writer:revision` of the last copy written by another process that was merged in. */
	mergedCopy?: string;
	legacyMerged?: boolean;
}

const memories = nodeScopedMap<LedgerMemory>();

/** The memory of ledger `name` of the node a context runs, in its mode (test deliveries have their own). */
export function ledgerMemoryOf(context: NodeContext, name: string, versioned: boolean, retentionMs: number): LedgerMemory {
	const nodeId = context.getNode().id;
	const key = `${nodeScope(context)}:${name}`;
	let memory = memories.get(key);
	if (!memory) {
		memory = {
			writer: randomUUID(),
			field: `deliveries:${nodeId}:${name}`,
			versioned,
			retentionMs,
			entries: new Map(),
			claimed: new Map(),
			hours: new Map(),
			records: 0,
			revision: 0,
			sweptHour: 0,
			mergedBytes: new Map(),
		};
		memories.set(key, memory);
	}
	return memory;
}

/** The memories of a node's production deliveries in this process (its workflow id and node id, mode 'webhook'). */
export function productionLedgerMemories(workflowId: string | undefined, nodeId: string): LedgerMemory[] {
	const prefix = `${workflowId}:${nodeId}:webhook:`;
	return [...memories.entries()].filter(([key]) => key.startsWith(prefix)).map(([, memory]) => memory);
}

export function appendRecord(memory: LedgerMemory, record: LedgerRecord): void {
	const hour = hourOf(recordTime(record.at));
	let records = memory.hours.get(hour);
	if (!records) {
		records = new LedgerHour(hour, memory.versioned);
		memory.hours.set(hour, records);
	}
	records.append(record);
	memory.records += 1;
}

/** Keeps the newer of what is known and `record`; what was new to this process joins its next write. */
export function mergeRecord(memory: LedgerMemory, record: LedgerRecord): void {
	const known = memory.entries.get(record.digest);
	if (known !== undefined && known[0] >= record.version && recordTime(known[1]) >= record.at) return;
	const merged: LedgerRecord = known
		? { digest: record.digest, version: Math.max(known[0], record.version), at: Math.max(known[1], record.at) }
		: record;
	memory.entries.set(merged.digest, [merged.version, merged.at]);
	appendRecord(memory, merged);
}

/**
 * Drops the hours whose every record is past the retention, once an hour, and the oldest hours beyond
 * RECORDS_AT_MOST. A key whose newer record lies in a later hour stays.
 */
export function forgetExpired(memory: LedgerMemory, now: number, force = false): void {
	if (!force && hourOf(now) === memory.sweptHour && memory.records <= RECORDS_AT_MOST) return;
	memory.sweptHour = hourOf(now);
	const byAge = [...memory.hours.values()].sort((a, b) => a.hour - b.hour);
	for (const hour of byAge) {
		if (hour.end + memory.retentionMs > now && memory.records <= RECORDS_AT_MOST) break;
		for (const { digest } of hour.records()) {
			const entry = memory.entries.get(digest);
			if (entry !== undefined && entry[1] < hour.end) memory.entries.delete(digest);
		}
		memory.records -= hour.count;
		memory.hours.delete(hour.hour);
		for (const merged of memory.mergedBytes.values()) merged.delete(hour.hour);
	}
}
