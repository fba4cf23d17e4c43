import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { LedgerRecord } from './ledgerHour';
import { keyDigest } from './ledgerHour';
import { appendRecord, forgetExpired, ledgerMemoryOf, mergeRecord, productionLedgerMemories } from './ledgerMemory';
import type { LedgerMemory } from './ledgerMemory';
import { mergeStoredLedger, storedLedgerOf } from './ledgerStorage';
import { nodeState } from './nodeState';

type NodeContext = Pick<IWebhookFunctions, 'getWorkflowStaticData' | 'getWorkflow' | 'getNode' | 'getMode'> &
	Partial<Pick<IWebhookFunctions, 'getRequestObject'>>;

/** What an earlier version of this package kept in the node's state under `ledger:<name>`: whole keys. */
interface LegacyLedger {
	entries: Array<[key: string, value: number, at?: number]>;
}

/** Keys accepted once within the retention (delivery ids). */
export interface FirstDeliveryLedger {
	/** True the first time `key` is offered within the retention: the delivery is claimed (see DeliveryLedger). */
	acceptFirst(key: string, at?: number): boolean;
	readonly size: number;
}

/** The newest version of each key within the retention (Kinguin's `updatedAt` per product or order). */
export interface NewestVersionLedger {
	/** True when `version` is newer than every version seen or claimed for `key` within the retention. */
	acceptNewer(key: string, version: number, now?: number): boolean;
	readonly size: number;
}

/** The ledgers that claimed something for a request, until the request's delivery is handed over or refused. */
const claimsOfRequest = new WeakMap<object, Set<DeliveryLedger>>();

/**
 * A time-bounded memory of keys, per node: a key is remembered for `retentionMs` after it was last accepted
 * (a platform's retry horizon: a repeat after it is not a retry), whatever the number of deliveries in between.
 *
 * Accepting a key claims it: from then on this process takes the key for a repeat, but the key joins what
 * n8n saves only when the delivery is handed over (`handOverClaims`, when `webhook()` returns its items or its
 * final answer), so a delivery n8n never got (a restart while its records load, a 400, a throw) is run when the
 * platform delivers it again. Every hand-over writes the ledger into this request's static data, so the save
 * n8n makes of it (before it answers, RECIPE §8a) holds the key. Test deliveries get a memory of their own.
 */
export class DeliveryLedger implements FirstDeliveryLedger, NewestVersionLedger {
	private readonly claims: LedgerRecord[] = [];

	private constructor(
		private readonly memory: LedgerMemory,
		private readonly staticData: IDataObject,
		private readonly request: object | undefined,
		private readonly legacy: { state: IDataObject; field: string },
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
		const memory = ledgerMemoryOf(context, name, versioned, retentionMs);
		const ledger = new DeliveryLedger(memory, context.getWorkflowStaticData('global'), context.getRequestObject?.(), {
			state: nodeState(context),
			field: `ledger:${name}`,
		});
		mergeStoredLedger(memory, ledger.staticData[memory.field], Date.now());
		ledger.mergeLegacy(Date.now());
		return ledger;
	}

	acceptNewer(key: string, version: number, now: number = Date.now()): boolean {
		const digest = keyDigest(key);
		const known = this.newestKnown(digest, now);
		if (known !== undefined && known >= version) return false;
		this.claim({ digest, at: now, version });
		return true;
	}

	acceptFirst(key: string, now: number = Date.now()): boolean {
		const digest = keyDigest(key);
		if (this.newestKnown(digest, now) !== undefined) return false;
		this.claim({ digest, at: now, version: now });
		return true;
	}

	/** The keys remembered in what n8n saves (claims not yet handed over are not among them). */
	get size(): number {
		return this.memory.entries.size;
	}

	/** The newest version accepted or claimed for a key within the retention. */
	private newestKnown(digest: string, at: number): number | undefined {
		const seen = this.memory.entries.get(digest);
		const committed = seen !== undefined && at - seen[1] < this.memory.retentionMs ? seen[0] : undefined;
		const claimed = this.memory.claimed.get(digest);
		if (claimed === undefined || claimed.length === 0) return committed;
		const newestClaim = Math.max(...claimed.map((record) => record.version));
		return committed === undefined ? newestClaim : Math.max(committed, newestClaim);
	}

