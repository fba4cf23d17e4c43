import { spawn } from 'child_process';
import { randomUUID } from 'crypto';
import { join } from 'path';

import type { N8nApi } from '../dev/n8n';
import { emittedItems, triggerWorkflow } from '../dev/n8n';
import { KINGUIN_PRODUCT_UPDATE } from '../dev/fixtures/kinguin';
import { SHOPGATE_CREDENTIAL_FIELDS, SHOPGATE_PRODUCT_CREATED } from '../dev/fixtures/shopgate';
import { SHOPKIT_ORDER_CREATED } from '../dev/fixtures/shopkit';
import { SUPPLIER_SALE } from '../dev/fixtures/supplierMarketplace';
import { TIKI_REJECTED_DELIVERY, tikiCredentialFields } from '../dev/fixtures/tiki';
import { startShopgateApi } from '../dev/mocks/shopgateApi';
import { startShopkitApi } from '../dev/mocks/shopkitApi';
import { startTikiApi } from '../dev/mocks/tikiApi';
import { CEILING_PACKAGE } from './ceilingPackage';
import { median } from './median';

export const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
/** Requests sent to each side before it is measured: the first requests of a workflow pay n8n's warm-up. */
export const WARM_UP = 40;
export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
/**
 * Rounds in which the sides of a comparison take turns, REQUESTS / ROUNDS requests each: a ratio is the median
 * of the rounds' ratios, so one round that a neighbour on the machine slowed down cannot decide it.
 */
export const ROUNDS = Math.max(2, Number(process.env.BENCH_ROUNDS ?? 3));
/** Only the triggers whose name contains one of these (comma-separated, any case), e.g. `BENCH_TRIGGERS=tiki`. */
const ONLY_TRIGGERS = (process.env.BENCH_TRIGGERS ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
const TIME_LIMIT_MS = 60_000;
/** The secret of every valid delivery, and the value the Webhook node's header must carry. */
export const SECRET = 'bench-secret-0123456789abcdef0123456789';

export interface LoadRequest {
	url: string;
	headers: Record<string, string>;
	body: string;
}

export interface Load {
	elapsedMs: number;
	latenciesMs: number[];
	statuses: Record<string, number>;
}

/** Runs the load from a second process, as a platform would send it. */
export function runLoad(requests: LoadRequest[]): Promise<Load> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [join(__dirname, 'loadClient.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve(JSON.parse(output) as Load) : reject(new Error(`load client exited ${code}`))));
		child.stdin.end(JSON.stringify({ requests, concurrency: CONCURRENCY, timeLimitMs: TIME_LIMIT_MS }));
	});
}

export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface ThroughputSide {
	rps: number;
	p50: number;
	p99: number;
	accepted: number;
	executions: number;
	latenciesMs: number[];
	/** Each round's requests per second, in the order the rounds ran (one entry for a single measurement). */
	roundRps: number[];
}


/** The median over rounds of `side`'s rate to `baseline`'s in the same round, and each round's ratio. */
export function roundRatio(side: ThroughputSide, baseline: ThroughputSide): { median: number; rounds: number[] } {
	const rounds = side.roundRps.map((rps, round) => rps / baseline.roundRps[round]);
	return { median: median(rounds), rounds };
}

export interface ThroughputResult {
	name: string;
	/** Valid deliveries: the trigger, n8n's Webhook node, and the community trigger that does nothing. */
	ours: ThroughputSide;
	builtIn: ThroughputSide;
	ceiling: ThroughputSide;
	/** Rejected deliveries: the trigger's with a wrong secret, the Webhook node's with a wrong header. */
	forged: ThroughputSide;
	builtInForged: ThroughputSide;
	/** A delivery the trigger has run already, sent again and again (triggers that remember deliveries). */
	duplicates?: ThroughputSide;
	/** Why duplicates ran, when some did: what their executions show. */
	duplicatesRan?: string;
}

interface PreparedWorkflow {
	workflowId: string;
	/** WARM_UP + REQUESTS valid deliveries, each distinct so none is de-duplicated. */
	requests: LoadRequest[];
	/** The header n8n's Webhook node checks in the comparison. */
	header: string;
	/** The same delivery with a wrong secret, where the platform puts its secret. */
	forge(request: LoadRequest): LoadRequest;
	/** Whether the trigger remembers deliveries, and so recognises a duplicate. */
	remembers: boolean;
	/** The node's name in the workflow, to read what a run emitted. */
	nodeName: string;
}

