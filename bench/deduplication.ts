import { join } from 'path';
import type { IDataObject, INodeType, IWebhookFunctions } from 'n8n-workflow';

import { ShopgateTrigger } from '../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node';
import { DeliveryLedger } from '../nodes/shared/memory/deliveryLedger';
import { secretDigest } from '../nodes/shared/inbound/secrets';
import { shopgateEnvelope } from '../dev/fixtures/shopgate';
import { commitTree } from './commitTree';
import { fakeWebhookContext } from './fakeWebhookContext';
import { median } from './median';

/**
 * The design before issue 36 (its ledger wrote static data with every delivery only up to 1,000 keys, then at most
 * once a minute; the trigger answered 204 itself before n8n saved anything): section 6 measures it beside this tree.
 */
export const BEFORE_COMMIT = 'd50e2fbf24740244e61ce3452339381a7f3b08a0';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** Shopgate's horizon, the longest of the four, and a shop of 20,000 deliveries a day: one every 4.32 s. */
const HORIZON = 25 * HOUR;
export const BUSY_DAY = 20_000;
const BUSY_PACE = DAY / BUSY_DAY;
const REMEMBERED = [0, 10_000, 50_000];
const MEASURED = 2000;
const ROUNDS = 9;
/** Saves timed in the steady state (one new delivery, then the save n8n makes of it), per size. */
const SAVES_TIMED = 21;
const TOKEN = 'bench-token-0123456789abcdef0123456789';

/**
 * The clock the ledger reads: n8n's deliveries arrive over hours, a benchmark's in milliseconds, so time is
 * moved by hand while benchDeduplication runs.
 */
let now = Math.ceil(Date.now() / HOUR) * HOUR;

let workflows = 0;
const ledgerContext = (staticData: IDataObject) => {
	const id = `bench-dedup-${++workflows}`;
	return {
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id }),
		getNode: () => ({ id: 'bench-node' }),
		getMode: () => 'webhook',
	} as unknown as Parameters<typeof DeliveryLedger.ofFirstDeliveries>[0];
};

/** n8n's save after a request: the whole static data as JSON, when the request changed it. */
function savedBytes(staticData: IDataObject): number {
	return Buffer.byteLength(JSON.stringify(staticData));
}

/** A measured subject keeps its own clock, so that each holds its number of ids whatever the others do. */
interface Subject {
	time: number;
	pace: number;
}

const elapsedMicros = (started: bigint, calls: number) => Number(process.hrtime.bigint() - started) / 1000 / calls;

/**
 * A ledger that remembers `remembered` ids, accepted at the pace that keeps that many within the horizon. Outside
 * a request the ledger hands every key over at once, and writes itself into static data, as a request's hand-over does.
 */
function ledgerSubject(remembered: number) {
	const subject: Subject = { time: now, pace: remembered === 0 ? BUSY_PACE : HORIZON / remembered };
	let staticData: IDataObject = {};
	let ledger = DeliveryLedger.ofFirstDeliveries(ledgerContext(staticData), 'deliveryIds', HORIZON);
	let baseline = new Set<string>();
	let next = 0;
	const keys = (count: number) => Array.from({ length: count }, () => `a7d3c1e0-0000-4000-8000-${String(next++).padStart(12, '0')}`);
	const accept = (key: string) => {
		now += subject.pace;
		if (!ledger.acceptFirst(key)) throw new Error('a distinct delivery was taken for a repeat');
	};
	now = subject.time;
	for (const key of keys(remembered)) accept(key);
	subject.time = now;
	return {
		/** µs per accept of the ledger, and of the Set, over MEASURED new ids. */
		round(): [number, number] {
			if (remembered === 0) {
				staticData = {};
				ledger = DeliveryLedger.ofFirstDeliveries(ledgerContext(staticData), 'deliveryIds', HORIZON);
				baseline = new Set<string>();
			}
			const measured = keys(MEASURED);
			now = subject.time;
			let started = process.hrtime.bigint();
			for (const key of measured) accept(key);
			const ledgerMicros = elapsedMicros(started, MEASURED);
			subject.time = now;
			started = process.hrtime.bigint();
			for (const key of measured) if (!baseline.has(key)) baseline.add(key);
			return [ledgerMicros, elapsedMicros(started, MEASURED)];
		},
		/** What n8n saves after one more delivery (bytes), and the median ms of serialising it, in the steady state. */
		save(): { bytes: number; millis: number } {
			now = subject.time;
			const millis: number[] = [];
			let bytes = 0;
			for (const key of keys(SAVES_TIMED)) {
				accept(key);
				const started = process.hrtime.bigint();
				bytes = savedBytes(staticData);
				millis.push(Number(process.hrtime.bigint() - started) / 1e6);
			}
			subject.time = now;
			return { bytes, millis: median(millis) };
		},
	};
}

