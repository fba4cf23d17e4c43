import { readFileSync } from 'fs';

import { emittedItems, N8nApi } from '../../../dev/n8n';
import type { Delivery, Execution, TriggerWorkflow } from '../../../dev/n8n';
import type { QueueModeN8n } from '../../../dev/n8n/queueMode';

/** How the queue-mode scenarios reach the n8n under test: its main's API and its two webhook processes. */
export interface QueueCluster {
	n8n: QueueModeN8n;
	api: N8nApi;
	/** `url` (a registered webhook URL) as a load balancer would route it to webhook process `index`. */
	at(index: number, url: string): string;
	/** The production URL of `workflow` at webhook process `index`. */
	webhookUrl(index: number, workflow: TriggerWorkflow): string;
	/** POSTs a delivery to webhook process `index`. */
	deliver(index: number, workflow: TriggerWorkflow, body: string | object, headers?: Record<string, string>): Promise<Delivery>;
	/** Waits until the workflow has `count` finished executions; returns them after checking the worker ran each. */
	executionsRunByWorker(workflowId: string, count: number): Promise<Execution[]>;
	/** Reconnects the API after the main restarted. */
	reconnect(): Promise<void>;
}

export async function queueCluster(n8n: QueueModeN8n): Promise<QueueCluster> {
	const cluster: QueueCluster = {
		n8n,
		api: await N8nApi.connect(n8n.main),
		at: (index, url) => {
			const routed = new URL(url);
			routed.port = String(n8n.webhooks[index % 2].port);
			return routed.toString();
		},
		webhookUrl: (index, workflow) => `${n8n.webhooks[index % 2].baseUrl}/webhook/${workflow.webhookPath}`,
		deliver: (index, workflow, body, headers = {}) => cluster.api.deliver(cluster.webhookUrl(index, workflow), body, headers),
		executionsRunByWorker: async (workflowId, count) => {
			const executions = await cluster.api.settledExecutions(workflowId, count, { timeoutMs: 30_000 });
			const workerLog = readFileSync(n8n.worker.logFile, 'utf8');
			for (const execution of executions) {
				expect({ execution: execution.id, status: execution.status }).toEqual({ execution: execution.id, status: 'success' });
				expect(workerLog).toContain(`Worker started execution ${execution.id} `);
			}
			return executions;
		},
		reconnect: async () => {
			cluster.api = await N8nApi.connect(n8n.main);
		},
	};
	return cluster;
}

/** Every item the workflow's node `nodeName` emitted, over all executions, oldest first. */
export function allItems(executions: Execution[], nodeName: string): Array<Record<string, unknown>> {
	return executions.flatMap((execution) => emittedItems(execution, nodeName));
}

/** Orders items by one of their fields: executions are numbered when queued, not in the order deliveries arrived. */
export function byKey(field: string): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
	return (a, b) => String(a[field]).localeCompare(String(b[field]), undefined, { numeric: true });
}