interface PreparedCase {
	name: string;
	/** Activates the trigger's workflow. */
	setUp(api: N8nApi): Promise<PreparedWorkflow>;
	tearDown(): Promise<void>;
}

const WRONG_SECRET = 'forged-secret-0123456789abcdef01234567';
const withHeader = (name: string, value: string) => (request: LoadRequest) => ({ ...request, headers: { ...request.headers, [name]: value } });

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
	return { workflowId, url: `${api.instance.baseUrl}/webhook/${workflow.webhookPath}`, nodeName: workflow.triggerName };
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
				const { workflowId, url, nodeName } = await activate(api, 'kinguinTrigger', { events: ['product.update'] }, { kinguinWebhookApi: credential });
				const requests = bodies(KINGUIN_PRODUCT_UPDATE, (body, i) => {
					body.kinguinId = 100_000 + i;
				}).map((body) => ({ url, body, headers: { 'content-type': 'application/json', 'x-event-name': 'product.update', 'x-event-secret': SECRET } }));
				return { workflowId, requests, header: 'x-event-secret', forge: withHeader('x-event-secret', WRONG_SECRET), remembers: true, nodeName };
			},
		},
		{
			name: 'Shopkit Trigger',
			tearDown,
			async setUp(api) {
				const shopkit = await startShopkitApi();
				closers.push(() => shopkit.close());
				const credential = await api.createCredential('bench shopkit', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl });
				const { workflowId, nodeName } = await activate(api, 'shopkitTrigger', { events: ['order_created'] }, { shopkitApi: credential });
				const url = [...shopkit.webhooks.values()][0].url;
				// a shop's own customer: the documented sample's client (info@shopk.it) is the dashboard's test order
				const requests = bodies(SHOPKIT_ORDER_CREATED, (body, i) => {
					const order = body.order as { id: number; client: { email: string } };
					order.id = 200_000 + i;
					order.client.email = `client${order.id}@example.com`;
				}).map((body) => ({ url, body, headers: { 'content-type': 'application/json', 'user-agent': 'Shopkit-Webhook', 'x-shopkit-event': 'order_created', 'x-event-secret': SECRET } }));
				// Shopkit's secret is the URL's: a forgery carries another one of the same length
				const forge = (request: LoadRequest) => ({ ...request, url: request.url.replace(/secret=[^&]*/, (found) => `secret=${'0'.repeat(found.length - 7)}`) });
				return { workflowId, requests, header: 'x-event-secret', forge, remembers: true, nodeName };
			},
		},
		{
			name: 'Tiki Trigger',
			tearDown,
			async setUp(api) {
				const tiki = await startTikiApi();
				closers.push(() => tiki.close());
				const credential = await api.createCredential('bench tiki', 'tikiOAuth2Api', tikiCredentialFields(tiki.baseUrl));
				const { workflowId, url, nodeName } = await activate(api, 'tikiTrigger', { events: ['product:request:rejected'] }, { tikiOAuth2Api: credential });
				const basic = `Basic ${Buffer.from(`${tiki.credentials!.id}:${tiki.credentials!.secret}`).toString('base64')}`;
				const requests = bodies(TIKI_REJECTED_DELIVERY, (body, i) => {
					body.id = `bench-${i}-${randomUUID()}`;
				}).map((body) => ({ url, body, headers: { 'content-type': 'application/json', authorization: basic, 'x-event-secret': SECRET } }));
				const forged = `Basic ${Buffer.from(`${tiki.credentials!.id}:${WRONG_SECRET}`).toString('base64')}`;
				return { workflowId, requests, header: 'x-event-secret', forge: withHeader('authorization', forged), remembers: true, nodeName };
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
				const { workflowId, url, nodeName } = await activate(api, 'shopgateTrigger', { events: ['productCreated'] }, { shopgateApi: credential });
				// deliveries of the webhook the trigger registered: the guide's sample ids are Shopgate's test sample
				const registered = [...shopgate.webhooks.values()][0];
				const requests = bodies(SHOPGATE_PRODUCT_CREATED, (body, i) => {
					body.id = `bench-${i}-${randomUUID()}`;
					body.webhookId = registered.id;
					body.webhookCode = registered.code;
				}).map((body) => ({ url, body, headers: { 'content-type': 'application/json', 'shopgate-token': shopgate.webhookToken, 'x-event-secret': SECRET } }));
				return { workflowId, requests, header: 'x-event-secret', forge: withHeader('shopgate-token', WRONG_SECRET), remembers: true, nodeName };
			},
		},
		{
			name: 'Supplier Marketplace Trigger',
			tearDown,
			async setUp(api) {
				const credential = await api.createCredential('bench supplier', 'supplierMarketplaceWebhookApi', { headerName: 'X-Event-Secret', secret: SECRET, username: '', password: '' });
				const { workflowId, url, nodeName } = await activate(api, 'supplierMarketplaceTrigger', { authentication: 'headerSecret', output: 'sizeLines' }, { supplierMarketplaceWebhookApi: credential });
				const requests = Array.from({ length: WARM_UP + REQUESTS }, () => ({ url, body: SUPPLIER_SALE, headers: { 'content-type': 'application/json', 'x-event-secret': SECRET } }));
				return { workflowId, requests, header: 'x-event-secret', forge: withHeader('x-event-secret', WRONG_SECRET), remembers: false, nodeName };
			},
		},
	];
}

