import { readdirSync, readFileSync, rmSync } from 'fs';

import type { N8nRuntime } from '../dev/n8n';
import { N8N_VERSION, N8nApi, startN8n, triggerWorkflow } from '../dev/n8n';
import { KINGUIN_SECRET, kinguinHeaders, productUpdate } from '../dev/fixtures/kinguin';
import { MAX_BODY_BYTES } from '../nodes/shared/inbound/body';
import { median } from './median';

/**
 * Section 1c: through a real n8n, what a body full of the values that need the reader's care costs against a body
 * of the same size without them. The Kinguin Trigger (whose documented content type, `aplication/json`, n8n
 * leaves to the node) takes a product update carrying a 1 MiB field; each pair holds the same values once
 * written the hard way and once plainly, padded with spaces to the same bytes. One request at a time, each
 * answered and its execution finished before the next; the two take turns, and a pair's ratio is the median
 * of the rounds' ratios of their median answer times. Beside it, the CPU time n8n's process spent from each
 * request to its answer (every thread, from /proc): what other processes on the machine do not change.
 */

const ROUNDS = Number(process.env.BENCH_HOSTILE_ROUNDS ?? 7);
const PER_ROUND = 5;
const WARM_UP = 2;
/** The body's size: the product update, its field and the padding, within the triggers' limit. */
const BODY_BYTES = MAX_BODY_BYTES - 4096;

interface Pair {
	name: string;
	/** The largest of the two sides' units: both hold as many. */
	unitBytes: number;
	/** The field's value with `times` units, written the hard way and plainly. */
	hard: (times: number) => string;
	plain: (times: number) => string;
}

const inArray = (unit: string, end = '0') => (times: number) => `[${unit.repeat(times)}${end}]`;
const BEYOND_2_53 = '12345678901234567890';

const PAIRS: Pair[] = [
	{ name: "numbers with one `\\u0041` (the old reviver's trigger) / with one `A`", unitBytes: 2, hard: inArray('1,', '"\\u0041"'), plain: inArray('1,', '"A"') },
	{ name: '`\\u` escapes everywhere / the same text unescaped', unitBytes: 21, hard: inArray('"\\u00e9\\u005f\\u0041",', '""'), plain: inArray('"é_A",', '""') },
	{ name: '`__proto__` keys / the same objects without them', unitBytes: 35, hard: inArray('{"a":1,"__proto__":{"b":2},"c":3},', '{}'), plain: inArray('{"a":1,"c":3},', '{}') },
	{ name: 'integers beyond 2^53 / the same digits as strings', unitBytes: 23, hard: inArray(`${BEYOND_2_53},`), plain: inArray(`"${BEYOND_2_53}",`) },
	{ name: 'one integer of ~1 MiB of digits / the same digits as a string', unitBytes: 1, hard: (times) => '9'.repeat(times), plain: (times) => `"${'9'.repeat(times)}"` },
	{
		name: 'arrays 62 deep in the field (64 levels in all) / as many arrays, 2 deep',
		unitBytes: 186,
		hard: inArray(`${'['.repeat(62)}1${']'.repeat(62)},`),
		plain: inArray(`[${'[],'.repeat(60)}[1]],`),
	},
];

/** A product update for product `kinguinId` with `field` holding `value`, padded with spaces to BODY_BYTES. */
function productWith(kinguinId: number, value: string): string {
	const update = `${productUpdate(kinguinId, '2024-05-01T10:00:00.000+00:00').trim().slice(0, -1)},"field":${value}`;
	return `${update}${' '.repeat(BODY_BYTES - Buffer.byteLength(update) - 1)}}`;
}

/** Both bodies of a pair, of exactly BODY_BYTES, for product `kinguinId`. */
function bodiesOf(pair: Pair, kinguinId: number): { hard: string; plain: string } {
	const times = Math.floor((BODY_BYTES - 512) / pair.unitBytes);
	return { hard: productWith(kinguinId, pair.hard(times)), plain: productWith(kinguinId, pair.plain(times)) };
}

export interface HostilePairResult {
	name: string;
	hardMs: number;
	plainMs: number;
	/** Median over the rounds of the hard bodies' median answer time / the plain ones'. */
	ratio: number;
	rounds: number[];
	/** n8n's CPU time until the answer, median over all deliveries of each side, and their ratio. */
	hardCpuMs: number;
	plainCpuMs: number;
	cpuRatio: number;
	executions: number;
	sent: number;
}

export interface HostileValuesResult {
	bytes: number;
	pairs: HostilePairResult[];
}

async function finishedExecutions(api: N8nApi, workflowId: string): Promise<number> {
	return (await api.executions(workflowId, { includeData: false })).filter((execution) => !['new', 'running'].includes(execution.status)).length;
}

