import { BEFORE_COMMIT, BUSY_DAY } from './deduplication';
import type { BusyDay, DeduplicationResult } from './deduplication';
import type { DesignRun, TriggerThroughput } from './deduplicationThroughput';
import { median } from './median';
import { CONCURRENCY, percentile, REQUESTS, WARM_UP } from './throughput';

/**
 * Through n8n, this tree's package may run at most 10 % fewer deliveries a second than the design before. Runs, not
 * answers: the design before answered before its save and its execution, so under load its answers ran ahead of
 * the work n8n still had to do for them; what a shop's deliveries can sustain is the rate n8n runs them.
 */
export const THROUGHPUT_TARGET = 0.9;
/** "Flat": the trigger's cost per delivery with 50,000 ids remembered within this factor of its cost with none. */
export const FLAT_WITHIN = 1.25;

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const count = (value: number) => value.toLocaleString('en-US');
const kb = (bytes: number) => `${fixed(bytes / 1024, 1)} KB`;
const mb = (bytes: number) => `${count(Math.round(bytes / 1024 / 1024))} MB`;
const met = (ok: boolean) => (ok ? 'met' : '**not met**');
const before = BEFORE_COMMIT.slice(0, 7);

/** One trigger through n8n: each side's rate (mean of the rounds), latencies over all requests, and the median of the rounds' ratios. */
function summary(result: TriggerThroughput) {
	const side = (runs: DesignRun[]) => {
		const all = runs.flatMap((run) => run.latenciesMs);
		const requests = runs.reduce((sum, run) => sum + run.requests, 0);
		// over the rounds in which n8n went quiet only after its last execution
		const measuredWrites = runs.filter((run) => run.writtenBytes !== undefined);
		const written = measuredWrites.length === 0 ? undefined : measuredWrites.reduce((sum, run) => sum + run.writtenBytes!, 0) / measuredWrites.reduce((sum, run) => sum + run.requests, 0);
		return {
			rps: runs.reduce((sum, run) => sum + run.rps, 0) / runs.length,
			runsPerSecond: runs.reduce((sum, run) => sum + run.runsPerSecond, 0) / runs.length,
			p50: percentile(all, 50),
			p99: percentile(all, 99),
			executions: runs.reduce((sum, run) => sum + run.executions, 0),
			accepted: runs.reduce((sum, run) => sum + run.accepted, 0),
			requests,
			writtenPerDelivery: written,
			staticDataBytes: Math.max(...runs.map((run) => run.staticDataBytes)),
		};
	};
	const ratios = result.rounds.map((round) => round.now.rps / round.before.rps);
	const runRatios = result.rounds.map((round) => round.now.runsPerSecond / round.before.runsPerSecond);
	return {
		now: side(result.rounds.map((round) => round.now)),
		before: side(result.rounds.map((round) => round.before)),
		ratios,
		ratio: median(ratios),
		runRatios,
		runRatio: median(runRatios),
	};
}

