import { rmSync } from 'fs';
import { join } from 'path';

import { ensureRuntime, N8nApi, packProject } from '../dev/n8n';
import { startSupplierApi } from '../dev/mocks/supplierApi';
import { inFreshN8n, supplierNode } from './action';
import { packCommit } from './commitTree';
import { median } from './median';

/**
 * `tsx bench/actionAgainstCommit.ts <commit> [rounds]`: the Supplier Marketplace node of this tree against the
 * same node built from `<commit>`, the same 10,000 updates (section 3's workflow) to the same server, in a fresh
 * n8n each, in alternating order round after round (old–new, new–old, …), so a noisy minute weighs on both.
 * Prints each round and the ratio of the medians: what a change cost the action's rate.
 */
async function main(): Promise<void> {
	const [commit, roundsArgument] = process.argv.slice(2);
	if (!commit) throw new Error('usage: tsx bench/actionAgainstCommit.ts <commit> [rounds]');
	const rounds = Number(roundsArgument ?? 3);
	const runtime = await ensureRuntime();
	const tarballs = { baseline: await packCommit(commit), current: await packProject() };
	const rates: Record<keyof typeof tarballs, number[]> = { baseline: [], current: [] };
	const supplier = await startSupplierApi();
	try {
		for (let round = 0; round < rounds; round++) {
			const order: Array<keyof typeof tarballs> = round % 2 ? ['current', 'baseline'] : ['baseline', 'current'];
			for (const side of order) {
				const result = await inFreshN8n(runtime, tarballs[side], supplier, async (api: N8nApi) =>
					supplierNode(await api.createCredential('bench supplier api', 'supplierMarketplaceApi', { apiUrl: supplier.apiUrl, apiToken: supplier.token })),
				);
				rates[side].push(result.rate);
				process.stdout.write(`round ${round + 1} ${side}: ${result.rate.toFixed(0)} updates/s, ${result.delivered} received\n`);
			}
		}
	} finally {
		await supplier.close();
		for (const tarball of Object.values(tarballs)) rmSync(join(tarball, '..'), { recursive: true, force: true });
	}
	const baseline = median(rates.baseline);
	const current = median(rates.current);
	process.stdout.write(`median of ${rounds} rounds: ${commit} ${baseline.toFixed(0)} updates/s, this tree ${current.toFixed(0)} updates/s: ${(current / baseline).toFixed(2)}×\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