/** n8n's own Webhook node with header authentication, followed by the same No Operation node. */
export async function builtInWebhook(api: N8nApi, header: string): Promise<{ workflowId: string; url: string }> {
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

/** The bench's community trigger that does nothing (bench/ceilingPackage.ts), followed by the same No Operation node. */
async function ceilingTrigger(api: N8nApi): Promise<{ workflowId: string; url: string }> {
	const webhookId = randomUUID();
	const workflowId = await api.createWorkflow({
		name: `ceiling trigger ${webhookId.slice(0, 8)}`,
		nodes: [
			{ id: randomUUID(), name: 'Trigger', type: `${CEILING_PACKAGE}.ceilingTrigger`, typeVersion: 1.1, position: [0, 0], webhookId, parameters: {} },
			{ id: randomUUID(), name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
		],
		connections: { Trigger: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
	});
	await api.activate(workflowId);
	return { workflowId, url: `${api.instance.baseUrl}/webhook/${webhookId}/webhook` };
}

/** Finished executions of the workflows. */
async function finishedExecutions(api: N8nApi, workflowIds: string[]): Promise<number> {
	let count = 0;
	for (const workflowId of workflowIds) {
		count += (await api.executions(workflowId, { includeData: false })).filter((execution) => !['new', 'running'].includes(execution.status)).length;
	}
	return count;
}

/** Executions of the workflows once no new one has appeared for a while (they are saved after the answer). */
export async function settledCount(api: N8nApi, workflowIds: string[], atLeast: number): Promise<number> {
	const deadline = Date.now() + 60_000;
	let count = -1;
	let quietSince = Date.now();
	while (Date.now() < deadline) {
		const now = await finishedExecutions(api, workflowIds);
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

/** One side of a comparison: its workflows, the requests sent to them, and whether an accepted one runs. */
export interface LoadSide {
	workflowIds: string[];
	requests: LoadRequest[];
	/** False for duplicates: answered 2xx, run never. */
	acceptedRuns?: boolean;
}

export async function measure(api: N8nApi, { workflowIds, requests, acceptedRuns = true }: LoadSide): Promise<ThroughputSide> {
	const before = await finishedExecutions(api, workflowIds);
	const load = await runLoad(requests);
	const accepted = Object.entries(load.statuses)
		.filter(([status]) => /^2\d\d$/.test(status))
		.reduce((sum, [, count]) => sum + count, 0);
	const executions = (await settledCount(api, workflowIds, before + (acceptedRuns ? accepted : 0))) - before;
	const rps = (load.latenciesMs.length / load.elapsedMs) * 1000;
	return {
		rps,
		p50: percentile(load.latenciesMs, 50),
		p99: percentile(load.latenciesMs, 99),
		accepted,
		executions,
		latenciesMs: load.latenciesMs,
		roundRps: [rps],
	};
}

/** The rounds of one side as one: the mean rate, percentiles of all its requests, the sums. */
function combine(rounds: ThroughputSide[]): ThroughputSide {
	const latenciesMs = rounds.flatMap((round) => round.latenciesMs);
	const roundRps = rounds.flatMap((round) => round.roundRps);
	return {
		rps: roundRps.reduce((sum, rps) => sum + rps, 0) / roundRps.length,
		p50: percentile(latenciesMs, 50),
		p99: percentile(latenciesMs, 99),
		accepted: rounds.reduce((sum, round) => sum + round.accepted, 0),
		executions: rounds.reduce((sum, round) => sum + round.executions, 0),
		latenciesMs,
		roundRps,
	};
}

/**
 * Each side measured in ROUNDS parts, the sides taking turns in every round (the first measured would otherwise
 * pay for warming n8n up, or profit from it, and a slow minute would hit one side only): `sides` maps a side's
 * name to its workflow and requests. The order of the sides turns by one every round.
 */
export async function alternating<Name extends string>(api: N8nApi, sides: Record<Name, LoadSide | undefined>): Promise<Record<Name, ThroughputSide>> {
	const names = (Object.keys(sides) as Name[]).filter((name) => sides[name] !== undefined);
	const rounds = {} as Record<Name, ThroughputSide[]>;
	for (let round = 0; round < ROUNDS; round++) {
		const order = names.map((_, at) => names[(at + round) % names.length]);
		for (const name of order) {
			const side = sides[name]!;
			const size = Math.ceil(side.requests.length / ROUNDS);
			const part = side.requests.slice(round * size, (round + 1) * size);
			(rounds[name] ??= [])[round] = await measure(api, { ...side, requests: part });
		}
	}
	return Object.fromEntries(names.map((name) => [name, combine(rounds[name])])) as Record<Name, ThroughputSide>;
}

/**
 * What the executions of duplicates emitted, when some ran: a delivery the trigger took for the platform's test
 * sample runs every time by design; anything else is de-duplication failing.
 */
async function whyDuplicatesRan(api: N8nApi, workflowId: string, nodeName: string, ran: number): Promise<string | undefined> {
	if (ran === 0) return undefined;
	const [latest] = await api.executions(workflowId);
	const item = latest ? emittedItems(latest, nodeName)[0] : undefined;
	return item?.isTest === true
		? `${ran} duplicates ran: the trigger took the delivery for the platform's test sample (isTest: true), which runs every time`
		: `${ran} duplicates ran: de-duplication let them through (the last one emitted deliveryId ${JSON.stringify(item?.deliveryId ?? null)})`;
}

export async function benchThroughput(api: N8nApi): Promise<ThroughputResult[]> {
	const results: ThroughputResult[] = [];
	const ceiling = await ceilingTrigger(api);
	const chosen = cases().filter(({ name }) => ONLY_TRIGGERS.length === 0 || ONLY_TRIGGERS.some((part) => name.toLowerCase().includes(part)));
	for (const benchCase of chosen) {
		const { workflowId, requests: all, header, forge, remembers, nodeName } = await benchCase.setUp(api);
		const builtIn = await builtInWebhook(api, header);
		const at = (url: string) => (request: LoadRequest) => ({ ...request, url });
		for (const [id, requests] of [[workflowId, all], [builtIn.workflowId, all.map(at(builtIn.url))], [ceiling.workflowId, all.map(at(ceiling.url))]] as const) {
			await measure(api, { workflowIds: [id], requests: requests.slice(0, WARM_UP) });
		}
		const valid = all.slice(WARM_UP);
		const accepted = await alternating(api, {
			ours: { workflowIds: [workflowId], requests: valid },
			builtIn: { workflowIds: [builtIn.workflowId], requests: valid.map(at(builtIn.url)) },
			ceiling: { workflowIds: [ceiling.workflowId], requests: valid.map(at(ceiling.url)) },
		});
		// the Webhook node refuses a wrong value of its header; an already-run delivery is a duplicate throughout
		const wrongHeader = withHeader(header, WRONG_SECRET);
		const refused = await alternating(api, {
			forged: { workflowIds: [workflowId], requests: valid.map(forge) },
			builtInForged: { workflowIds: [builtIn.workflowId], requests: valid.map(at(builtIn.url)).map(wrongHeader) },
			duplicates: remembers ? { workflowIds: [workflowId], requests: Array<LoadRequest>(REQUESTS).fill(valid[0]), acceptedRuns: false } : undefined,
		});
		const duplicates = remembers ? refused.duplicates : undefined;
		const duplicatesRan = duplicates && (await whyDuplicatesRan(api, workflowId, nodeName, duplicates.executions));
		await api.deactivate(workflowId);
		await api.deactivate(builtIn.workflowId);
		await benchCase.tearDown();
		results.push({ name: benchCase.name, ...accepted, forged: refused.forged, builtInForged: refused.builtInForged, duplicates, duplicatesRan });
	}
	await api.deactivate(ceiling.workflowId);
	return results;
}