/** CPU time a process has spent so far, all its threads (Linux: /proc/<pid>/task/<tid>/schedstat, in ns). */
function cpuMsOf(pid: number): number {
	let nanoseconds = 0;
	for (const thread of readdirSync(`/proc/${pid}/task`)) {
		try {
			nanoseconds += Number(readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8').split(' ')[0]);
		} catch {
			// a thread that ended meanwhile
		}
	}
	return nanoseconds / 1e6;
}

interface Answer {
	ms: number;
	cpuMs: number;
}

/** Sends one delivery and returns its answer time and n8n's CPU time until then, once its execution has finished too. */
async function answered(api: N8nApi, pid: number, url: string, body: string, workflowId: string, expected: number): Promise<Answer> {
	const cpuBefore = cpuMsOf(pid);
	const started = process.hrtime.bigint();
	const response = await fetch(url, { method: 'POST', headers: kinguinHeaders('product.update', KINGUIN_SECRET), body });
	await response.arrayBuffer();
	const answer = { ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: cpuMsOf(pid) - cpuBefore };
	if (response.status !== 204) throw new Error(`a hostile-values delivery was answered ${response.status}`);
	const deadline = Date.now() + 60_000;
	while ((await finishedExecutions(api, workflowId)) < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
	return answer;
}

async function measurePair(api: N8nApi, pid: number, url: string, workflowId: string, pair: Pair, firstId: number): Promise<HostilePairResult> {
	let sent = await finishedExecutions(api, workflowId);
	const startedWith = sent;
	let kinguinId = firstId;
	const send = async (side: 'hard' | 'plain') => answered(api, pid, url, bodiesOf(pair, kinguinId++)[side], workflowId, ++sent);
	for (let warm = 0; warm < WARM_UP; warm++) {
		await send('hard');
		await send('plain');
	}
	const rounds: number[] = [];
	const answers = { hard: [] as Answer[], plain: [] as Answer[] };
	for (let round = 0; round < ROUNDS; round++) {
		const these = { hard: [] as Answer[], plain: [] as Answer[] };
		for (let request = 0; request < PER_ROUND; request++) {
			// the order turns with every request, so that neither always follows the other's execution
			for (const side of request % 2 === round % 2 ? (['hard', 'plain'] as const) : (['plain', 'hard'] as const)) these[side].push(await send(side));
		}
		rounds.push(median(these.hard.map(({ ms }) => ms)) / median(these.plain.map(({ ms }) => ms)));
		answers.hard.push(...these.hard);
		answers.plain.push(...these.plain);
	}
	const executions = (await finishedExecutions(api, workflowId)) - startedWith;
	const [hardCpuMs, plainCpuMs] = [answers.hard, answers.plain].map((side) => median(side.map(({ cpuMs }) => cpuMs)));
	return {
		name: pair.name,
		hardMs: median(answers.hard.map(({ ms }) => ms)),
		plainMs: median(answers.plain.map(({ ms }) => ms)),
		ratio: median(rounds),
		rounds,
		hardCpuMs,
		plainCpuMs,
		cpuRatio: hardCpuMs / plainCpuMs,
		executions,
		sent: sent - startedWith,
	};
}

/** Every pair through one fresh n8n with this package and a Kinguin Trigger workflow. */
export async function benchHostileValuesThroughN8n(runtime: N8nRuntime, tarball: string): Promise<HostileValuesResult> {
	const instance = await startN8n(runtime, { packages: [tarball] });
	try {
		const api = await N8nApi.connect(instance);
		const credential = await api.createCredential('bench hostile values', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
		const workflow = triggerWorkflow({ node: 'kinguinTrigger', parameters: { events: ['product.update'] }, credentials: { kinguinWebhookApi: credential } });
		const workflowId = await api.createWorkflow(workflow.definition);
		await api.activate(workflowId);
		const url = `${instance.baseUrl}/webhook/${workflow.webhookPath}`;
		const pairs: HostilePairResult[] = [];
		for (const [index, pair] of PAIRS.entries()) pairs.push(await measurePair(api, instance.process.pid!, url, workflowId, pair, 1_000_000 * (index + 1)));
		await api.deactivate(workflowId);
		return { bytes: BODY_BYTES, pairs };
	} finally {
		await instance.stop();
		rmSync(instance.userFolder, { recursive: true, force: true });
	}
}

/** Section 1c of bench/RESULTS.md. */
export function hostileValuesSection({ bytes, pairs }: HostileValuesResult): string[] {
	const fixed = (value: number) => value.toFixed(2);
	return [
		'### 1c. Through a real n8n: hostile values against the same size without them (target ≤ 2×)',
		'',
		`n8n ${N8N_VERSION}'s answer to a Kinguin Trigger delivery (\`aplication/json\`, as Kinguin sends it: n8n leaves the body to the node) of ${bytes.toLocaleString('en-US')} bytes, a product update with one field holding the values; its pair holds the same values written plainly, padded with spaces to the same bytes. One request at a time, each answered (204) and its execution finished before the next, the two taking turns; ${WARM_UP} of each first, unmeasured, then ${ROUNDS} rounds of ${PER_ROUND} each. The ratio is the median of the rounds' ratios of the median answer times, each round's in brackets; the answer times are the medians of all. Beside them, n8n's CPU time from each request to its answer (all its threads, from /proc: what the machine's other processes do not change), medians of all.`,
		'',
		'| Values / the same without them | answer ms | without ms | ratio | n8n CPU ms | without | CPU ratio | executions / deliveries |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...pairs.map(
			(pair) =>
				`| ${pair.name} | ${fixed(pair.hardMs)} | ${fixed(pair.plainMs)} | ${fixed(pair.ratio)}× (${pair.rounds.map(fixed).join(', ')}) | ${fixed(pair.hardCpuMs)} | ${fixed(pair.plainCpuMs)} | ${fixed(pair.cpuRatio)}× | ${pair.executions} / ${pair.sent} |`,
		),
	];
}
