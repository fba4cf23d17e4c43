import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { cpus } from 'os';
import { join } from 'path';

import { ensureRuntime, N8N_VERSION, N8nApi, NODE_VERSION, packProject, PROJECT_DIR, startN8n } from '../dev/n8n';
import type { N8nRuntime } from '../dev/n8n';
import { cleanEnvironment, run } from '../dev/n8n/processes';
import { benchAction } from './action';
import { benchActionCeiling } from './actionCeiling';
import { benchActionMemory } from './actionMemory';
import { packCeilingPackage } from './ceilingPackage';
import { benchColdStart } from './coldStart';
import { commitTree } from './commitTree';
import { BEFORE_COMMIT } from './deduplication';
import type { DeduplicationResult } from './deduplication';
import { DEDUPLICATION_HEADING, deduplicationSection } from './deduplicationSection';
import { benchDeduplicationThroughput } from './deduplicationThroughput';
import { benchHostileValuesThroughN8n, hostileValuesSection } from './hostileValuesThroughN8n';
import type { InProcessResult } from './inProcess';
import { benchQueueThroughput } from './queueThroughput';
import { benchThroughput, CONCURRENCY, REQUESTS, ROUNDS, roundRatio, WARM_UP } from './throughput';
import type { ThroughputSide } from './throughput';
import { worstCaseBodiesSection } from './worstCaseBodies';
import type { WorstCaseResult } from './worstCaseBodies';

const RESULTS = join(__dirname, 'RESULTS.md');
/** The hand-written analysis at the end of RESULTS.md, which a run keeps below the tables it rewrites. */
const ANALYSIS_HEADING = '## Where the time goes';

function keptAnalysis(): string {
	const previous = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
	const at = previous.indexOf(ANALYSIS_HEADING);
	return at === -1 ? '' : previous.slice(at);
}

/**
 * The sections to run (`BENCH_SECTIONS=2` or `2,6`; all when unset): 1 in-process (1b worst-case bodies, 1c
 * hostile values through n8n), 2 through n8n (2b, 2c), 3 the action node, 4 cold start, 5 queue mode,
 * 6 de-duplication at a busy shop. A part named alone (`BENCH_SECTIONS=1b,1c`) runs alone and is printed only.
 */
const SECTIONS = (process.env.BENCH_SECTIONS ?? '').split(',').map((part) => part.trim()).filter(Boolean);
const runs = (section: number) => SECTIONS.length === 0 || SECTIONS.includes(String(section));
const runsPart = (part: string) => runs(Number.parseInt(part, 10)) || SECTIONS.includes(part);
const PARTS_ONLY = SECTIONS.length > 0 && SECTIONS.every((part) => /^\d+[a-z]$/.test(part));
const SECTION_1 = 'In-process cost per delivery (target ≤ 3× the baseline)';

