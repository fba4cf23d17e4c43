import { readFileSync } from 'fs';

import { triggerWorkflow } from '../../../dev/n8n';
import type { TriggerWorkflow } from '../../../dev/n8n';
import { KINGUIN_SECRET, kinguinHeaders, productUpdate } from '../../../dev/fixtures/kinguin';
import type { QueueCluster } from '../support/queueCluster';

/** Static-data writes by process, from PostgreSQL's statement log (each process names its sessions). */
function staticDataWrites(logFile: string): Record<string, number> {
	const writes: Record<string, number> = {};
	for (const line of readFileSync(logFile, 'utf8').split('\n')) {
		const match = /^\[(n8n-[\w-]+)\] .*UPDATE "public"\."workflow_entity" SET "staticData"/.exec(line);
		if (match) writes[match[1]] = (writes[match[1]] ?? 0) + 1;
	}
	return writes;
}

/** The session name each webhook process gives PostgreSQL, by its index behind nginx. */
const PROCESS_NAMES = ['n8n-webhook-1', 'n8n-webhook-2'];

/**
 * Where the triggers' memory of deliveries is written in queue mode: by the webhook process that ran the trigger
 * (n8n saves static data after each webhook request), never by the worker. One workflow per webhook process, its
 * path chosen as nginx hashes it, so both processes serve a delivery whatever paths other scenarios drew. What a
 * repeat at the other process meets is measured by the bench (bench/queueThroughput.ts).
 */
export function staticDataInQueueMode(cluster: () => QueueCluster): void {
	describe('static data in queue mode', () => {
		const workflows: Array<{ workflow: TriggerWorkflow; id: string }> = [];

		beforeAll(async () => {
			const { api } = cluster();
			const credential = await api.createCredential('Kinguin static data queue', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
			for (const index of [0, 1]) {
				const workflow = cluster().workflowAt(index, () =>
					triggerWorkflow({ node: 'kinguinTrigger', parameters: { events: ['product.update'] }, credentials: { kinguinWebhookApi: credential } }),
				);
				const id = await api.createWorkflow(workflow.definition);
				await api.activate(id);
				workflows.push({ workflow, id });
			}
		});

		afterAll(async () => {
			for (const { id } of workflows) await cluster().api.deactivate(id);
		});

		it('is written by the webhook process that served the delivery, never by the worker', async () => {
			const { deliver, executionsRunByWorker, processServing, webhookUrl } = cluster();
			for (const [index, { workflow, id }] of workflows.entries()) {
				expect((await deliver(workflow, productUpdate(8000 + index, '2025-03-01T00:00:00.000+00:00'), kinguinHeaders('product.update'))).status).toBe(204);
				expect(await processServing(webhookUrl(workflow))).toBe(index);
				await executionsRunByWorker(id, 1);
			}
			const writes = staticDataWrites(cluster().n8n.postgres.logFile);
			process.stderr.write(`[queue] static-data writes by process: ${JSON.stringify(writes)}\n`);
			expect(writes['n8n-worker']).toBeUndefined();
			for (const name of PROCESS_NAMES) expect({ name, written: (writes[name] ?? 0) > 0 }).toEqual({ name, written: true });
		});
	});
}
