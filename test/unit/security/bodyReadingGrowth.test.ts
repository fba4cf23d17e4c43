import fc from 'fast-check';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

import { ADVERSARIAL_SHAPES } from '../../../dev/fixtures/adversarialBodies';
import type { AdversarialShape } from '../../../dev/fixtures/adversarialBodies';
import { readJsonBody } from '../../../nodes/shared/inbound/body';

/**
 * The one timing test of the package (issue 26): reading a body takes time linear in its size, whatever it holds.
 * Each shape is read at 62.5 KB and at 1 MB; a linear reader takes 16 times as long, and the test fails above 20.
 *
 * What makes it hold on a busy machine:
 * - CPU time of this process, not wall time: other processes running do not count.
 * - Garbage is collected before every timed read, and each 62.5 KB sample reads 16 different bodies (1 MiB in
 *   all), so neither size inherits the other's garbage or finds its text in a warm cache.
 * - Medians of 7 samples, after a warm-up.
 * - A baseline in the same run: n8n's own reading of the same bytes, which copies them to text, and the text
 *   once more, then JSON.parse. V8 keeps strings over 128 KiB in its large-object space, whose fresh pages cost
 *   several times more per byte than the young generation where 64 KiB strings live: on a virtual machine even
 *   Buffer.toString grows 50–80 times from 64 KiB to 1 MiB. When the baseline, or that decoding alone (which is
 *   all a reader that refuses a body early does), grows by more than 16, the bound grows with it; the ratio
 *   compared with 20 is ours divided by that.
 * - A reader that is already three times more than linear at 256 KiB fails there, rather than spending minutes
 *   at 1 MiB (the quadratic reader this replaced took about 6 minutes).
 */

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options: { type: 'minor' }) => void;
/** A scavenge empties the young generation and the new large objects; a full collection of Jest's heap would take longer than the reads. */
const collectGarbage = () => gc({ type: 'minor' });

/**
 * 1 MB and a sixteenth of it, decimal: Node turns a buffer of plain ASCII larger than 1,031,913 bytes into an
 * external string, which V8 reads by other paths than the heap strings of the smaller size.
 */
const LARGE = 1_000_000;
const SMALL = LARGE / 16;
const RUNG = LARGE / 4;
const LINEAR_GROWTH = LARGE / SMALL;
const MAX_GROWTH = 20;
/** The slowest shape costs ~6 times the baseline at any size; the quadratic reader cost 10,000 times at 250 KB. */
const MAX_COST_AT_RUNG = 100;
const SAMPLES = 7;
/** A small sample stops early once it took this long: one slow read is then measurement enough. */
const SAMPLE_BUDGET_MICROS = 1_000_000;

type Reader = (body: Buffer) => Promise<unknown>;

const ours: Reader = async (body) => await readJsonBody({ rawBody: body }, 2 * LARGE);
const decoding: Reader = async (body) => body.toString('utf8');
const baseline: Reader = async (body) => {
	try {
		return JSON.parse(`${body.toString('utf8')} `);
	} catch {
		return undefined;
	}
};

function cpuMicros(): number {
	const { user, system } = process.cpuUsage();
	return user + system;
}

