import { readFileSync } from 'fs';

import { triggerWorkflow } from '../../../dev/n8n';
import type { TriggerWorkflow } from '../../../dev/n8n';
import { KINGUIN_SECRET, kinguinHeaders, productUpdate } from '../../../dev/fixtures/kinguin';
import type { QueueCluster } from '../support/queueCluster';
import { allItems } from '../support/queueCluster';

const BURST = 40;
const UPDATED_AT = '2025-04-01T00:00:00.000+00:00';

/** Static-data writes by process, from PostgreSQL's statement log (each process names its sessions). */
function staticDataWrites(logFile: string): Record<string, number> {
	const writes: Record<string, number> = {};
	for (const line of readFileSync(logFile, 'utf8').split('\n')) {
		const match = /^\[(n8n-[\w-]+)\] .*UPDATE "public"\."workflow_entity" SET "staticData"/.exec(line);
		if (match) writes[match[1]] = (writes[match[1]] ?? 0) + 1;
	}
	return writes;
}

/**
 * What the delivery ledger promises across webhook processes when a path's deliveries reach both (a
 * balancer that does not route by path, which the README advises against), measured: each process answers
 * from its own memory merged with the copy in static data, and n8n saves that copy whole, last writer wins.
 */
export function ledgerAcrossProcesses(cluster: () => QueueCluster): void {
	describe('delivery ledger across two webhook processes', () => {
		let workflow: TriggerWorkflow;
		let workflowId: string;
		// past nginx, straight to each process in turn: what a balancer that does not route by path does
		const deliver = (process: number, kinguinId: number) =>
			cluster().api.deliver(cluster().atProcess(process, cluster().webhookUrl(workflow)), productUpdate(kinguinId, UPDATED_AT), kinguinHeaders('product.update'));

		beforeAll(async () => {
			const { api } = cluster();
			const credential = await api.createCredential('Kinguin ledger queue', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
			workflow = triggerWorkflow({ node: 'kinguinTrigger', parameters: { events: ['product.update'] }, credentials: { kinguinWebhookApi: credential } });
			workflowId = await api.createWorkflow(workflow.definition);
			await api.activate(workflowId);
		});

		afterAll(async () => {
			await cluster().api.deactivate(workflowId);
		});

		it('runs a concurrent burst split over both processes once, and measures how many repeats at the other process run again', async () => {
			const { executionsRunByWorker } = cluster();
			const burst = await Promise.all(Array.from({ length: BURST }, (_, index) => deliver(index, 8000 + index)));
			expect(burst.map((response) => response.status)).toEqual(Array(BURST).fill(204));
			await executionsRunByWorker(workflowId, BURST);

			for (let index = 0; index < BURST; index++) expect((await deliver(index + 1, 8000 + index)).status).toBe(204);
			const executions = await executionsRunByWorker(workflowId, BURST);
			const repeatsRun = executions.length - BURST;
			process.stderr.write(`[queue ledger] burst ${BURST}: repeats at the other process that ran again: ${repeatsRun}\n`);
			// Without the rewrite of overwritten entries half of them ran again (one process's whole share).
			expect(repeatsRun).toBeLessThan(BURST / 4);
		});

		it('measures repeats sent to the other process right after the first delivery was answered, before n8n saved it', async () => {
			const { api, executionsRunByWorker } = cluster();
			const before = (await api.executions(workflowId, { includeData: false })).length;
			const handedOver = 20;
			for (let index = 0; index < handedOver; index++) {
				expect((await deliver(index, 8100 + index)).status).toBe(204);
				expect((await deliver(index + 1, 8100 + index)).status).toBe(204);
			}
			const executions = await executionsRunByWorker(workflowId, before + handedOver);
			const repeatsRun = executions.length - before - handedOver;
			process.stderr.write(`[queue ledger] immediate hand-over ${handedOver}: repeats that ran again: ${repeatsRun}\n`);
			const ran = allItems(executions.slice(-handedOver - repeatsRun), workflow.downstreamName).map((item) => item.kinguinId);
			expect(new Set(ran)).toEqual(new Set(Array.from({ length: handedOver }, (_, index) => 8100 + index)));
			expect(repeatsRun).toBeLessThanOrEqual(handedOver);
		});

		it('leaves static data to the webhook processes: the worker never writes it', () => {
			const writes = staticDataWrites(cluster().n8n.postgres.logFile);
			process.stderr.write(`[queue ledger] static-data writes by process: ${JSON.stringify(writes)}\n`);
			expect(writes['n8n-worker']).toBeUndefined();
			expect(writes['n8n-webhook-1']).toBeGreaterThan(0);
			expect(writes['n8n-webhook-2']).toBeGreaterThan(0);
		});
	});
}
