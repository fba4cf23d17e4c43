import { decodeRecords, HOUR_MS, recordBytes } from './ledgerHour';
import { forgetExpired, mergeRecord } from './ledgerMemory';
import type { LedgerMemory } from './ledgerMemory';

/**
 * What a ledger writes into the workflow's global static data, under `deliveries:<node id>:<name>`, a field of
 * its own (registration state lives elsewhere): each hour since the epoch that holds a record within the
 * retention, as a base64 string of its records (nodes/shared/memory/ledgerHour.ts).
 */
export interface StoredLedger {
	/** The memory (one per n8n process and node, ledgerMemory.ts) that wrote this copy, and its how-manieth write of it. */
	writer: string;
	revision: number;
	/** 10 (digest, seconds) or 18 (digest, seconds, version): a copy of another layout is not read. */
	recordBytes: number;
	hours: Record<string, string>;
}

/**
 * A new revision of the memory as static data holds it: encoded only when n8n serialises the static data to
 * save it, from the memory as it is then. Each process's hours only grow by appending, so what another process
 * merged of them stays valid (mergeStoredLedger reads only what was appended since).
 */
export function storedLedgerOf(memory: LedgerMemory): { writer: string; toJSON(): StoredLedger } {
	memory.revision += 1;
	const { revision } = memory;
	return {
		// read before toJSON by mergeStoredLedger: a process's own copy, not yet saved, is never encoded to be skipped
		writer: memory.writer,
		toJSON: (): StoredLedger => ({
			writer: memory.writer,
			revision,
			recordBytes: recordBytes(memory.versioned),
			hours: Object.fromEntries([...memory.hours.values()].map((hour) => [String(hour.hour), hour.toBase64()])),
		}),
	};
}

/**
 * Takes into the memory what another process (or this one before a restart) wrote: of each hour, only the
 * records appended since this process last merged that writer's copy, so a busy shop's other process costs each
 * request the records it added, not the whole horizon.
 */
export function mergeStoredLedger(memory: LedgerMemory, value: unknown, now: number): void {
	if ((value as { writer?: unknown } | undefined)?.writer === memory.writer) return;
	// a copy not yet saved (the same static data object handed to the next request, as in n8n-core's tests) is read as it would be saved
	const stored = typeof (value as { toJSON?: unknown } | undefined)?.toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value;
	if (!isStoredLedger(stored) || stored.recordBytes !== recordBytes(memory.versioned)) return;
	const copy = `${stored.writer}:${stored.revision}`;
	if (copy === memory.mergedCopy) return;
	memory.mergedCopy = copy;
	let merged = memory.mergedBytes.get(stored.writer);
	if (!merged) {
		merged = new Map();
		memory.mergedBytes.set(stored.writer, merged);
	}
	for (const [hourKey, base64] of Object.entries(stored.hours)) {
		const hour = Number(hourKey);
		if ((hour + 1) * HOUR_MS + memory.retentionMs <= now) continue;
		merged.set(hour, mergeHour(memory, hour, base64, merged.get(hour) ?? 0));
	}
	forgetExpired(memory, now, true);
}

/** Merges the records of an hour's base64 beyond the first `mergedBytes`; returns how many bytes are merged now. */
function mergeHour(memory: LedgerMemory, hour: number, base64: string, mergedBytes: number): number {
	const size = recordBytes(memory.versioned);
	// base64 turns every 3 bytes into 4 characters: start at the group that holds the first byte not yet merged
	const group = Math.floor(mergedBytes / 3);
	const bytes = Buffer.from(base64.slice(group * 4), 'base64').subarray(mergedBytes - group * 3);
	if (bytes.length === 0) return mergedBytes;
	const records = decodeRecords(hour, bytes, memory.versioned);
	for (const record of records) mergeRecord(memory, record);
	return mergedBytes + records.length * size;
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
