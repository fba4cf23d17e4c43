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
import { deduplicationSection } from './deduplication';
import type { DeduplicationResult } from './deduplication';
import type { InProcessResult } from './inProcess';
import { benchQueueThroughput } from './queueThroughput';
import { benchThroughput, WARM_UP } from './throughput';

const RESULTS = join(__dirname, 'RESULTS.md');
/** The hand-written analysis at the end of RESULTS.md, which a run keeps below the tables it rewrites. */
const ANALYSIS_HEADING = '## Where the time goes';

function keptAnalysis(): string {
	const previous = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
	const at = previous.indexOf(ANALYSIS_HEADING);
	return at === -1 ? '' : previous.slice(at);
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

/** The de-duplication measurement (bench/deduplication.ts), by the Node that n8n runs on, as the in-process one. */
async function deduplicationUnderN8nNode(runtime: N8nRuntime): Promise<DeduplicationResult> {
	const { stdout } = await run(runtime.nodeExecutable, ['--import', 'tsx', join(__dirname, 'deduplication.ts'), '--json'], {
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
	const lines: string[] = [];
	const say = (line = '') => {
		lines.push(line);
		process.stdout.write(`${line}\n`);
	};
	const fixed = (value: number, digits = 2) => value.toFixed(digits);

	say(`# Benchmark results`);
	say();
	say(`Command: \`npm run bench\` · ${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} · n8n ${N8N_VERSION} on Node ${NODE_VERSION}`);
	say();

	// first, while this process holds nothing else that a later collection could release
	const memory = await benchActionMemory();
	const runtime = await ensureRuntime();

	say('## 1. In-process cost per delivery (target ≤ 3× the baseline)');
	say();
	say(`Baseline: \`JSON.parse\` of the same body + a constant-time compare of the secret. The trigger: its \`webhook()\` with a minimal context (n8n's own context and expression engine excluded), each delivery distinct so none is de-duplicated. "zod" is the payload's schema validation alone, timed on the same bodies; "besides zod" is the rest of the trigger's work against the baseline. On Node ${NODE_VERSION}, as n8n runs.`);
	say();
	say('| Trigger | µs / delivery | baseline µs | ratio | of it zod µs | ratio besides zod |');
	say('| --- | ---: | ---: | ---: | ---: | ---: |');
	for (const result of await inProcessUnderN8nNode(runtime)) {
		say(`| ${result.name} | ${fixed(result.nodeMicros)} | ${fixed(result.baselineMicros)} | ${fixed(result.ratio)}× | ${fixed(result.validationMicros)} | ${fixed(result.ratioBesidesValidation)}× |`);
	}
	say();

	const tarball = await packProject();
	const instance = await startN8n(runtime, { packages: [tarball, await packCeilingPackage()] });
	try {
		const api = await N8nApi.connect(instance);

		say('## 2. Through a real n8n (target: throughput ≥ 0.95×, p99 ≤ 1.1× n8n\'s Webhook node)');
		say();
		say(`Each trigger's production URL and n8n's Webhook node (header auth, same No Operation node after it) take the same bodies from a second process over keep-alive connections: ${process.env.BENCH_REQUESTS ?? 300} requests each at concurrency ${process.env.BENCH_CONCURRENCY ?? 8}, in two alternating halves, after ${WARM_UP} unmeasured requests to each.`);
		say();
		say('| Trigger | req/s | p50 ms | p99 ms | Webhook node req/s | p50 ms | p99 ms | throughput ratio | p99 ratio | executions / accepted |');
		say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
		const throughput = await benchThroughput(api);
		for (const { name, ours, builtIn } of throughput) {
			say(
				`| ${name} | ${fixed(ours.rps, 1)} | ${fixed(ours.p50, 1)} | ${fixed(ours.p99, 1)} | ${fixed(builtIn.rps, 1)} | ${fixed(builtIn.p50, 1)} | ${fixed(builtIn.p99, 1)} | ${fixed(ours.rps / builtIn.rps)}× | ${fixed(ours.p99 / builtIn.p99)}× | ${ours.executions} / ${ours.accepted} (Webhook node ${builtIn.executions} / ${builtIn.accepted}) |`,
			);
		}
		say();
		say('### 2b. Against the ceiling n8n sets for a community trigger (target ≥ 0.95×)');
		say();
		say("The bench's own community trigger (bench/ceilingPackage.ts: the same webhook description, no checks, a 204, the body as one item) takes the same valid bodies in the same run, alternating with the trigger and the Webhook node.");
		say();
		say('| Trigger | req/s | ceiling req/s | throughput ratio | p99 ms | ceiling p99 ms | executions / accepted (ceiling) |');
		say('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
		for (const { name, ours, ceiling } of throughput) {
			say(`| ${name} | ${fixed(ours.rps, 1)} | ${fixed(ceiling.rps, 1)} | ${fixed(ours.rps / ceiling.rps)}× | ${fixed(ours.p99, 1)} | ${fixed(ceiling.p99, 1)} | ${ceiling.executions} / ${ceiling.accepted} |`);
		}
		say();
		say("### 2c. Forged and duplicate deliveries (target ≥ 0.5× n8n's Webhook node refusing a wrong header secret)");
		say();
		say(`Forged: the same bodies with a wrong secret where the platform sends it (header, URL or Basic pair). Duplicates: one delivery the trigger has already run, sent ${process.env.BENCH_REQUESTS ?? 300} times more. The Webhook node gets the same bodies with a wrong value of its header. Same load, alternating halves.`);
		say();
		say('| Trigger | forged req/s | duplicates req/s | Webhook node, wrong secret req/s | forged ratio | duplicates ratio | forged p99 / Webhook node p99 ms | runs (forged, duplicates) |');
		say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
		for (const { name, forged, duplicates, builtInForged } of throughput) {
			const duplicateCells = duplicates ? [fixed(duplicates.rps, 1), `${fixed(duplicates.rps / builtInForged.rps)}×`] : ['(no memory of deliveries)', ''];
			say(
				`| ${name} | ${fixed(forged.rps, 1)} | ${duplicateCells[0]} | ${fixed(builtInForged.rps, 1)} | ${fixed(forged.rps / builtInForged.rps)}× | ${duplicateCells[1]} | ${fixed(forged.p99, 1)} / ${fixed(builtInForged.p99, 1)} | ${forged.executions}, ${duplicates ? duplicates.executions : '–'} |`,
			);
		}
		say();
	} finally {
		await instance.stop();
		rmSync(instance.userFolder, { recursive: true, force: true });
	}

	const action = await benchAction(runtime, tarball);
	say('## 3. The action node (target ≥ 0.8× a direct keep-alive client; n8n grows < 50 MB)');
	say();
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
	say(`What the node itself keeps alive (its \`execute()\` in n8n-core's execution context, in this process, live heap after a full collection every 250 ms, ${memory.items} items): at most ${fixed(memory.liveGrowthMb, 1)} MB while sending, ${fixed(memory.afterMb, 1)} MB once it has returned (its output items).`);
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

	say('## 4. Cold start (target: the package adds < 100 ms)');
	say();
	const cold = await benchColdStart(runtime, tarball);
	say(`n8n's start until its readiness check answers, median of ${cold.rounds} rounds, the order rotated every round; the empty package has one node that does nothing and no credentials.`);
	say();
	say('| without a community package | with an empty package | with this package | added (vs none) | added (vs the empty package) |');
	say('| ---: | ---: | ---: | ---: | ---: |');
	say(`| ${cold.withoutMs} ms | ${cold.emptyPackageMs} ms | ${cold.withMs} ms | ${cold.addedMs} ms | ${cold.addedOverEmptyMs} ms |`);
	say();

	say('## 5. Queue mode: one webhook process or two');
	say();
	const queue = await benchQueueThroughput(runtime, tarball);
	say(`n8n in queue mode (main, two \`n8n webhook\` processes, one worker, PostgreSQL, Redis) with ${queue.workflows} Kinguin Trigger workflows; valid deliveries spread over the workflows, through nginx routing each path to one of both processes (${queue.pathsPerProcess[0]} and ${queue.pathsPerProcess[1]} paths), and through a second nginx in front of the first process only, in alternating halves. Same load client as section 2.`);
	say();
	say('| webhook processes | req/s | p50 ms | p99 ms | executions / accepted | ratio |');
	say('| ---: | ---: | ---: | ---: | ---: | ---: |');
	say(`| 1 | ${fixed(queue.one.rps, 1)} | ${fixed(queue.one.p50, 1)} | ${fixed(queue.one.p99, 1)} | ${queue.one.executions} / ${queue.one.accepted} | 1.00× |`);
	say(`| 2 | ${fixed(queue.two.rps, 1)} | ${fixed(queue.two.p50, 1)} | ${fixed(queue.two.p99, 1)} | ${queue.two.executions} / ${queue.two.accepted} | ${fixed(queue.two.rps / queue.one.rps)}× |`);
	say();
	const { unrouted } = queue;
	say(`Without routing by path (each webhook process in turn, past nginx, one Kinguin workflow): of ${unrouted.burst} concurrent first deliveries each then repeated at the other process, ${unrouted.burstRanAgain} repeats ran again; of ${unrouted.handOvers} deliveries each repeated at the other process the moment it was answered, ${unrouted.handOversRanAgain}. Through nginx (\`hash $uri consistent\`) the queue-mode tests assert 0 for the same bursts.`);
	say();

	for (const line of deduplicationSection(await deduplicationUnderN8nNode(runtime))) say(line);
	say();

	const analysis = keptAnalysis();
	writeFileSync(RESULTS, `${lines.join('\n').trimEnd()}\n${analysis ? `\n${analysis}` : ''}`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
