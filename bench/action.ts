import { readFileSync } from 'fs';
import { Agent, request } from 'http';
import { randomUUID } from 'crypto';

import type { N8nApi, N8nInstance } from '../test/harness';
import { PACKAGE_NAME } from '../test/harness';
import { startSupplierApi } from '../test/mocks/supplierApi';

const ITEMS = Number(process.env.BENCH_ACTION_ITEMS ?? 10_000);
const CONCURRENCY = 4;

export interface ActionRun {
	rate: number;
	seconds: number;
	memoryGrowthMb: number;
	delivered: number;
}

export interface ActionResult {
	items: number;
	node: ActionRun;
	httpRequestNode: ActionRun;
	directRate: number;
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

const itemsCode = `return Array.from({ length: ${ITEMS} }, (_, i) => ({ json: { productId: 'P' + i, size: 'M', count: (i % 5) + 1 } }));`;

/** Our node: operation receipts, the size line mapped from each item, Concurrency 4. */
function supplierNode(credential: { id: string; name: string }) {
	return {
		type: `${PACKAGE_NAME}.supplierMarketplace`,
		typeVersion: 1,
		parameters: {
			operation: 'receipts',
			supplierProductId: '={{ $json.productId }}',
			sizesSource: 'fields',
			sizes: { size: [{ value: '={{ $json.size }}', count: '={{ $json.count }}' }] },
			options: { concurrency: CONCURRENCY },
		},
		credentials: { supplierMarketplaceApi: credential },
	};
}

/** n8n's HTTP Request node posting the same body with the same Bearer token, batched to the same concurrency. */
function httpRequestNode(url: string, credential: { id: string; name: string }) {
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ supplierProductId: $json.productId, action: "receipts", sizes: [{ value: $json.size, count: $json.count }] }) }}',
			options: { batching: { batch: { batchSize: CONCURRENCY, batchInterval: 0 } } },
		},
		credentials: { httpHeaderAuth: credential },
	};
}

/** One execution of Webhook → Code (makes ITEMS items) → `sender`; measured at the supplier API and in n8n's RSS. */
async function runSender(
	instance: N8nInstance,
	api: N8nApi,
	supplier: Awaited<ReturnType<typeof startSupplierApi>>,
	sender: { type: string; typeVersion: number; parameters: Record<string, unknown>; credentials: Record<string, { id: string; name: string }> },
): Promise<ActionRun> {
	const firstRequest = supplier.requests.length;
	const firstReceived = supplier.received.length;
	const path = `bench-action-${randomUUID()}`;
	const workflowId = await api.createWorkflow({
		name: `bench ${sender.type}`,
		nodes: [
			{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'noData', options: {} } },
			{ id: randomUUID(), name: 'Make Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: itemsCode } },
			{ id: randomUUID(), name: 'Send', position: [400, 0], ...sender },
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
	if (!response.ok) throw new Error(`the ${sender.type} workflow answered ${response.status}: ${await response.text()}`);
	await api.deactivate(workflowId);

	const arrivals = supplier.requests.slice(firstRequest).filter((entry) => entry.status === 200).map((entry) => entry.at);
	const sendingMs = Math.max(1, Math.max(...arrivals) - Math.min(...arrivals));
	const [execution] = await api.executions(workflowId, { includeData: true });
	const runs = (execution.data?.resultData.runData.Send ?? []) as Array<{ executionTime?: number }>;
	return {
		rate: (arrivals.length / sendingMs) * 1000,
		seconds: (runs[0]?.executionTime ?? 0) / 1000,
		memoryGrowthMb: peak - baseline,
		delivered: supplier.received.length - firstReceived,
	};
}

/**
 * ITEMS stock updates from one execution: through the Supplier Marketplace node, through n8n's HTTP Request
 * node, and from a direct keep-alive client, all to the same server at concurrency 4.
 */
export async function benchAction(instance: N8nInstance, api: N8nApi): Promise<ActionResult> {
	const supplier = await startSupplierApi();
	try {
		const credential = await api.createCredential('bench supplier api', 'supplierMarketplaceApi', { apiUrl: supplier.apiUrl, apiToken: supplier.token });
		const header = await api.createCredential('bench bearer', 'httpHeaderAuth', { name: 'Authorization', value: `Bearer ${supplier.token}` });
		const node = await runSender(instance, api, supplier, supplierNode(credential));
		const bodies = supplier.received.map((entry) => JSON.stringify(entry.body));
		const httpRequest = await runSender(instance, api, supplier, httpRequestNode(supplier.apiUrl, header));
		const directRate = await postDirectly(supplier.apiUrl, supplier.token, bodies);
		return { items: ITEMS, node, httpRequestNode: httpRequest, directRate };
	} finally {
		await supplier.close();
	}
}
