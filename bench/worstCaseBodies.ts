import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

import { ADVERSARIAL_SHAPES } from '../dev/fixtures/adversarialBodies';
import { MAX_BODY_BYTES, readJsonBody } from '../nodes/shared/inbound/body';
import { median } from './median';

/**
 * Section 1b: every adversarial shape (dev/fixtures/adversarialBodies.ts) as a body of at most 1 MiB, read by the
 * triggers' reader (`readJsonBody`: decode, nesting, JSON.parse, long integers, `__proto__` keys) against
 * `JSON.parse` of the same bytes, decoded as n8n decodes them. CPU time of this process, each read from a
 * collected young generation, the two taking turns; a shape's ratio is the median of the rounds' ratios.
 */

const ROUNDS = Number(process.env.BENCH_WORST_CASE_ROUNDS ?? 15);
const WARM_UP = 3;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options: { type: 'minor' }) => void;

export interface WorstCaseResult {
	name: string;
	bytes: number;
	/** Whether the body is JSON at all (JSON.parse refuses the others, some at their first byte). */
	json: boolean;
	jsonParseMs: number;
	readerMs: number;
	/** Median over the rounds of the reader's time / JSON.parse's time in the same round. */
	ratio: number;
	/** The largest of the rounds' ratios. */
	worstRatio: number;
	node: string;
}

function cpuMs(): number {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
}

async function timed(read: () => unknown): Promise<number> {
	gc({ type: 'minor' });
	const start = cpuMs();
	await read();
	return cpuMs() - start;
}

function jsonParse(raw: Buffer): unknown {
	try {
		return JSON.parse(raw.toString('utf8'));
	} catch {
		return undefined;
	}
}

async function measureShape(name: string, raw: Buffer): Promise<WorstCaseResult> {
	const baseline = () => jsonParse(raw);
	const reader = () => readJsonBody({ rawBody: raw });
	for (let round = 0; round < WARM_UP; round++) {
		await timed(baseline);
		await timed(reader);
	}
	const rounds: Array<{ baseline: number; reader: number }> = [];
	for (let round = 0; round < ROUNDS; round++) {
		// the order turns every round, so that neither always reads after the other's garbage
		const first = round % 2 === 0 ? await timed(baseline) : await timed(reader);
		const second = round % 2 === 0 ? await timed(reader) : await timed(baseline);
		rounds.push(round % 2 === 0 ? { baseline: first, reader: second } : { baseline: second, reader: first });
	}
	// CPU time counts in steps of a few microseconds: a read of almost nothing is taken as one step
	const ratios = rounds.map((round) => Math.max(round.reader, 0.001) / Math.max(round.baseline, 0.001));
	return {
		name,
		bytes: raw.length,
		json: jsonParse(raw) !== undefined,
		jsonParseMs: median(rounds.map((round) => round.baseline)),
		readerMs: median(rounds.map((round) => round.reader)),
		ratio: median(ratios),
		worstRatio: Math.max(...ratios),
		node: process.versions.node,
	};
}

export async function benchWorstCaseBodies(): Promise<WorstCaseResult[]> {
	const results: WorstCaseResult[] = [];
	for (const shape of ADVERSARIAL_SHAPES) results.push(await measureShape(shape.name, Buffer.from(shape.build(MAX_BODY_BYTES))));
	return results;
}

/** Section 1b of bench/RESULTS.md. */
export function worstCaseBodiesSection(results: WorstCaseResult[]): string[] {
	const fixed = (value: number) => value.toFixed(2);
	const worst = results.reduce((slowest, result) => (result.ratio > slowest.ratio ? result : slowest));
	return [
		'### 1b. Worst-case bodies of 1 MiB (target: reading ≤ 10× `JSON.parse` of the same bytes)',
		'',
		`Every shape of dev/fixtures/adversarialBodies.ts as a body of at most 1 MiB (${MAX_BODY_BYTES.toLocaleString('en-US')} bytes), read by the triggers' reader (\`readJsonBody\`: the bytes decoded, JSON.parse, the nesting, integers beyond 2^53, \`__proto__\` keys) and by \`JSON.parse\` of the same bytes decoded as n8n decodes them. CPU time, each read after a collection of the young generation, the two taking turns in ${ROUNDS} rounds; the ratio is the median of the rounds' ratios, the worst round beside it. On Node ${results[0]?.node ?? process.versions.node}, as n8n runs.`,
		'',
		'| Body | bytes | JSON | JSON.parse ms | reader ms | ratio | worst round |',
		'| --- | ---: | :---: | ---: | ---: | ---: | ---: |',
		...results.map(
			(result) =>
				`| ${result.name} | ${result.bytes.toLocaleString('en-US')} | ${result.json ? 'yes' : 'no'} | ${fixed(result.jsonParseMs)} | ${fixed(result.readerMs)} | ${fixed(result.ratio)}× | ${fixed(result.worstRatio)}× |`,
		),
		'',
		`Slowest against JSON.parse: ${worst.name}, ${fixed(worst.ratio)}×.`,
	];
}

/** Run directly (`--json` for bench/run.ts, which starts it under n8n's Node), or imported. */
if (require.main === module) {
	void benchWorstCaseBodies().then((results) => {
		if (process.argv.includes('--json')) {
			process.stdout.write(`${JSON.stringify(results)}\n`);
			return;
		}
		for (const result of results) {
			console.log(
				`${result.name}: ${result.readerMs.toFixed(2)} ms vs JSON.parse ${result.jsonParseMs.toFixed(2)} ms = ${result.ratio.toFixed(2)}× (worst round ${result.worstRatio.toFixed(2)}×)${result.json ? '' : ', not JSON'}`,
			);
		}
	});
}
