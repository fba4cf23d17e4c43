import { readFileSync } from 'fs';

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

/**
 * Where the triggers' memory of deliveries is written in queue mode: by the webhook processes that ran the
 * triggers (n8n saves static data after each webhook request), never by the worker. What a repeat at the
 * other process meets is measured by the bench (bench/queueThroughput.ts).
 */
export function staticDataInQueueMode(cluster: () => QueueCluster): void {
	describe('static data in queue mode', () => {
		it('is written by the webhook processes, never by the worker', () => {
			const writes = staticDataWrites(cluster().n8n.postgres.logFile);
			process.stderr.write(`[queue] static-data writes by process: ${JSON.stringify(writes)}\n`);
			expect(writes['n8n-worker']).toBeUndefined();
			expect(writes['n8n-webhook-1']).toBeGreaterThan(0);
			expect(writes['n8n-webhook-2']).toBeGreaterThan(0);
		});
	});
}
