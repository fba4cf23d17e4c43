import { rmSync } from 'fs';

import type { N8nRuntime } from '../dev/n8n';
import { startN8n } from '../dev/n8n';
import { packEmptyPackage } from './emptyPackage';

const ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 7);

export interface ColdStartResult {
	rounds: number;
	withoutMs: number;
	emptyPackageMs: number;
	withMs: number;
	/** This package's start minus n8n's start without any community package. */
	addedMs: number;
	/** This package's start minus the start with an empty community package: what is this package's own. */
	addedOverEmptyMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * n8n's start until ready: without a community package, with an empty one, and with this package,
 * rotating the order every round so drift and caches hit all three alike.
 */
export async function benchColdStart(runtime: N8nRuntime, tarball: string): Promise<ColdStartResult> {
	const empty = await packEmptyPackage();
	const variants: Array<{ packages: string[]; times: number[] }> = [
		{ packages: [], times: [] },
		{ packages: [empty], times: [] },
		{ packages: [tarball], times: [] },
	];
	for (let round = 0; round < ROUNDS; round++) {
		for (let step = 0; step < variants.length; step++) {
			const variant = variants[(round + step) % variants.length];
			const instance = await startN8n(runtime, { packages: variant.packages });
			variant.times.push(instance.readyMs);
			await instance.stop();
			rmSync(instance.userFolder, { recursive: true, force: true });
		}
	}
	const [withoutMs, emptyPackageMs, withMs] = variants.map((variant) => median(variant.times));
	return { rounds: ROUNDS, withoutMs, emptyPackageMs, withMs, addedMs: withMs - withoutMs, addedOverEmptyMs: withMs - emptyPackageMs };
}