/** CPU time per body, reading `bodies` one after the other from clean garbage. */
async function timePerBody(read: Reader, bodies: Buffer[]): Promise<number> {
	collectGarbage();
	const start = cpuMicros();
	let read_ = 0;
	while (read_ < bodies.length && (read_ === 0 || cpuMicros() - start < SAMPLE_BUDGET_MICROS)) await read(bodies[read_++]);
	return (cpuMicros() - start) / read_;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function medianPerBody(read: Reader, bodies: Buffer[]): Promise<number> {
	const samples: number[] = [];
	for (let sample = 0; sample < SAMPLES; sample++) samples.push(await timePerBody(read, bodies));
	return median(samples);
}

interface Growth {
	ours: number;
	baseline: number;
	decoding: number;
	/** What reading 250 KB costs, in times the baseline's reading of the same bytes. */
	rungCost: number;
	/** Ours, with the bound scaled by the baseline's (or the decoding's) growth beyond linear. */
	ratio: number;
}

/**
 * A noisy neighbour (another process, a collection) can only ever make one measurement look worse, while a
 * superlinear reader is over the bound in every one: so a shape over it is measured again, up to 3 times, and
 * the best measurement counts.
 */
async function settledGrowthOf(shape: AdversarialShape): Promise<Growth> {
	let best = await growthOf(shape);
	for (let again = 0; again < 2 && best.ratio > MAX_GROWTH && Number.isFinite(best.ratio); again++) {
		const next = await growthOf(shape);
		if (next.ratio < best.ratio) best = next;
	}
	return best;
}

async function growthOf(shape: AdversarialShape): Promise<Growth> {
	// different bodies of the same shape: trailing spaces never change what a shape is
	const small = Array.from({ length: LINEAR_GROWTH }, (_, index) => Buffer.from(shape.build(SMALL - index) + ' '.repeat(index)));
	const large = [Buffer.from(shape.build(LARGE))];
	await timePerBody(ours, small.slice(0, 2));
	await timePerBody(baseline, small.slice(0, 2));
	const oursSmall = await medianPerBody(ours, small);
	const baselineSmall = await medianPerBody(baseline, small);
	const decodingSmall = await medianPerBody(decoding, small);

	const rung = [Buffer.from(shape.build(RUNG))];
	const rungCost = (await timePerBody(ours, rung)) / (await timePerBody(baseline, rung));
	if (rungCost > MAX_COST_AT_RUNG) return { ours: Number.NaN, baseline: Number.NaN, decoding: Number.NaN, rungCost, ratio: Number.POSITIVE_INFINITY };

	const oursLarge = await medianPerBody(ours, large);
	const baselineLarge = await medianPerBody(baseline, large);
	const decodingLarge = await medianPerBody(decoding, large);
	const growth = { ours: oursLarge / oursSmall, baseline: baselineLarge / baselineSmall, decoding: decodingLarge / decodingSmall, rungCost };
	return { ...growth, ratio: growth.ours / Math.max(1, growth.baseline / LINEAR_GROWTH, growth.decoding / LINEAR_GROWTH) };
}

const ATOMS = ['\\"', '\\\\', '"', '1234567890123456', '12345678901234567890', '-', '.', 'e', ',', ':', '[', ']', '{', '}', ' ', '\n', '__proto__', '\\u005f', 'x'];
const PREFIXES = ['[', '{"a":', '[12345678901234567890,"', '{"id":1234567890123456,"note":"'];

const composedShape: fc.Arbitrary<AdversarialShape> = fc
	.tuple(fc.constantFrom(...PREFIXES), fc.array(fc.constantFrom(...ATOMS), { minLength: 1, maxLength: 6 }))
	.map(([prefix, atoms]) => {
		const unit = atoms.join('');
		return { name: `${prefix}(${unit})…`, build: (bytes: number) => prefix + unit.repeat(Math.max(1, Math.floor((bytes - prefix.length) / unit.length))) };
	});

describe('reading a body takes time linear in its size', () => {
	it.each(ADVERSARIAL_SHAPES.map((shape) => [shape.name, shape] as const))('%s: 1 MB takes at most 20 times as long as 62.5 KB', async (_name, shape) => {
		const growth = await settledGrowthOf(shape);
		expect({ shape: shape.name, ...growth, withinBound: growth.ratio <= MAX_GROWTH }).toEqual({ shape: shape.name, ...growth, withinBound: true });
	});

	it('holds for shapes composed of escapes, quotes, digits, brackets, separators and prototype keys', async () => {
		await fc.assert(
			fc.asyncProperty(composedShape, async (shape) => {
				const growth = await settledGrowthOf(shape);
				if (growth.ratio > MAX_GROWTH) throw new Error(`${shape.name} grew ${growth.ours.toFixed(1)}× (baseline ${growth.baseline.toFixed(1)}×): ratio ${growth.ratio.toFixed(1)} > ${MAX_GROWTH}`);
			}),
			{ numRuns: 4 },
		);
	});
});