	private claim(record: LedgerRecord): void {
		const claimed = this.memory.claimed.get(record.digest);
		if (claimed) claimed.push(record);
		else this.memory.claimed.set(record.digest, [record]);
		this.claims.push(record);
		// a ledger used outside a request (a benchmark's, a test's) hands its claims over at once
		if (this.request === undefined) {
			this.handOver();
			return;
		}
		const ledgers = claimsOfRequest.get(this.request);
		if (ledgers) ledgers.add(this);
		else claimsOfRequest.set(this.request, new Set([this]));
	}

	/** Makes this request's claims part of what n8n saves, and writes the ledger into this request's static data; whether it wrote. */
	handOver(): boolean {
		if (this.claims.length === 0) return false;
		for (const record of this.unclaim()) this.remember(record);
		this.write();
		return true;
	}

	/** Marks the ledger written again in this request's static data, so that n8n sees it changed. */
	writeAgain(): void {
		const written = this.staticData[this.memory.field];
		this.staticData[this.memory.field] = written;
	}

	/** Forgets this request's claims: a repeat of the delivery is taken for a new one. */
	release(): void {
		this.unclaim();
	}

	private unclaim(): LedgerRecord[] {
		const records = this.claims.splice(0);
		for (const record of records) {
			const claimed = this.memory.claimed.get(record.digest);
			const left = claimed?.filter((other) => other !== record) ?? [];
			if (left.length > 0) this.memory.claimed.set(record.digest, left);
			else this.memory.claimed.delete(record.digest);
		}
		return records;
	}

	private remember(record: LedgerRecord): void {
		const known = this.memory.entries.get(record.digest);
		// claims of one key settle in any order: the newest version (and the latest acceptance) is what stays
		this.memory.entries.set(record.digest, known ? [Math.max(record.version, known[0]), Math.max(record.at, known[1])] : [record.version, record.at]);
		appendRecord(this.memory, record);
		forgetExpired(this.memory, record.at);
	}

	/** Takes in the whole keys an earlier version of this package kept in the node's state, once. */
	private mergeLegacy(now: number): void {
		const legacy = this.legacy.state[this.legacy.field] as LegacyLedger | undefined;
		if (!Array.isArray(legacy?.entries) || this.memory.legacyMerged) return;
		this.memory.legacyMerged = true;
		const { versioned } = this.memory;
		for (const [key, value, at = now] of legacy.entries) {
			mergeRecord(this.memory, { digest: keyDigest(key), at, version: versioned ? value : at });
		}
		forgetExpired(this.memory, now, true);
	}

	/**
	 * Puts this process's memory into static data, for n8n to save. The hours are encoded only when n8n
	 * serialises the static data to save it, from the memory as it is then: a save never holds less than what
	 * was handed over before it.
	 */
	private write(): void {
		this.staticData[this.memory.field] = storedLedgerOf(this.memory) as unknown as IDataObject;
		if (this.legacy.field in this.legacy.state) delete this.legacy.state[this.legacy.field];
	}
}

/**
 * Settles what a request's delivery claimed in every ledger: handed over (n8n gets its items, or its final
 * answer), the keys join what n8n saves; refused or failed, they are forgotten. Returns, when a hand-over wrote a
 * ledger, what writes it into the request's static data again (rememberedOnHandOver: n8n 2.41.1 forgets the first
 * write before its save).
 */
export function settleClaims(context: Pick<IWebhookFunctions, 'getRequestObject'>, handedOver: boolean): (() => void) | undefined {
	const request = context.getRequestObject();
	const ledgers = claimsOfRequest.get(request);
	if (!ledgers) return undefined;
	claimsOfRequest.delete(request);
	if (!handedOver) {
		for (const ledger of ledgers) ledger.release();
		return undefined;
	}
	const written = [...ledgers].filter((ledger) => ledger.handOver());
	return written.length === 0 ? undefined : () => written.forEach((ledger) => ledger.writeAgain());
}

/**
 * Puts what this process remembers of a node's deliveries into the static data of an activation (n8n's start, a
 * re-publish), which n8n saves whole after registering: a save of the copy it loaded before deliveries it
 * served meanwhile would otherwise write their keys out of the database.
 */
export function keepDeliveriesInSaves(context: Pick<IHookFunctions, 'getWorkflow' | 'getNode' | 'getWorkflowStaticData'>): void {
	const staticData = context.getWorkflowStaticData('global');
	for (const memory of productionLedgerMemories(context.getWorkflow().id, context.getNode().id)) {
		mergeStoredLedger(memory, staticData[memory.field], Date.now());
		staticData[memory.field] = storedLedgerOf(memory) as unknown as IDataObject;
	}
}
