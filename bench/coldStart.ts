import { rmSync } from 'fs';

import type { N8nRuntime } from '../test/harness';
import { startN8n } from '../test/harness';

const ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 3);

export interface ColdStartResult {
	withoutMs: number;
	withMs: number;
	addedMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** n8n's start until ready, without and with this package installed, alternating so drift hits both. */
export async function benchColdStart(runtime: N8nRuntime, tarball: string): Promise<ColdStartResult> {
	const without: number[] = [];
	const withPackage: number[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		for (const packages of [[], [tarball]]) {
			const instance = await startN8n(runtime, { packages });
			(packages.length ? withPackage : without).push(instance.readyMs);
			await instance.stop();
			rmSync(instance.userFolder, { recursive: true, force: true });
		}
	}
	return { withoutMs: median(without), withMs: median(withPackage), addedMs: median(withPackage) - median(without) };
}
