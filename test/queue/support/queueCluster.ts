import { readFileSync } from 'fs';

import { emittedItems, N8nApi } from '../../../dev/n8n';
import type { Delivery, Execution, TriggerWorkflow } from '../../../dev/n8n';
import { nginxServerFor } from '../../../dev/n8n/nginxHash';
import type { NginxAccess } from '../../../dev/n8n/nginx';
import type { QueueModeN8n } from '../../../dev/n8n/queueMode';

/**
 * How the queue-mode scenarios reach the n8n under test: its main's API, nginx in front of the two
 * webhook processes (n8n's public URL: the URLs registered with the platforms point at it), and each
 * webhook process past nginx, for what happens when a delivery reaches the other process.
 */
export interface QueueCluster {
	n8n: QueueModeN8n;
	api: N8nApi;
	/** The production URL of `workflow`, at nginx. */
	webhookUrl(workflow: TriggerWorkflow): string;
	/** POSTs a delivery to `workflow` through nginx, as a platform does. */
	deliver(workflow: TriggerWorkflow, body: string | object, headers?: Record<string, string>): Promise<Delivery>;
	/** The webhook process (0 or 1) nginx passes `workflow`'s production path to, computed as nginx hashes it. */
	processFor(workflow: TriggerWorkflow): number;
	/**
	 * A workflow from `make` (a new webhook id each call) whose path nginx passes to webhook process `index`, so
	 * that a scenario needing both processes does not depend on where random paths hash.
	 */
	workflowAt(index: number, make: () => TriggerWorkflow): TriggerWorkflow;
	/**
	 * The webhook process (0 or 1) nginx passed `url`'s path to, by its access log; throws unless exactly one.
	 * nginx logs a request after it has sent the answer, so this waits for the line to be written.
	 */
	processServing(url: string): Promise<number>;
	/** `url` (at nginx) sent past nginx to webhook process `index % 2`, as a balancer that does not route by path may. */
	atProcess(index: number, url: string): string;
	/** `url` (at nginx) sent past nginx to the webhook process nginx does not route it to: where nginx fails over to. */
	atOtherProcess(url: string): Promise<string>;
	/** Webhook requests nginx answered so far, counted by the webhook process that answered them, once at least `atLeast` are logged. */
	requestsPerProcess(atLeast?: number): Promise<[number, number]>;
	/**
	 * Waits until every running webhook process answers n8n's readiness check, which fails while its database
	 * connection is down (when n8n answers requests 503 "Database is not ready").
	 */
	webhookProcessesReady(): Promise<void>;
	/** Waits until the workflow has `count` finished executions; returns them after checking the worker ran each. */
	executionsRunByWorker(workflowId: string, count: number): Promise<Execution[]>;
	/** Reconnects the API after the main restarted. */
	reconnect(): Promise<void>;
}

/** What `read` returns once it holds at least `count` lines, read again every 25 ms for up to 5 s. */
async function loggedAccesses(read: () => NginxAccess[], count: number): Promise<NginxAccess[]> {
	const deadline = Date.now() + 5_000;
	for (;;) {
		const accesses = read();
		if (accesses.length >= count || Date.now() > deadline) return accesses;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

/** Whether n8n at `baseUrl` answers its readiness check. */
function ready(baseUrl: string): Promise<boolean> {
	return fetch(`${baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(5_000) }).then(
		(response) => response.ok,
		() => false,
	);
}

export async function queueCluster(n8n: QueueModeN8n): Promise<QueueCluster> {
	// one check at a time, however many deliveries wait for it
	let readiness: Promise<void> | undefined;
	const allReady = async () => {
		const running = n8n.webhooks.filter(({ process }) => process.exitCode === null && process.signalCode === null);
		for (const deadline = Date.now() + 60_000; ; ) {
			if ((await Promise.all(running.map(({ baseUrl }) => ready(baseUrl)))).every(Boolean)) return;
			if (Date.now() > deadline) throw new Error('a webhook process did not answer its readiness check within 60 s');
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	};
	// the upstream servers as nginx's configuration writes them, in its order (dev/n8n/nginx.ts)
	const webhookServers = n8n.webhooks.map((instance) => `127.0.0.1:${instance.port}`);
	const processByAddress = new Map(webhookServers.map((address, index) => [address, index]));
	const webhookAccesses = () => n8n.nginx.accesses().filter((access) => access.path.startsWith('/webhook/'));
	const cluster: QueueCluster = {
		n8n,
		api: await N8nApi.connect(n8n.main),
		webhookUrl: (workflow) => `${n8n.nginx.baseUrl}/webhook/${workflow.webhookPath}`,
		processFor: (workflow) => nginxServerFor(`/webhook/${workflow.webhookPath}`, webhookServers),
		workflowAt: (index, make) => {
			// each try lands on either process with even odds: 64 misses in a row would be one in 2^64
			for (let attempt = 0; attempt < 64; attempt++) {
				const workflow = make();
				if (cluster.processFor(workflow) === index % 2) return workflow;
			}
			throw new Error(`no webhook path of 64 lands on webhook process ${index % 2}`);
		},
		deliver: (workflow, body, headers = {}) => cluster.api.deliver(cluster.webhookUrl(workflow), body, headers),
		processServing: async (url) => {
			const { pathname } = new URL(url);
			const logged = await loggedAccesses(() => webhookAccesses().filter((access) => access.path === pathname), 1);
			const answered = new Set(logged.map((access) => processByAddress.get(access.upstreams[access.upstreams.length - 1])));
			if (answered.size !== 1) throw new Error(`nginx passed ${pathname} to ${answered.size} webhook processes`);
			return [...answered][0]!;
		},
		atProcess: (index, url) => {
			const routed = new URL(url);
			routed.port = String(n8n.webhooks[index % 2].port);
			return routed.toString();
		},
		atOtherProcess: async (url) => cluster.atProcess(1 - (await cluster.processServing(url)), url),
		requestsPerProcess: async (atLeast = 0) => {
			const counts: [number, number] = [0, 0];
			for (const access of await loggedAccesses(webhookAccesses, atLeast)) {
				const index = processByAddress.get(access.upstreams[access.upstreams.length - 1]);
				if (index !== undefined) counts[index]++;
			}
			return counts;
		},
		webhookProcessesReady: () =>
			(readiness ??= allReady().finally(() => {
				readiness = undefined;
			})),
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
