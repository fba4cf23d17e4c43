import { spawn } from 'child_process';
import { randomUUID } from 'crypto';
import { join } from 'path';

import type { N8nApi } from '../dev/n8n';
import { triggerWorkflow } from '../dev/n8n';
import { KINGUIN_PRODUCT_UPDATE } from '../dev/fixtures/kinguin';
import { SHOPGATE_CREDENTIAL_FIELDS, SHOPGATE_PRODUCT_CREATED } from '../dev/fixtures/shopgate';
import { SHOPKIT_ORDER_CREATED } from '../dev/fixtures/shopkit';
import { SUPPLIER_SALE } from '../dev/fixtures/supplierMarketplace';
import { TIKI_REJECTED_DELIVERY, tikiCredentialFields } from '../dev/fixtures/tiki';
import { startShopgateApi } from '../dev/mocks/shopgateApi';
import { startShopkitApi } from '../dev/mocks/shopkitApi';
import { startTikiApi } from '../dev/mocks/tikiApi';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
/** Requests sent to each side before it is measured: the first requests of a workflow pay n8n's warm-up. */
export const WARM_UP = 40;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const TIME_LIMIT_MS = 60_000;
const SECRET = 'bench-secret-0123456789abcdef0123456789';

interface LoadRequest {
	url: string;
	headers: Record<string, string>;
	body: string;
}

interface Load {
	elapsedMs: number;
	latenciesMs: number[];
	statuses: Record<string, number>;
}

/** Runs the load from a second process, as a platform would send it. */
function runLoad(requests: LoadRequest[]): Promise<Load> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [join(__dirname, 'loadClient.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve(JSON.parse(output) as Load) : reject(new Error(`load client exited ${code}`))));
		child.stdin.end(JSON.stringify({ requests, concurrency: CONCURRENCY, timeLimitMs: TIME_LIMIT_MS }));
	});
}

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface ThroughputSide {
	rps: number;
	p50: number;
	p99: number;
	accepted: number;
	executions: number;
}

export interface ThroughputResult {
	name: string;
	ours: ThroughputSide;
	builtIn: ThroughputSide;
}

interface PreparedCase {
	name: string;
	/** Activates the trigger's workflow and returns WARM_UP + REQUESTS requests, each distinct so none is de-duplicated. */
	setUp(api: N8nApi): Promise<{ workflowId: string; requests: LoadRequest[]; header: string }>;
	tearDown(): Promise<void>;
}

const bodies = (template: string, mutate: (body: Record<string, unknown>, i: number) => void) =>
	Array.from({ length: WARM_UP + REQUESTS }, (_, i) => {
		const body = JSON.parse(template) as Record<string, unknown>;
		mutate(body, i);
		return JSON.stringify(body);
	});

async function activate(api: N8nApi, node: string, parameters: Record<string, unknown>, credentials: Record<string, { id: string; name: string }>) {
	const workflow = triggerWorkflow({ node, parameters, credentials });
	const workflowId = await api.createWorkflow(workflow.definition);
	await api.activate(workflowId);
	return { workflowId, url: `${api.instance.baseUrl}/webhook/${workflow.webhookPath}` };
}

function cases(): PreparedCase[] {
	const closers: Array<() => Promise<void>> = [];
	const tearDown = async () => {
		for (const close of closers.splice(0)) await close();
	};
	return [
		{
			name: 'Kinguin Trigger',
			tearDown,
			async setUp(api) {
				const credential = await api.createCredential('bench kinguin', 'kinguinWebhookApi', { secret: SECRET });
				const { workflowId, url } = await activate(api, 'kinguinTrigger', { events: ['product.update'] }, { kinguinWebhookApi: credential });
				const requests = bodies(KINGUIN_PRODUCT_UPDATE, (body, i) => {
					body.kinguinId = 100_000 + i;
				}).map((body) => ({ url, body, headers: { 'content-type': 'application/json', 'x-event-name': 'product.update', 'x-event-secret': SECRET } }));
				return { workflowId, requests, header: 'x-event-secret' };
			},
		},
		{
			name: 'Shopkit Trigger',
			tearDown,
			async setUp(api) {
				const shopkit = await startShopkitApi();
				closers.push(() => shopkit.close());
				const credential = await api.createCredential('bench shopkit', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl });
				const { workflowId } = await activate(api, 'shopkitTrigger', { events: ['order_created'] }, { shopkitApi: credential });
				const url = [...shopkit.webhooks.values()][0].url;
				const requests = bodies(SHOPKIT_ORDER_CREATED, (body, i) => {
					(body.order as Record<string, unknown>).id = 200_000 + i;
				}).map((body) => ({ url, body, headers: { 'content-type': 'application/json', 'user-agent': 'Shopkit-Webhook', 'x-shopkit-event': 'order_created', 'x-event-secret': SECRET } }));
				return { workflowId, requests, header: 'x-event-secret' };
			},
		},
		{
			name: 'Tiki Trigger',
			tearDown,
			async setUp(api) {
				const tiki = await startTikiApi();
				closers.push(() => tiki.close());
				const credential = await api.createCredential('bench tiki', 'tikiOAuth2Api', tikiCredentialFields(tiki.baseUrl));
				const { workflowId, url } = await activate(api, 'tikiTrigger', { events: ['product:request:rejected'] }, { tikiOAuth2Api: credential });
				const basic = `Basic ${Buffer.from(`${tiki.credentials!.id}:${tiki.credentials!.secret}`).toString('base64')}`;
				const requests = bodies(TIKI_REJECTED_DELIVERY, (body, i) => {
					body.id = `bench-${i}-${randomUUID()}`;
				}).map((body) => ({ url, body, headers: { 'content-type': 'application/json', authorization: basic, 'x-event-secret': SECRET } }));
				return { workflowId, requests, header: 'x-event-secret' };
			},
		},
		{
			name: 'Shopgate Trigger',
			tearDown,
			async setUp(api) {
				const shopgate = await startShopgateApi();
				closers.push(() => shopgate.close());
				const credential = await api.createCredential('bench shopgate', 'shopgateApi', {
					environment: 'production',
					...SHOPGATE_CREDENTIAL_FIELDS,
					authUrl: shopgate.baseUrl,
					webhookUrl: shopgate.baseUrl,
				});
				const { workflowId, url } = await activate(api, 'shopgateTrigger', { events: ['productCreated'] }, { shopgateApi: credential });
				const requests = bodies(SHOPGATE_PRODUCT_CREATED, (body, i) => {
					body.id = `bench-${i}-${randomUUID()}`;
				}).map((body) => ({ url, body, headers: { 'content-type': 'application/json', 'shopgate-token': shopgate.webhookToken, 'x-event-secret': SECRET } }));
				return { workflowId, requests, header: 'x-event-secret' };
			},
		},
		{
			name: 'Supplier Marketplace Trigger',
			tearDown,
			async setUp(api) {
				const credential = await api.createCredential('bench supplier', 'supplierMarketplaceWebhookApi', { headerName: 'X-Event-Secret', secret: SECRET, username: '', password: '' });
				const { workflowId, url } = await activate(api, 'supplierMarketplaceTrigger', { authentication: 'headerSecret', output: 'sizeLines' }, { supplierMarketplaceWebhookApi: credential });
				const requests = Array.from({ length: WARM_UP + REQUESTS }, () => ({ url, body: SUPPLIER_SALE, headers: { 'content-type': 'application/json', 'x-event-secret': SECRET } }));
				return { workflowId, requests, header: 'x-event-secret' };
			},
		},
	];
}

