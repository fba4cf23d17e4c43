import { readFileSync } from 'fs';
import { Agent, request } from 'http';
import { randomUUID } from 'crypto';

import type { N8nApi, N8nInstance } from '../test/harness';
import { PACKAGE_NAME } from '../test/harness';
import { startSupplierApi } from '../test/mocks/supplierApi';

const ITEMS = Number(process.env.BENCH_ACTION_ITEMS ?? 10_000);
const CONCURRENCY = 4;

export interface ActionResult {
	items: number;
	nodeRate: number;
	directRate: number;
	ratio: number;
	nodeSeconds: number;
	memoryGrowthMb: number;
	delivered: number;
}

function rssMb(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** The same bodies from a plain keep-alive client at the same concurrency: what the network and the server allow. */
async function postDirectly(url: string, token: string, bodies: string[]): Promise<number> {
	const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
	let next = 0;
	const send = (body: string) =>
		new Promise<void>((resolve, reject) => {
			const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
				res.resume();
				res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`direct post answered ${res.statusCode}`))));
			});
			req.on('error', reject);
			req.end(body);
		});
	const started = Date.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < bodies.length) await send(bodies[next++]);
		}),
	);
	agent.destroy();
	return (bodies.length / (Date.now() - started)) * 1000;
}

/**
 * One execution posts ITEMS stock updates through the Supplier Marketplace node: a Webhook node starts
 * the workflow, a Code node makes the items, the action node sends them with Concurrency 4.
 */
export async function benchAction(instance: N8nInstance, api: N8nApi): Promise<ActionResult> {
	const supplier = await startSupplierApi();
	try {
		const credential = await api.createCredential('bench supplier api', 'supplierMarketplaceApi', { apiUrl: supplier.apiUrl, apiToken: supplier.token });
		const path = `bench-action-${randomUUID()}`;
		const workflowId = await api.createWorkflow({
			name: 'bench action node',
			nodes: [
				{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'noData', options: {} } },
				{
					id: randomUUID(),
					name: 'Make Items',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [200, 0],
					parameters: { jsCode: `return Array.from({ length: ${ITEMS} }, (_, i) => ({ json: { productId: 'P' + i, size: 'M', count: (i % 5) + 1 } }));` },
				},
				{
					id: randomUUID(),
					name: 'Send',
					type: `${PACKAGE_NAME}.supplierMarketplace`,
					typeVersion: 1,
					position: [400, 0],
					parameters: {
						operation: 'receipts',
						supplierProductId: '={{ $json.productId }}',
						sizesSource: 'fields',
						sizes: { size: [{ value: '={{ $json.size }}', count: '={{ $json.count }}' }] },
						options: { concurrency: CONCURRENCY },
					},
					credentials: { supplierMarketplaceApi: credential },
				},
			],
			connections: { Start: { main: [[{ node: 'Make Items', type: 'main', index: 0 }]] }, 'Make Items': { main: [[{ node: 'Send', type: 'main', index: 0 }]] } },
		});
		await api.activate(workflowId);

		const pid = instance.process.pid!;
		const baseline = rssMb(pid);
		let peak = baseline;
		const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
		const response = await fetch(`${instance.baseUrl}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		clearInterval(sampler);
		if (!response.ok) throw new Error(`the action workflow answered ${response.status}: ${await response.text()}`);
		await api.deactivate(workflowId);

		const arrivals = supplier.requests.filter((entry) => entry.status === 200).map((entry) => entry.at);
		const sendingMs = Math.max(1, Math.max(...arrivals) - Math.min(...arrivals));
		const nodeRate = (arrivals.length / sendingMs) * 1000;
		const [execution] = await api.executions(workflowId, { includeData: true });
		const runs = (execution.data?.resultData.runData.Send ?? []) as Array<{ executionTime?: number }>;
		const delivered = supplier.received.length;
		const bodies = supplier.received.map((entry) => JSON.stringify(entry.body));
		const directRate = await postDirectly(supplier.apiUrl, supplier.token, bodies);
		return {
			items: ITEMS,
			delivered,
			nodeRate,
			directRate,
			ratio: nodeRate / directRate,
			nodeSeconds: (runs[0]?.executionTime ?? 0) / 1000,
			memoryGrowthMb: peak - baseline,
		};
	} finally {
		await supplier.close();
	}
}
