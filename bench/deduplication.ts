import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { ShopgateTrigger } from '../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node';
import { DeliveryLedger, WRITE_INTERVAL_MS, WRITTEN_WITH_EVERY_DELIVERY_UP_TO } from '../nodes/shared/memory/deliveryLedger';
import { secretDigest } from '../nodes/shared/inbound/secrets';
import { shopgateEnvelope } from '../dev/fixtures/shopgate';
import { fakeWebhookContext } from './fakeWebhookContext';
import { median } from './median';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** Shopgate's horizon, the longest of the four, and a shop of 20,000 deliveries a day: one every 4.32 s. */
const HORIZON = 25 * HOUR;
const BUSY_PACE = DAY / 20_000;
const REMEMBERED = [0, 10_000, 50_000];
const MEASURED = 2000;
const ROUNDS = 9;
const TOKEN = 'bench-token-0123456789abcdef0123456789';
const RESULTS = join(__dirname, 'RESULTS.md');
const HEADING = '## 6. De-duplication at a busy shop';

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


/** n8n's save after a request: the whole static data as JSON, when the request changed it (a plain flag here). */
function savedBytes(staticData: IDataObject): number {
	return Buffer.byteLength(JSON.stringify(staticData));
}

/** A measured subject keeps its own clock, so that each holds its number of ids whatever the others do. */
interface Subject {
	time: number;
	pace: number;
}

const elapsedMicros = (started: bigint, calls: number) => Number(process.hrtime.bigint() - started) / 1000 / calls;

/** A ledger that remembers `remembered` ids, accepted at the pace that keeps that many within the horizon. */
function ledgerSubject(remembered: number) {
	const subject: Subject = { time: now, pace: remembered === 0 ? BUSY_PACE : HORIZON / remembered };
	let staticData: IDataObject = {};
	let ledger = DeliveryLedger.ofFirstDeliveries(ledgerContext(staticData), 'deliveryIds', HORIZON);
	let baseline = new Set<string>();
	let next = 0;
	const keys = (count: number) => Array.from({ length: count }, () => `a7d3c1e0-0000-4000-8000-${String(next++).padStart(12, '0')}`);
	now = subject.time;
	for (const key of keys(remembered)) {
		now += subject.pace;
		ledger.acceptFirst(key);
	}
	subject.time = now;
	return {
		staticData: () => staticData,
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
			for (const key of measured) {
				now += subject.pace;
				if (!ledger.acceptFirst(key)) throw new Error('a distinct delivery was taken for a repeat');
			}
			const ledgerMicros = elapsedMicros(started, MEASURED);
			subject.time = now;
			started = process.hrtime.bigint();
			for (const key of measured) if (!baseline.has(key)) baseline.add(key);
			return [ledgerMicros, elapsedMicros(started, MEASURED)];
		},
	};
}

/** The Shopgate Trigger's webhook(), its ledger holding `remembered` ids. */
async function triggerSubject(remembered: number) {
	const subject: Subject = { time: now, pace: remembered === 0 ? BUSY_PACE : HORIZON / remembered };
	const staticData: IDataObject = { 'node:bench-node': { webhookId: 'bench-webhook', tokenDigest: secretDigest(TOKEN) } };
	let index = 0;
	const body = (id: number) => Buffer.from(shopgateEnvelope('productCreated', { catalogCode: 'c', productCode: 'p' }, `delivery-${id}`, 'bench-webhook'));
	const context = fakeWebhookContext({
		parameters: { events: ['productCreated'], onlyShopgateIps: false },
		credentials: {},
		staticData,
		workflowId: `bench-dedup-trigger-${++workflows}`,
		delivery: () => ({ headers: { 'shopgate-token': TOKEN }, rawBody: body(index++) }),
	}) as IWebhookFunctions & { next(): void };
	const webhook = new ShopgateTrigger().webhook!;
	const deliver = async (count: number) => {
		now = subject.time;
		for (let call = 0; call < count; call++) {
			now += subject.pace;
			context.next();
			if (!(await webhook.call(context)).workflowData) throw new Error('a distinct delivery was not emitted');
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
				context.getWorkflow = () => ({ id }) as ReturnType<IWebhookFunctions['getWorkflow']>;
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
		const started = process.hrtime.bigint();
		const bytes = savedBytes(ledgers[size].staticData());
		return {
			remembered,
			ledgerMicros: median(rounds[size].ledger),
			baselineMicros: median(rounds[size].baseline),
			triggerMicros: median(rounds[size].trigger),
			savedBytes: bytes,
			saveMillis: Number(process.hrtime.bigint() - started) / 1e6,
		};
	});
}