type Trigger = new () => INodeType;

/** The Shopgate Trigger's webhook() in a context of its own, over static data holding the node's registration. */
function shopgateDeliveries(Trigger: Trigger) {
	const staticData: IDataObject = { 'node:bench-node': { webhookId: 'bench-webhook', tokenDigest: secretDigest(TOKEN) } };
	let id = 0;
	const body = (delivery: number) => Buffer.from(shopgateEnvelope('productCreated', { catalogCode: 'c', productCode: 'p' }, `delivery-${delivery}`, 'bench-webhook'));
	const context = fakeWebhookContext({
		parameters: { events: ['productCreated'], onlyShopgateIps: false },
		credentials: {},
		staticData,
		workflowId: `bench-dedup-trigger-${++workflows}`,
		delivery: () => ({ headers: { 'shopgate-token': TOKEN }, rawBody: body(id) }),
	}) as IWebhookFunctions & { next(): void };
	const webhook = new Trigger().webhook!;
	return {
		staticData,
		context,
		/** Delivers `delivery`; whether it was handed to n8n (would run). */
		async deliver(delivery: number): Promise<boolean> {
			id = delivery;
			context.next();
			return (await webhook.call(context)).workflowData !== undefined;
		},
	};
}

/** The Shopgate Trigger's webhook(), its ledger holding `remembered` ids. */
async function triggerSubject(remembered: number) {
	const subject: Subject = { time: now, pace: remembered === 0 ? BUSY_PACE : HORIZON / remembered };
	const trigger = shopgateDeliveries(ShopgateTrigger);
	let next = 0;
	const deliver = async (count: number) => {
		now = subject.time;
		for (let call = 0; call < count; call++) {
			now += subject.pace;
			if (!(await trigger.deliver(next++))) throw new Error('a distinct delivery was not emitted');
		}
		subject.time = now;
	};
	await deliver(remembered);
	return {
		/** µs per delivery over MEASURED new ones. */
		async round(): Promise<number> {
			// with 0 ids remembered, each round is a workflow of its own, whose memory starts empty
			if (remembered === 0) {
				const id = `bench-dedup-trigger-${++workflows}`;
				trigger.context.getWorkflow = () => ({ id }) as ReturnType<IWebhookFunctions['getWorkflow']>;
			}
			const started = process.hrtime.bigint();
			await deliver(MEASURED);
			return elapsedMicros(started, MEASURED);
		},
	};
}

export interface CostRow {
	remembered: number;
	ledgerMicros: number;
	baselineMicros: number;
	triggerMicros: number;
	/** The static data n8n saves after a delivery, and the median ms of its JSON.stringify. */
	savedBytes: number;
	saveMillis: number;
}

/**
 * µs per accepted delivery with 0, 10,000 and 50,000 ids in memory: the ledger alone (and a Set's has + add of
 * the same keys, the least any memory of ids does), and the Shopgate Trigger's whole webhook() with its ledger
 * at that size. Deliveries keep the pace that holds that many ids in the horizon, so old ones expire as new
 * ones come, as at a shop; with 0, every round starts from an empty memory. One unmeasured round, then the
 * sizes round by round, so that drift and collections hit them alike.
 */
async function costs(): Promise<CostRow[]> {
	const ledgers = REMEMBERED.map(ledgerSubject);
	const triggers = await Promise.all(REMEMBERED.map(triggerSubject));
	const rounds = REMEMBERED.map(() => ({ ledger: [] as number[], baseline: [] as number[], trigger: [] as number[] }));
	// the ledger's rounds first, so that the garbage of the triggers' rounds is not collected in them
	for (let round = 0; round <= ROUNDS; round++) {
		for (let size = 0; size < REMEMBERED.length; size++) {
			const [ledgerMicros, baselineMicros] = ledgers[size].round();
			if (round === 0) continue;
			rounds[size].ledger.push(ledgerMicros);
			rounds[size].baseline.push(baselineMicros);
		}
	}
	for (let round = 0; round <= ROUNDS; round++) {
		for (let size = 0; size < REMEMBERED.length; size++) {
			const triggerMicros = await triggers[size].round();
			if (round > 0) rounds[size].trigger.push(triggerMicros);
		}
	}
	return REMEMBERED.map((remembered, size) => {
		const save = ledgers[size].save();
		return {
			remembered,
			ledgerMicros: median(rounds[size].ledger),
			baselineMicros: median(rounds[size].baseline),
			triggerMicros: median(rounds[size].trigger),
			savedBytes: save.bytes,
			saveMillis: save.millis,
		};
	});
}

