import { rmSync, writeFileSync } from 'fs';
import { cpus } from 'os';
import { join } from 'path';

import { ensureRuntime, N8N_VERSION, N8nApi, NODE_VERSION, packProject, startN8n } from '../test/harness';
import { benchAction } from './action';
import { benchColdStart } from './coldStart';
import { benchInProcess } from './inProcess';
import { benchThroughput } from './throughput';

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
	say(`Command: \`npm run bench\` · ${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} · n8n ${N8N_VERSION} on Node ${NODE_VERSION} (in-process part on Node ${process.versions.node})`);
	say();

	say('## 1. In-process cost per delivery (target ≤ 3× the baseline)');
	say();
	say('Baseline: `JSON.parse` of the same body + a constant-time compare of the secret. The trigger: its `webhook()` with a minimal context (n8n\'s own context and expression engine excluded), each delivery distinct so none is de-duplicated.');
	say();
	say('| Trigger | µs / delivery | baseline µs | ratio |');
	say('| --- | ---: | ---: | ---: |');
	for (const result of await benchInProcess()) {
		say(`| ${result.name} | ${fixed(result.nodeMicros)} | ${fixed(result.baselineMicros)} | ${fixed(result.ratio)}× |`);
	}
	say();

	const runtime = await ensureRuntime();
	const tarball = await packProject();
	const instance = await startN8n(runtime, { packages: [tarball] });
	try {
		const api = await N8nApi.connect(instance);

		say('## 2. Through a real n8n (target: throughput ≥ 0.95×, p99 ≤ 1.1× n8n\'s Webhook node)');
		say();
		say(`Each trigger's production URL and n8n's Webhook node (header auth, same No Operation node after it) take the same bodies from a second process over keep-alive connections: ${process.env.BENCH_REQUESTS ?? 300} requests each at concurrency ${process.env.BENCH_CONCURRENCY ?? 8}, in two alternating halves.`);
		say();
		say('| Trigger | req/s | p50 ms | p99 ms | Webhook node req/s | p50 ms | p99 ms | throughput ratio | p99 ratio | executions / accepted |');
		say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
		for (const { name, ours, builtIn } of await benchThroughput(api)) {
			say(
				`| ${name} | ${fixed(ours.rps, 1)} | ${fixed(ours.p50, 1)} | ${fixed(ours.p99, 1)} | ${fixed(builtIn.rps, 1)} | ${fixed(builtIn.p50, 1)} | ${fixed(builtIn.p99, 1)} | ${fixed(ours.rps / builtIn.rps)}× | ${fixed(ours.p99 / builtIn.p99)}× | ${ours.executions} / ${ours.accepted} (Webhook node ${builtIn.executions} / ${builtIn.accepted}) |`,
			);
		}
		say();

		say('## 3. The action node (target ≥ 0.8× a direct keep-alive client; n8n grows < 50 MB)');
		say();
		const action = await benchAction(instance, api);
		say(`${action.items} stock updates from one execution (Webhook → Code → sender), concurrency 4, to the same local supplier API server; rate measured at the server between the first and the last update.`);
		say();
		say('| sender | updates/s | ratio to the direct client | node run (s) | n8n RSS growth (MB) | received |');
		say('| --- | ---: | ---: | ---: | ---: | ---: |');
		for (const [name, run] of [['Supplier Marketplace node', action.node], ["n8n's HTTP Request node", action.httpRequestNode]] as const) {
			say(`| ${name} | ${fixed(run.rate, 0)} | ${fixed(run.rate / action.directRate)}× | ${fixed(run.seconds, 1)} | ${fixed(run.memoryGrowthMb, 1)} | ${run.delivered} |`);
		}
		say(`| direct keep-alive client | ${fixed(action.directRate, 0)} | 1.00× | | | ${action.items} |`);
		say();
	} finally {
		await instance.stop();
		rmSync(instance.userFolder, { recursive: true, force: true });
	}

	say('## 4. Cold start (target: the package adds < 100 ms)');
	say();
	const cold = await benchColdStart(runtime, tarball);
	say('| n8n start → ready, without the package | with it | added |');
	say('| ---: | ---: | ---: |');
	say(`| ${cold.withoutMs} ms | ${cold.withMs} ms | ${cold.addedMs} ms |`);
	say();

	writeFileSync(join(__dirname, 'RESULTS.md'), `${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