export interface BusyDay {
	/** A delivery repeated after 20,000 others within the horizon: how often it ran (0 or 1). */
	redeliveryRuns: number;
	/** The same delivery once the horizon has passed. */
	afterHorizonRuns: number;
	deliveries: number;
	writes: number;
	bytesWritten: number;
	largestWrite: number;
	/** The most deliveries accepted and not yet written at any moment of the day: what a restart could forget. */
	mostUnwritten: number;
	/** The same day if every accepted delivery wrote its copy (the ledger's design before issue 26): each write's size times the deliveries it covers. */
	bytesIfEveryDeliveryWrote: number;
}

/**
 * A busy shop's second day (the horizon is full from the first): 20,000 distinct deliveries through the
 * Shopgate Trigger at 4.32 s, each request's static data saved whole when it changed, as n8n does; then the
 * first delivery of the day again, and again after the horizon.
 */
async function busyDay(): Promise<BusyDay> {
	const staticData: IDataObject = { 'node:bench-node': { webhookId: 'bench-webhook', tokenDigest: secretDigest(TOKEN) } };
	let id = 0;
	const context = fakeWebhookContext({
		parameters: { events: ['productCreated'], onlyShopgateIps: false },
		credentials: {},
		staticData,
		workflowId: `bench-dedup-day-${++workflows}`,
		delivery: () => ({ headers: { 'shopgate-token': TOKEN }, rawBody: Buffer.from(shopgateEnvelope('productCreated', { catalogCode: 'c', productCode: 'p' }, `delivery-${id}`, 'bench-webhook')) }),
	}) as IWebhookFunctions & { next(): void };
	const webhook = new ShopgateTrigger().webhook!;
	const field = 'deliveries:bench-node:deliveryIds';
	const deliver = async (deliveryId: number) => {
		id = deliveryId;
		context.next();
		const written = staticData[field];
		const runs = (await webhook.call(context)).workflowData ? 1 : 0;
		return { runs, wrote: staticData[field] !== written };
	};
	for (let index = 0; index < 20_000; index++) {
		now += BUSY_PACE;
		await deliver(index);
	}
	const day = { deliveries: 20_000, writes: 0, bytesWritten: 0, largestWrite: 0, mostUnwritten: 0, bytesIfEveryDeliveryWrote: 0 };
	let unwritten = 0;
	const first = 20_000;
	for (let index = first; index < first + day.deliveries; index++) {
		now += BUSY_PACE;
		const { wrote } = await deliver(index);
		unwritten += 1;
		if (wrote) {
			const bytes = savedBytes(staticData);
			day.writes += 1;
			day.bytesWritten += bytes;
			day.largestWrite = Math.max(day.largestWrite, bytes);
			// every delivery since the last write would have written a copy of about this size
			day.bytesIfEveryDeliveryWrote += bytes * unwritten;
			unwritten = 0;
		}
		day.mostUnwritten = Math.max(day.mostUnwritten, unwritten);
	}
	now += BUSY_PACE;
	const redelivery = await deliver(first);
	now += HORIZON;
	const afterHorizon = await deliver(first);
	return { ...day, redeliveryRuns: redelivery.runs, afterHorizonRuns: afterHorizon.runs };
}

export interface DeduplicationResult {
	costs: CostRow[];
	day: BusyDay;
	node: string;
}

export async function benchDeduplication(): Promise<DeduplicationResult> {
	const realNow = Date.now.bind(Date);
	Date.now = () => now;
	try {
		return { costs: await costs(), day: await busyDay(), node: process.versions.node };
	} finally {
		Date.now = realNow;
	}
}