export interface BusyDay {
	deliveries: number;
	/** Requests after which n8n saves the static data (it changed), their bytes in all, the largest. */
	writes: number;
	bytesWritten: number;
	largestWrite: number;
	/** The most deliveries accepted and not yet written at any moment of the day: what a restart could forget. */
	mostUnwritten: number;
	/** A delivery repeated after 20,000 others within the horizon: how often it ran (0 or 1). */
	redeliveryRuns: number;
	/** The same delivery once the horizon has passed. */
	afterHorizonRuns: number;
}

/**
 * A busy shop's second day (the horizon is full from the first): 20,000 distinct deliveries through a Shopgate
 * Trigger at 4.32 s, each request's static data saved whole when it changed, as n8n does; then the first delivery
 * of the day again, and again after the horizon.
 */
async function busyDay(Trigger: Trigger): Promise<BusyDay> {
	const trigger = shopgateDeliveries(Trigger);
	const field = 'deliveries:bench-node:deliveryIds';
	const deliver = async (delivery: number) => {
		now += BUSY_PACE;
		const written = trigger.staticData[field];
		const runs = (await trigger.deliver(delivery)) ? 1 : 0;
		return { runs, wrote: trigger.staticData[field] !== written };
	};
	for (let index = 0; index < BUSY_DAY; index++) await deliver(index);
	const day = { deliveries: BUSY_DAY, writes: 0, bytesWritten: 0, largestWrite: 0, mostUnwritten: 0 };
	let unwritten = 0;
	const first = BUSY_DAY;
	for (let index = first; index < first + day.deliveries; index++) {
		const { wrote } = await deliver(index);
		unwritten += 1;
		if (wrote) {
			const bytes = savedBytes(trigger.staticData);
			day.writes += 1;
			day.bytesWritten += bytes;
			day.largestWrite = Math.max(day.largestWrite, bytes);
			unwritten = 0;
		}
		day.mostUnwritten = Math.max(day.mostUnwritten, unwritten);
	}
	const redelivery = await deliver(first);
	now += HORIZON;
	const afterHorizon = await deliver(first);
	return { ...day, redeliveryRuns: redelivery.runs, afterHorizonRuns: afterHorizon.runs };
}

export interface DeduplicationResult {
	costs: CostRow[];
	/** A busy day through this tree's Shopgate Trigger and through the one of BEFORE_COMMIT. */
	day: BusyDay;
	dayBefore: BusyDay;
	node: string;
}

/** `beforeTree`: a checkout of BEFORE_COMMIT, whose Shopgate Trigger (TypeScript, as it is there) is loaded from it. */
export async function benchDeduplication(beforeTree: string): Promise<DeduplicationResult> {
	const before = (require(join(beforeTree, 'nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node.ts')) as { ShopgateTrigger: Trigger }).ShopgateTrigger;
	const realNow = Date.now.bind(Date);
	Date.now = () => now;
	try {
		const measured = await costs();
		// the design before first: what this tree's day leaves in memory is then not collected during it
		const dayBefore = await busyDay(before);
		const day = await busyDay(ShopgateTrigger);
		return { costs: measured, day, dayBefore, node: process.versions.node };
	} finally {
		Date.now = realNow;
	}
}

/**
 * Run directly (under n8n's Node: `node --import tsx bench/deduplication.ts [--before <checkout>] [--json]`): prints
 * the result; without `--before` it checks BEFORE_COMMIT out for the run.
 */
if (require.main === module) {
	void (async () => {
		const at = process.argv.indexOf('--before');
		const tree = at === -1 ? await commitTree(BEFORE_COMMIT) : undefined;
		try {
			const result = await benchDeduplication(tree?.dir ?? process.argv[at + 1]);
			process.stdout.write(`${process.argv.includes('--json') ? JSON.stringify(result) : JSON.stringify(result, null, 2)}\n`);
		} finally {
			await tree?.remove();
		}
	})();
}