/** Section 6's through-n8n part (6c): its table and whether the target is met, per trigger. */
export function throughputLines(results: TriggerThroughput[]): string[] {
	const rounds = results[0]?.rounds.length ?? 0;
	const lines = [
		`### 6c. Through a real n8n, against the design before (target ≥ ${fixed(THROUGHPUT_TARGET)}×)`,
		'',
		`Each trigger's workflow is created with what a shop of ${count(BUSY_DAY)} deliveries a day leaves in its ledger within the trigger's horizon (dev/fixtures/rememberedDeliveries.ts, through n8n's public API), activated, and takes valid distinct deliveries from a second process over keep-alive connections (section 2's load client), ${CONCURRENCY} at a time: ${WARM_UP} unmeasured to warm n8n up, then ${REQUESTS} measured, per side and round. The Shopgate Trigger is also measured with nothing remembered (both designs then write static data with every delivery; what differs is when the answer leaves), and n8n's own Webhook node (header auth, responseMode onReceived: n8n 2.41.1 answers it after the execution and the save, as it answers this tree's triggers) in the same n8n, as a control. This tree's package and the one built from ${before} each run in a fresh n8n per round (one package name, one n8n each; both triggers at node version 1, the only one the design before has, so this tree's version 1.1 saves nothing here), in ${rounds} rounds in which the sides take turns, the first turning every round. runs/s: executions finished a second, from the first request until the last of them finished (the target's measure: what n8n sustains); req/s: deliveries answered a second, as in section 2 (the design before answered before its save and its execution, so its answers ran ahead of its work: more answers a second than runs; this tree's answer leaves once the delivery is run and remembered, so the two rates are the same, as for n8n's Webhook node). Ratios: the median of the rounds' ratios, each round's in brackets; req/s and runs/s are the means of the rounds, p50 and p99 over all requests of a side. "n8n wrote" is what the n8n process passed to write calls (\`wchar\` of /proc/<pid>/io: its SQLite database and WAL, its answers and log) from the first request until it wrote less than 4 KB in 2 s (n8n idle; a round in which an execution finished later is left out, "–" when all are), per delivery, and at ${count(BUSY_DAY)} a day; "static data" is the workflow's static data after the run as JSON, what n8n writes at each save.`,
		'',
		'| trigger | ids remembered | design | req/s | runs/s | p50 ms | p99 ms | n8n wrote / delivery | at 20,000 a day | static data | executions / accepted | req/s ratio | runs/s ratio (target) |',
		'| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
	];
	for (const result of results) {
		const { now, before: old, ratios, ratio, runRatios, runRatio } = summary(result);
		const inRounds = (value: number, rounds: number[]) => `${fixed(value)}× (${rounds.map((round) => fixed(round)).join(', ')})`;
		const row = (design: string, side: typeof now, ratioCells: string) =>
			`| ${result.name} | ${result.control ? '–' : count(result.remembered)} | ${design} | ${fixed(side.rps, 1)} | ${fixed(side.runsPerSecond, 1)} | ${fixed(side.p50, 1)} | ${fixed(side.p99, 1)} | ${side.writtenPerDelivery === undefined ? '–' : kb(side.writtenPerDelivery)} | ${side.writtenPerDelivery === undefined ? '–' : mb(side.writtenPerDelivery * BUSY_DAY)} | ${kb(side.staticDataBytes)} | ${side.executions} / ${side.accepted} | ${ratioCells} |`;
		lines.push(row('this tree', now, `${inRounds(ratio, ratios)} | ${inRounds(runRatio, runRatios)}`));
		lines.push(row(`before (${before})`, old, '1.00× | 1.00×'));
	}
	lines.push('');
	for (const result of results) {
		const { now, ratio, runRatio } = summary(result);
		const everyRun = now.executions === now.accepted && now.accepted === now.requests;
		lines.push(
			`${result.name}: ${fixed(runRatio)}× the design before in executions finished a second, ${result.control ? 'the same node in both: the noise between the two n8n (no target)' : result.remembered === 0 ? 'what answering after the execution and the save costs by itself (no target: no busy shop)' : `target ≥ ${fixed(THROUGHPUT_TARGET)}×: ${met(runRatio >= THROUGHPUT_TARGET)}`} (${fixed(ratio)}× in deliveries answered a second); ${everyRun ? 'every delivery accepted and run once' : `**${now.accepted} of ${now.requests} accepted, ${now.executions} runs**`}.`,
		);
		lines.push('');
	}
	return lines;
}

function dayRow(design: string, day: BusyDay): string {
	const again = (runs: number) => `ran ${runs} time${runs === 1 ? '' : 's'}`;
	return `| ${design} | ${count(day.deliveries)} | ${count(day.writes)} | ${mb(day.bytesWritten)} | ${kb(day.largestWrite)} | ${day.mostUnwritten} | ${again(day.redeliveryRuns)} | ${again(day.afterHorizonRuns)} |`;
}

export const DEDUPLICATION_HEADING = `De-duplication at a busy shop (targets: a redelivery within the horizon runs 0 times; cost per delivery flat in the ids remembered; through n8n ≥ ${fixed(THROUGHPUT_TARGET)}× the design before)`;