/** n8n's own Webhook node with header authentication, followed by the same No Operation node. */
async function builtInWebhook(api: N8nApi, header: string): Promise<{ workflowId: string; url: string }> {
	const credential = await api.createCredential(`bench header ${randomUUID().slice(0, 6)}`, 'httpHeaderAuth', { name: header, value: SECRET });
	const path = `bench-${randomUUID()}`;
	const workflowId = await api.createWorkflow({
		name: `built-in webhook ${path}`,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path, authentication: 'headerAuth', responseMode: 'onReceived', options: {} },
				credentials: { httpHeaderAuth: credential },
			},
			{ id: randomUUID(), name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
		],
		connections: { Webhook: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
	});
	await api.activate(workflowId);
	return { workflowId, url: `${api.instance.baseUrl}/webhook/${path}` };
}

/** Executions of the workflow once no new one has appeared for a while (they are saved after the answer). */
async function settledCount(api: N8nApi, workflowId: string, atLeast: number): Promise<number> {
	const deadline = Date.now() + 60_000;
	let count = -1;
	let quietSince = Date.now();
	while (Date.now() < deadline) {
		const now = (await api.executions(workflowId, { includeData: false })).filter((execution) => !['new', 'running'].includes(execution.status)).length;
		if (now !== count) {
			count = now;
			quietSince = Date.now();
		} else if (count >= atLeast && Date.now() - quietSince > 1500) {
			break;
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return count;
}

async function measure(api: N8nApi, workflowId: string, requests: LoadRequest[]): Promise<ThroughputSide> {
	const before = (await api.executions(workflowId, { includeData: false })).length;
	const load = await runLoad(requests);
	const accepted = Object.entries(load.statuses)
		.filter(([status]) => /^2\d\d$/.test(status))
		.reduce((sum, [, count]) => sum + count, 0);
	const executions = (await settledCount(api, workflowId, before + accepted)) - before;
	return {
		rps: (load.latenciesMs.length / load.elapsedMs) * 1000,
		p50: percentile(load.latenciesMs, 50),
		p99: percentile(load.latenciesMs, 99),
		accepted,
		executions,
	};
}

export async function benchThroughput(api: N8nApi): Promise<ThroughputResult[]> {
	const results: ThroughputResult[] = [];
	for (const benchCase of cases()) {
		const { workflowId, requests: all, header } = await benchCase.setUp(api);
		const builtIn = await builtInWebhook(api, header);
		const builtInAll = all.map((request) => ({ ...request, url: builtIn.url }));
		await measure(api, workflowId, all.slice(0, WARM_UP));
		await measure(api, builtIn.workflowId, builtInAll.slice(0, WARM_UP));
		const requests = all.slice(WARM_UP);
		const builtInRequests = builtInAll.slice(WARM_UP);
		// the built-in node first and ours second would favour whichever warms n8n up; alternate instead
		const ours = await measure(api, workflowId, requests.slice(0, REQUESTS / 2));
		const theirs = await measure(api, builtIn.workflowId, builtInRequests.slice(0, REQUESTS / 2));
		const ours2 = await measure(api, workflowId, requests.slice(REQUESTS / 2));
		const theirs2 = await measure(api, builtIn.workflowId, builtInRequests.slice(REQUESTS / 2));
		await api.deactivate(workflowId);
		await api.deactivate(builtIn.workflowId);
		await benchCase.tearDown();
		const combine = (a: ThroughputSide, b: ThroughputSide): ThroughputSide => ({
			rps: (a.rps + b.rps) / 2,
			p50: (a.p50 + b.p50) / 2,
			p99: Math.max(a.p99, b.p99),
			accepted: a.accepted + b.accepted,
			executions: a.executions + b.executions,
		});
		results.push({ name: benchCase.name, ours: combine(ours, ours2), builtIn: combine(theirs, theirs2) });
	}
	return results;
}
