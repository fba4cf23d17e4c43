import { readFileSync, rmSync } from 'fs';
import { Agent, request } from 'http';
import { randomUUID } from 'crypto';

import type { N8nInstance, N8nRuntime } from '../dev/n8n';
import { N8nApi, PACKAGE_NAME, startN8n } from '../dev/n8n';
import { startSupplierApi } from '../dev/mocks/supplierApi';

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
	/** The same workflow with a No Operation node as the sender: what holding the items costs n8n. */
	noOp: ActionRun;
	node: ActionRun;
	httpRequestNode: ActionRun;
	directRate: number;
	/** The direct client opening a new connection per request. */
	directNewConnectionRate: number;
}

function rssMb(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * The same bodies from a plain client at the same concurrency: what the network and the server allow. With
 * `keepAlive: false` it opens a connection per request, as n8n's request helper does (a new agent per request).
 */
async function postDirectly(url: string, token: string, bodies: string[], keepAlive: boolean): Promise<number> {
	const agent = new Agent({ keepAlive, maxSockets: CONCURRENCY });
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
export function supplierNode(credential: { id: string; name: string }) {
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

/** n8n answers 503 "Database is not ready" for a few seconds while SQLite writes a large execution. */
async function whenDatabaseReady<T>(call: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await call();
		} catch (error) {
			if (attempt === 30 || !String(error).includes('Database is not ready')) throw error;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}
}

/** The items passed through untouched: n8n's own memory for ITEMS items, nothing sent. */
const noOpNode = { type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {}, credentials: {} };

export type Sender = { type: string; typeVersion: number; parameters: Record<string, unknown>; credentials: Record<string, { id: string; name: string }> };

/** One execution of Webhook → Code (makes ITEMS items) → `sender`; measured at the supplier API and in n8n's RSS. */
export async function runSender(
	instance: N8nInstance,
	api: N8nApi,
	supplier: Awaited<ReturnType<typeof startSupplierApi>>,
	sender: Sender,
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
	await whenDatabaseReady(() => api.deactivate(workflowId));

	const arrivals = supplier.requests.slice(firstRequest).filter((entry) => entry.status === 200).map((entry) => entry.at);
	const sendingMs = arrivals.length ? Math.max(1, Math.max(...arrivals) - Math.min(...arrivals)) : Infinity;
	const [execution] = await whenDatabaseReady(() => api.executions(workflowId, { includeData: true }));
	const runs = (execution.data?.resultData.runData.Send ?? []) as Array<{ executionTime?: number }>;
	return {
		rate: (arrivals.length / sendingMs) * 1000,
		seconds: (runs[0]?.executionTime ?? 0) / 1000,
		memoryGrowthMb: peak - baseline,
		delivered: supplier.received.length - firstReceived,
	};
}

/**
 * Each sender in a fresh n8n: V8 keeps the heap it grew, so a second run in the same process would start
 * from a larger RSS and look cheaper than it is.
 */
export async function inFreshN8n(
	runtime: N8nRuntime,
	tarball: string,
	supplier: Awaited<ReturnType<typeof startSupplierApi>>,
	makeSender: (api: N8nApi) => Promise<Sender>,
): Promise<ActionRun> {
	const instance = await startN8n(runtime, { packages: [tarball] });
	try {
		const api = await N8nApi.connect(instance);
		return await runSender(instance, api, supplier, await makeSender(api));
	} finally {
		await instance.stop();
		rmSync(instance.userFolder, { recursive: true, force: true });
	}
}

/**
 * ITEMS stock updates from one execution: through the Supplier Marketplace node, through n8n's HTTP Request
 * node, and from a direct keep-alive client, all to the same server at concurrency 4; and the same workflow
 * with a No Operation node, for what n8n itself spends on the items.
 */
export async function benchAction(runtime: N8nRuntime, tarball: string): Promise<ActionResult> {
	const supplier = await startSupplierApi();
	try {
		const noOp = await inFreshN8n(runtime, tarball, supplier, async () => noOpNode);
		const node = await inFreshN8n(runtime, tarball, supplier, async (api) =>
			supplierNode(await api.createCredential('bench supplier api', 'supplierMarketplaceApi', { apiUrl: supplier.apiUrl, apiToken: supplier.token })),
		);
		const bodies = supplier.received.map((entry) => JSON.stringify(entry.body));
		const httpRequest = await inFreshN8n(runtime, tarball, supplier, async (api) =>
			httpRequestNode(supplier.apiUrl, await api.createCredential('bench bearer', 'httpHeaderAuth', { name: 'Authorization', value: `Bearer ${supplier.token}` })),
		);
		const directRate = await postDirectly(supplier.apiUrl, supplier.token, bodies, true);
		const directNewConnectionRate = await postDirectly(supplier.apiUrl, supplier.token, bodies, false);
		return { items: ITEMS, noOp, node, httpRequestNode: httpRequest, directRate, directNewConnectionRate };
	} finally {
		await supplier.close();
	}
}