/** Section 6 of bench/RESULTS.md below its heading: the in-process costs, a busy day's writes, and the throughput through n8n. */
export function deduplicationSection({ costs, day, dayBefore, node }: DeduplicationResult, throughput: TriggerThroughput[]): string[] {
	const [empty] = costs;
	const largest = costs[costs.length - 1];
	const flat = largest.triggerMicros / empty.triggerMicros;
	const busy = throughput.filter((result) => !result.control && result.remembered > 0);
	const throughputMet = busy.length > 0 && busy.every((result) => summary(result).runRatio >= THROUGHPUT_TARGET);
	const redeliveries = day.redeliveryRuns === 0 && day.afterHorizonRuns === 1;
	return [
		`This tree's design: every delivery a trigger hands to n8n is written into the workflow's static data (the ledger of remembered keys: 10 bytes a key, 18 with a version, packed per hour, base64), so n8n saves the whole ledger with every accepted delivery, and answers only after that save (n8n 2.41.1: and after it created the execution). The design before (${before}): the ledger was written with every delivery only while it held up to 1,000 keys, then at most once a minute, and the trigger answered 204 itself before n8n saved anything.`,
		'',
		`Targets: a redelivery within the horizon runs 0 times: ${met(redeliveries)}. The Shopgate Trigger's cost per delivery flat in the ids remembered (within ${fixed(FLAT_WITHIN)}× at 50,000 of 0): ${fixed(flat)}×, ${met(flat <= FLAT_WITHIN)}; the save n8n makes of each delivery grows with them (6a). Through n8n ≥ ${fixed(THROUGHPUT_TARGET)}× the design before at a busy shop, in deliveries run a second: ${busy.length === 0 ? 'not measured' : `${met(throughputMet)} (${busy.map((result) => `${result.name} ${fixed(summary(result).runRatio)}×`).join(', ')}; in deliveries answered a second ${busy.map((result) => `${fixed(summary(result).ratio)}×`).join(', ')}, because each answer now waits for its run and its save; 6c)`}. Bytes written at ${count(BUSY_DAY)} deliveries a day: ${mb(day.bytesWritten)} in ${count(day.writes)} saves, ${fixed(day.bytesWritten / dayBefore.bytesWritten, 1)}× the design before's ${mb(dayBefore.bytesWritten)} (6b).`,
		'',
		`### 6a. In-process cost per delivery, and the save of it`,
		'',
		`On Node ${node}, the clock moved by hand. Ledger alone: \`acceptFirst\` of a new id with that many ids remembered (Shopgate's 25-hour horizon, deliveries at the pace that keeps that many in it, so old ones expire as new ones come); baseline: a \`Set\`'s \`has\` + \`add\` of the same ids. Trigger: the Shopgate Trigger's whole \`webhook()\` (bench/fakeWebhookContext.ts) with its ledger at that size. 2,000 deliveries a round, median of 9 rounds. "Saved with each delivery" is the static data n8n writes after every accepted delivery (JSON of the workflow's whole static data: the ledger and the node's registration state) and the median time of its \`JSON.stringify\` after one more delivery (n8n's save, before it answers).`,
		'',
		'| ids remembered | ledger µs / delivery | Set µs | ratio to Set | ledger ratio to 0 ids | trigger µs / delivery | trigger ratio to 0 ids | saved with each delivery | its JSON.stringify ms |',
		'| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...costs.map(
			(row) =>
				`| ${count(row.remembered)} | ${fixed(row.ledgerMicros)} | ${fixed(row.baselineMicros)} | ${fixed(row.ledgerMicros / row.baselineMicros)}× | ${fixed(row.ledgerMicros / empty.ledgerMicros)}× | ${fixed(row.triggerMicros)} | ${fixed(row.triggerMicros / empty.triggerMicros)}× | ${count(row.savedBytes)} (${kb(row.savedBytes)}) | ${fixed(row.saveMillis)} |`,
		),
		'',
		`### 6b. A busy shop's day: what n8n writes`,
		'',
		`In-process, the clock moved by hand: the Shopgate Trigger's second day (the horizon full from the first), ${count(day.deliveries)} distinct deliveries at 4.32 s, the static data saved whole whenever a request changed it, as n8n does; then the day's first delivery again, and again after 25 hours. The design before is its Shopgate Trigger loaded from a checkout of ${before}, measured in the same run.`,
		'',
		'| design | deliveries | writes (saves by n8n) | bytes written | largest write | most accepted and not yet written | the first delivery again after 20,000 others | and after 25 h |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		dayRow('this tree', day),
		dayRow(`before (${before})`, dayBefore),
		'',
		`This tree writes ${fixed(day.bytesWritten / dayBefore.bytesWritten, 1)}× the bytes of the design before in a day (${fixed(day.writes / dayBefore.writes, 1)}× the saves).`,
		'',
		...throughputLines(throughput),
	];
}