/** The section's lines for bench/RESULTS.md. */
export function deduplicationSection({ costs, day, node }: DeduplicationResult): string[] {
	const fixed = (value: number, digits = 2) => value.toFixed(digits);
	const kb = (bytes: number) => `${fixed(bytes / 1024, 1)} KB`;
	const mb = (bytes: number) => `${fixed(bytes / 1024 / 1024, 0)} MB`;
	const [empty] = costs;
	return [
		`${HEADING} (targets: a redelivery within the horizon runs 0 times; cost per accepted delivery flat in the ids remembered)`,
		'',
		`In-process on Node ${node}, the clock moved by hand. Ledger alone: \`acceptFirst\` of a new id with that many ids remembered (Shopgate's 25-hour horizon, deliveries at the pace that keeps that many in it, so old ones expire as new ones come); baseline: a \`Set\`'s \`has\` + \`add\` of the same ids. Trigger: the Shopgate Trigger's whole \`webhook()\` (bench/fakeWebhookContext.ts) with its ledger at that size. ${MEASURED} deliveries a round, median of ${ROUNDS} rounds. "Saved" is the static data n8n writes at a write (JSON of the workflow's whole static data: the ledger and the node's registration state).`,
		'',
		'| ids remembered | ledger µs / delivery | Set µs | ratio to Set | ledger ratio to 0 ids | trigger µs / delivery | trigger ratio to 0 ids | static data saved at a write, after the rounds | its JSON.stringify ms |',
		'| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...costs.map(
			(row) =>
				`| ${row.remembered.toLocaleString('en-US')} | ${fixed(row.ledgerMicros)} | ${fixed(row.baselineMicros)} | ${fixed(row.ledgerMicros / row.baselineMicros)}× | ${fixed(row.ledgerMicros / empty.ledgerMicros)}× | ${fixed(row.triggerMicros)} | ${fixed(row.triggerMicros / empty.triggerMicros)}× | ${row.savedBytes.toLocaleString('en-US')} (${kb(row.savedBytes)}) | ${fixed(row.saveMillis)} |`,
		),
		'',
		`A busy shop's day through the Shopgate Trigger (its second, the horizon full from the first): ${day.deliveries.toLocaleString('en-US')} distinct deliveries at 4.32 s, static data saved whenever a request changed it. The ledger writes with every delivery while it holds up to ${WRITTEN_WITH_EVERY_DELIVERY_UP_TO.toLocaleString('en-US')} ids, then with the first delivery at least ${WRITE_INTERVAL_MS / 1000} s after its last write; baseline: the same copy written by every accepted delivery (the design before).`,
		'',
		'| deliveries | writes (saves by n8n) | bytes written | largest write | same copy by every delivery | ratio | most accepted and not yet written | the first delivery again after 20,000 others | and after 25 h |',
		'| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		`| ${day.deliveries.toLocaleString('en-US')} | ${day.writes.toLocaleString('en-US')} | ${mb(day.bytesWritten)} | ${kb(day.largestWrite)} | ${mb(day.bytesIfEveryDeliveryWrote)} | ${fixed(day.bytesWritten / day.bytesIfEveryDeliveryWrote, 3)}× | ${day.mostUnwritten} | ran ${day.redeliveryRuns} times | ran ${day.afterHorizonRuns} time${day.afterHorizonRuns === 1 ? '' : 's'} |`,
	];
}

/** Puts the section into bench/RESULTS.md in place of the one there (or before the analysis). */
function writeSection(lines: string[]): void {
	const previous = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
	const section = `${lines.join('\n')}\n\n`;
	const start = previous.indexOf(HEADING);
	const analysis = previous.indexOf('## Where the time goes');
	if (start !== -1) {
		const end = previous.indexOf('\n## ', start + HEADING.length);
		writeFileSync(RESULTS, previous.slice(0, start) + section + (end === -1 ? '' : previous.slice(end + 1)));
	} else if (analysis !== -1) {
		writeFileSync(RESULTS, previous.slice(0, analysis) + section + previous.slice(analysis));
	} else {
		writeFileSync(RESULTS, `${previous.trimEnd()}\n\n${section}`);
	}
}

/** Run directly: `--json` for bench/run.ts (under n8n's Node), `--write` to replace this section of bench/RESULTS.md. */
if (require.main === module) {
	void benchDeduplication().then((result) => {
		if (process.argv.includes('--json')) {
			process.stdout.write(`${JSON.stringify(result)}\n`);
			return;
		}
		const lines = deduplicationSection(result);
		process.stdout.write(`${lines.join('\n')}\n`);
		if (process.argv.includes('--write')) writeSection(lines);
	});
}