/** The text of RESULTS.md from `## <section>.` up to the next `## ` heading. */
function sectionSpan(text: string, section: number): { start: number; end: number } | undefined {
	const start = text.search(new RegExp(`^## ${section}\\. `, 'm'));
	if (start === -1) return undefined;
	const next = text.slice(start + 3).search(/^## /m);
	return { start, end: next === -1 ? text.length : start + 3 + next };
}

/**
 * A run of some sections replaces only theirs in RESULTS.md, each then saying the command and date it was
 * measured with; the other sections keep what the last run of them measured.
 */
function replaceSections(sections: Map<number, string[]>): string {
	let text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
	for (const [section, lines] of sections) {
		const replacement = `${lines.join('\n').trimEnd()}\n\n`;
		const span = sectionSpan(text, section);
		const at = span ?? { start: text.indexOf(ANALYSIS_HEADING) === -1 ? text.length : text.indexOf(ANALYSIS_HEADING), end: -1 };
		text = `${text.slice(0, at.start)}${replacement}${text.slice(at.end === -1 ? at.start : at.end)}`;
	}
	return text;
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);

/** A ratio of rates as the median over the rounds, followed by each round's ratio. */
function medianRatio(side: ThroughputSide, baseline: ThroughputSide): string {
	const { median, rounds } = roundRatio(side, baseline);
	return `${fixed(median)}× (${rounds.map((ratio) => fixed(ratio)).join(', ')})`;
}

/** The in-process measurement, run by the Node that n8n runs on: V8's costs differ between Node 20 and 24. */
async function inProcessUnderN8nNode(runtime: N8nRuntime): Promise<InProcessResult[]> {
	const { stdout } = await run(runtime.nodeExecutable, ['--import', 'tsx', join(__dirname, 'inProcess.ts'), '--json'], {
		cwd: PROJECT_DIR,
		timeoutMs: 20 * 60_000,
		env: cleanEnvironment(),
	});
	return JSON.parse(stdout.trim().split('\n').pop() ?? '[]') as InProcessResult[];
}

/** The worst-case bodies (bench/worstCaseBodies.ts), by the Node that n8n runs on, as the in-process one. */
async function worstCaseBodiesUnderN8nNode(runtime: N8nRuntime): Promise<WorstCaseResult[]> {
	const { stdout } = await run(runtime.nodeExecutable, ['--import', 'tsx', join(__dirname, 'worstCaseBodies.ts'), '--json'], {
		cwd: PROJECT_DIR,
		timeoutMs: 20 * 60_000,
		env: cleanEnvironment(),
	});
	return JSON.parse(stdout.trim().split('\n').pop() ?? '[]') as WorstCaseResult[];
}

/**
 * The de-duplication measurement (bench/deduplication.ts), by the Node that n8n runs on, as the in-process one;
 * `beforeTree`: a checkout of the design before, measured beside this tree.
 */
async function deduplicationUnderN8nNode(runtime: N8nRuntime, beforeTree: string): Promise<DeduplicationResult> {
	const { stdout } = await run(runtime.nodeExecutable, ['--import', 'tsx', join(__dirname, 'deduplication.ts'), '--before', beforeTree, '--json'], {
		cwd: PROJECT_DIR,
		timeoutMs: 20 * 60_000,
		env: cleanEnvironment(),
	});
	return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as DeduplicationResult;
}

/**
 * `npm run bench`: every measurement side by side with its baseline in one run, printed and written to
 * bench/RESULTS.md. Not part of `npm test`: numbers, not assertions.
 */
async function main(): Promise<void> {
	const header: string[] = [];
	const sections = new Map<number, string[]>();
	let lines = header;
	const say = (line = '') => {
		lines.push(line);
		process.stdout.write(`${line}\n`);
	};
	const measuredWith = `${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} · n8n ${N8N_VERSION} on Node ${NODE_VERSION}`;
	/** Starts section `number`'s text; a run of some sections names its command in each. */
	const startSection = (number: number, heading: string) => {
		lines = [];
		sections.set(number, lines);
		say(`## ${number}. ${heading}`);
		say();
		if (SECTIONS.length > 0) {
			// the settings that change what is measured, so that the command reproduces the section
			const settings = ['BENCH_ROUNDS', 'BENCH_REQUESTS'].filter((name) => process.env[name]).map((name) => `${name}=${process.env[name]} `).join('');
			say(`Command: \`${settings}BENCH_SECTIONS=${SECTIONS.join(',')} npm run bench\` · ${measuredWith}`);
			say();
		}
	};

	say(`# Benchmark results`);
	say();
	say(`Command: \`npm run bench\` · ${measuredWith}`);
	say();

	// first, while this process holds nothing else that a later collection could release
	const memory = runs(3) ? await benchActionMemory() : undefined;
	const runtime = await ensureRuntime();

	if (runs(1)) {
		startSection(1, SECTION_1);
		say(`Baseline: \`JSON.parse\` of the same body + a constant-time compare of the secret. The trigger: its \`webhook()\` with a minimal context (n8n's own context and expression engine excluded), each delivery distinct so none is de-duplicated. "zod" is the payload's schema validation alone, timed on the same bodies; "besides zod" is the rest of the trigger's work against the baseline. On Node ${NODE_VERSION}, as n8n runs.`);
		say();
		say('| Trigger | µs / delivery | baseline µs | ratio | of it zod µs | ratio besides zod |');
		say('| --- | ---: | ---: | ---: | ---: | ---: |');
		for (const result of await inProcessUnderN8nNode(runtime)) {
			say(`| ${result.name} | ${fixed(result.nodeMicros)} | ${fixed(result.baselineMicros)} | ${fixed(result.ratio)}× | ${fixed(result.validationMicros)} | ${fixed(result.ratioBesidesValidation)}× |`);
	}
	say();
	}

	if (runsPart('1b')) {
		if (!sections.has(1)) startSection(1, SECTION_1);
		for (const line of worstCaseBodiesSection(await worstCaseBodiesUnderN8nNode(runtime))) say(line);
		say();
	}

	const tarball = await packProject();
	if (runsPart('1c')) {
		if (!sections.has(1)) startSection(1, SECTION_1);
		for (const line of hostileValuesSection(await benchHostileValuesThroughN8n(runtime, tarball))) say(line);
		say();
	}
	if (runs(2)) await throughputSections(runtime, tarball, startSection, say);

	if (runs(3)) {
		const action = await benchAction(runtime, tarball);
		startSection(3, 'The action node (target ≥ 0.8× a direct keep-alive client; n8n grows < 50 MB)');
		say(`${action.items} stock updates from one execution (Webhook → Code → sender), concurrency 4, to the same local supplier API server; rate measured at the server between the first and the last update. Each sender runs in a fresh n8n (V8 keeps a heap it has grown), and the same workflow with a No Operation node as the sender shows what n8n spends on holding the items.`);
		say();
		say('| sender | updates/s | ratio to the direct client | node run (s) | n8n RSS growth (MB) | beyond No Operation (MB) | received |');
		say('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
		for (const [name, run] of [['Supplier Marketplace node', action.node], ["n8n's HTTP Request node", action.httpRequestNode]] as const) {
			say(`| ${name} | ${fixed(run.rate, 0)} | ${fixed(run.rate / action.directRate)}× | ${fixed(run.seconds, 1)} | ${fixed(run.memoryGrowthMb, 1)} | ${fixed(run.memoryGrowthMb - action.noOp.memoryGrowthMb, 1)} | ${run.delivered} |`);
	}
	say(`| No Operation node (nothing sent) | | | ${fixed(action.noOp.seconds, 1)} | ${fixed(action.noOp.memoryGrowthMb, 1)} | 0.0 | 0 |`);
	say(`| direct keep-alive client | ${fixed(action.directRate, 0)} | 1.00× | | | | ${action.items} |`);
	say(`| direct client, a new connection per request (as n8n's request helper) | ${fixed(action.directNewConnectionRate, 0)} | ${fixed(action.directNewConnectionRate / action.directRate)}× | | | | ${action.items} |`);
	say();
	say(`Against the direct client that opens a connection per request, as n8n's helper does: the Supplier Marketplace node ${fixed(action.node.rate / action.directNewConnectionRate)}×, n8n's HTTP Request node ${fixed(action.httpRequestNode.rate / action.directNewConnectionRate)}×.`);
	say();
	say(`What the node itself keeps alive (its \`execute()\` in n8n-core's execution context, in this process, live heap after a full collection every 250 ms, ${memory!.items} items): at most ${fixed(memory!.liveGrowthMb, 1)} MB while sending, ${fixed(memory!.afterMb, 1)} MB once it has returned (its output items).`);
	say();

	const ceiling = await benchActionCeiling(runtime, tarball);
	say('### 3b. Against the ceiling n8n sets for an action node (target ≥ 0.8×)');
	say();
	say("The bench's own sender (bench/ceilingPackage.ts) in a fresh n8n, same workflow and items: it resolves the same three parameters for every item, then posts each update once through n8n's request helper (`httpRequestWithAuthentication`, the same credential, decrypted once), 4 at a time; no validation, no retries, the answer as its output.");
	say();
	say('| sender | updates/s | ratio to the ceiling | node run (s) | n8n RSS growth (MB) | received |');
	say('| --- | ---: | ---: | ---: | ---: | ---: |');
	say(`| Supplier Marketplace node | ${fixed(action.node.rate, 0)} | ${fixed(action.node.rate / ceiling.rate)}× | ${fixed(action.node.seconds, 1)} | ${fixed(action.node.memoryGrowthMb, 1)} | ${action.node.delivered} |`);
	say(`| ceiling sender | ${fixed(ceiling.rate, 0)} | 1.00× | ${fixed(ceiling.seconds, 1)} | ${fixed(ceiling.memoryGrowthMb, 1)} | ${ceiling.delivered} |`);
	say();
	}

	if (runs(4)) {
		startSection(4, 'Cold start (target: the package adds < 100 ms)');
		const cold = await benchColdStart(runtime, tarball);
		say(`n8n's start until its readiness check answers, median of ${cold.rounds} rounds, the order rotated every round; the empty package has one node that does nothing and no credentials.`);
		say();
		say('| without a community package | with an empty package | with this package | added (vs none) | added (vs the empty package) |');
		say('| ---: | ---: | ---: | ---: | ---: |');
		say(`| ${cold.withoutMs} ms | ${cold.emptyPackageMs} ms | ${cold.withMs} ms | ${cold.addedMs} ms | ${cold.addedOverEmptyMs} ms |`);
		say();
	}

	if (runs(5)) {
		startSection(5, 'Queue mode: one webhook process or two');
		const queue = await benchQueueThroughput(runtime, tarball);
		say(`n8n in queue mode (main, two \`n8n webhook\` processes, one worker, PostgreSQL, Redis) with ${queue.workflows} Kinguin Trigger workflows; valid deliveries spread over the workflows, through nginx routing each path to one of both processes (${queue.pathsPerProcess[0]} and ${queue.pathsPerProcess[1]} paths), and through a second nginx in front of the first process only, taking turns in ${ROUNDS} rounds. Same load client as section 2.`);
		say();
		say('| webhook processes | req/s | p50 ms | p99 ms | executions / accepted | ratio (median of the rounds) |');
		say('| ---: | ---: | ---: | ---: | ---: | ---: |');
		say(`| 1 | ${fixed(queue.one.rps, 1)} | ${fixed(queue.one.p50, 1)} | ${fixed(queue.one.p99, 1)} | ${queue.one.executions} / ${queue.one.accepted} | 1.00× |`);
		say(`| 2 | ${fixed(queue.two.rps, 1)} | ${fixed(queue.two.p50, 1)} | ${fixed(queue.two.p99, 1)} | ${queue.two.executions} / ${queue.two.accepted} | ${medianRatio(queue.two, queue.one)} |`);
		say();
		const { unrouted } = queue;
		say(`Without routing by path (each webhook process in turn, past nginx, one Kinguin workflow): of ${unrouted.burst} concurrent first deliveries each then repeated at the other process, ${unrouted.burstRanAgain} repeats ran again; of ${unrouted.handOvers} deliveries each repeated at the other process the moment it was answered, ${unrouted.handOversRanAgain}. Through nginx (\`hash $uri consistent\`) the queue-mode tests assert 0 for the same bursts.`);
		say();
	}

	if (runs(6)) {
		const before = await commitTree(BEFORE_COMMIT);
		try {
			const inProcess = await deduplicationUnderN8nNode(runtime, before.dir);
			const throughput = await benchDeduplicationThroughput(runtime, { now: tarball, before: await before.pack() });
			startSection(6, DEDUPLICATION_HEADING);
			for (const line of deduplicationSection(inProcess, throughput)) say(line);
			say();
		} finally {
			await before.remove();
		}
	}

	if (process.env.BENCH_TRIGGERS) {
		process.stdout.write('(BENCH_TRIGGERS measures some triggers only: bench/RESULTS.md left as it was)\n');
	} else if (PARTS_ONLY) {
		process.stdout.write(`(BENCH_SECTIONS=${SECTIONS.join(',')} measures parts of sections only: bench/RESULTS.md left as it was)\n`);
	} else if (SECTIONS.length > 0) {
		writeFileSync(RESULTS, replaceSections(sections));
	} else {
		const analysis = keptAnalysis();
		const all = [header, ...sections.values()].flat();
		writeFileSync(RESULTS, `${all.join('\n').trimEnd()}\n${analysis ? `\n${analysis}` : ''}`);
	}
}

type Say = (line?: string) => void;
type StartSection = (number: number, heading: string) => void;

/** Section 2 (2b, 2c): every trigger against n8n's Webhook node and the do-nothing trigger, through one n8n. */
async function throughputSections(runtime: N8nRuntime, tarball: string, startSection: StartSection, say: Say): Promise<void> {
	// BENCH_N8N_NODE_OPTIONS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles`: to profile the n8n process
	const nodeOptions = process.env.BENCH_N8N_NODE_OPTIONS;
	const instance = await startN8n(runtime, { packages: [tarball, await packCeilingPackage()], env: nodeOptions ? { NODE_OPTIONS: nodeOptions } : undefined });
	try {
		const api = await N8nApi.connect(instance);
		const throughput = await benchThroughput(api);
		const rounds = `${ROUNDS} rounds`;
		// n8n answers the Webhook node, the ceiling trigger and this package's triggers alike (after the run and the save),
		// so the targets are where the trigger's own work shows: against the ceiling (2b) and refusing (2c)
		startSection(2, "Through a real n8n, beside n8n's Webhook node (targets in 2b and 2c)");
		say(`Each trigger's production URL and n8n's Webhook node (header auth, same No Operation node after it) take the same bodies from a second process over keep-alive connections: ${REQUESTS} requests each at concurrency ${CONCURRENCY}, after ${WARM_UP} unmeasured requests to each, in ${rounds} of ${Math.ceil(REQUESTS / ROUNDS)} in which the sides take turns (the order turning every round). A ratio is the median of the rounds' ratios, each round's in brackets; req/s is the mean of the rounds, p50 and p99 are over all requests.`);
		say();
		say('| Trigger | req/s | p50 ms | p99 ms | Webhook node req/s | p50 ms | p99 ms | throughput ratio | p99 ratio | executions / accepted |');
		say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
		for (const { name, ours, builtIn } of throughput) {
			say(
				`| ${name} | ${fixed(ours.rps, 1)} | ${fixed(ours.p50, 1)} | ${fixed(ours.p99, 1)} | ${fixed(builtIn.rps, 1)} | ${fixed(builtIn.p50, 1)} | ${fixed(builtIn.p99, 1)} | ${medianRatio(ours, builtIn)} | ${fixed(ours.p99 / builtIn.p99)}× | ${ours.executions} / ${ours.accepted} (Webhook node ${builtIn.executions} / ${builtIn.accepted}) |`,
			);
		}
		say();
		say('### 2b. Against the ceiling n8n sets for a community trigger (target ≥ 0.95×)');
		say();
		say("The bench's own community trigger (bench/ceilingPackage.ts: the same webhook description, no checks, the body as one item, n8n answering 204 once the execution is started and the static data saved, as it answers the package's triggers and its own Webhook node) takes the same valid bodies in the same run, taking turns with the trigger and the Webhook node.");
		say();
		say('| Trigger | req/s | ceiling req/s | throughput ratio (median of the rounds) | p99 ms | ceiling p99 ms | executions / accepted (ceiling) |');
		say('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
		for (const { name, ours, ceiling } of throughput) {
			say(`| ${name} | ${fixed(ours.rps, 1)} | ${fixed(ceiling.rps, 1)} | ${medianRatio(ours, ceiling)} | ${fixed(ours.p99, 1)} | ${fixed(ceiling.p99, 1)} | ${ceiling.executions} / ${ceiling.accepted} |`);
		}
		say();
		say("### 2c. Forged and duplicate deliveries (floor: ≥ 0.9× n8n's Webhook node refusing a wrong header secret)");
		say();
		say(`Forged: the same bodies with a wrong secret where the platform sends it (header, URL or Basic pair). Duplicates: one real delivery (a shop's own customer, the registered webhook's id: not a platform's documented test sample, which a trigger runs every time) that the trigger has already run, sent ${REQUESTS} times more; none of them may run. The Webhook node gets the same bodies with a wrong value of its header. Same load, the sides taking turns in ${rounds}.`);
		say();
		say('| Trigger | forged req/s | duplicates req/s | Webhook node, wrong secret req/s | forged ratio (median of the rounds) | duplicates ratio | forged p99 / Webhook node p99 ms | runs (forged, duplicates) |');
		say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
		for (const { name, forged, duplicates, builtInForged } of throughput) {
			const duplicateCells = duplicates ? [fixed(duplicates.rps, 1), medianRatio(duplicates, builtInForged)] : ['(no memory of deliveries)', ''];
			say(
				`| ${name} | ${fixed(forged.rps, 1)} | ${duplicateCells[0]} | ${fixed(builtInForged.rps, 1)} | ${medianRatio(forged, builtInForged)} | ${duplicateCells[1]} | ${fixed(forged.p99, 1)} / ${fixed(builtInForged.p99, 1)} | ${forged.executions}, ${duplicates ? duplicates.executions : '–'} |`,
			);
		}
		say();
		const ran = throughput.filter((result) => result.duplicatesRan !== undefined || result.forged.executions > 0);
		for (const { name, duplicatesRan, forged } of ran) {
			say(`**Not met: ${name}.** ${[forged.executions > 0 ? `${forged.executions} forged deliveries ran` : '', duplicatesRan ?? ''].filter(Boolean).join('; ')}.`);
			say();
		}
		if (ran.length === 0) {
			say(`Every duplicate and every forged delivery ran 0 times (executions counted in n8n).`);
			say();
		}
	} finally {
		await instance.stop();
		rmSync(instance.userFolder, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
