import { randomUUID } from 'crypto';
import { readFileSync, rmSync } from 'fs';

import { ensureRuntime, N8nApi, packProject, startN8n, triggerWorkflow } from '../dev/n8n';
import type { N8nRuntime } from '../dev/n8n';
import { kinguinHeaders, productUpdate } from '../dev/fixtures/kinguin';
import { rememberedDeliveries } from '../dev/fixtures/rememberedDeliveries';
import type { LedgerOfTrigger } from '../dev/fixtures/rememberedDeliveries';
import { SHOPGATE_CREDENTIAL_FIELDS, SHOPGATE_PRODUCT_CREATED } from '../dev/fixtures/shopgate';
import { startShopgateApi } from '../dev/mocks/shopgateApi';
import { NEWEST_UPDATES_RETENTION_MS } from '../nodes/Kinguin/KinguinTrigger/KinguinTrigger.receive';
import { DELIVERY_ID_RETENTION_MS } from '../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.receive';
import { commitTree } from './commitTree';
import { BEFORE_COMMIT, BUSY_DAY } from './deduplication';
import { throughputLines } from './deduplicationSection';
import type { LoadRequest } from './throughput';
import { builtInWebhook, REQUESTS, ROUNDS, runLoad, SECRET, settledCount, WARM_UP } from './throughput';

const DAY = 24 * 60 * 60 * 1000;
/** Only the triggers whose name contains one of these (comma-separated, any case), e.g. `BENCH_TRIGGERS=shopgate`. */
const ONLY_TRIGGERS = (process.env.BENCH_TRIGGERS ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);

/** One side's measurement of one trigger in one round: a fresh n8n with that side's package. */
export interface DesignRun {
	/** Deliveries answered per second. */
	rps: number;
	/** Executions finished per second, from the first request until the last of them finished. */
	runsPerSecond: number;
	latenciesMs: number[];
	requests: number;
	accepted: number;
	executions: number;
	/** What the n8n process wrote (its write calls: database and WAL, answers, log) from the first request until it went quiet. */
	writtenBytes?: number;
	/** The workflow's static data after the run, as JSON: what n8n writes at each save of it. */
	staticDataBytes: number;
}

export interface TriggerThroughput {
	name: string;
	/** Deliveries the trigger's ledger remembers when the load starts (a busy shop's day within its horizon, or none). */
	remembered: number;
	/** n8n's own node, the same on both sides: the ratio shows the noise between the two n8n. */
	control?: boolean;
	/** In the order they ran. */
	rounds: Array<{ now: DesignRun; before: DesignRun }>;
}

interface ActiveTrigger {
	workflowId: string;
	/** WARM_UP + REQUESTS valid distinct deliveries. */
	requests: LoadRequest[];
	close(): Promise<void>;
}

interface TriggerCase {
	name: string;
	/** Deliveries its ledger remembers when the load starts. */
	remembered: number;
	/** The same on both sides (not a trigger of this package). */
	control?: boolean;
	setUp(api: N8nApi): Promise<ActiveTrigger>;
}

/** What a shop of BUSY_DAY deliveries a day leaves in a ledger of that horizon. */
const rememberedWithin = (retentionMs: number) => Math.round((BUSY_DAY * retentionMs) / DAY);

/** A trigger's workflow whose static data holds `remembered` deliveries of a busy shop, activated. */
async function seededWorkflow(api: N8nApi, workflow: ReturnType<typeof triggerWorkflow>, ledger: LedgerOfTrigger, remembered: number): Promise<string> {
	const { definition } = workflow;
	const staticData = { global: rememberedDeliveries(definition.nodes[0].id, ledger, remembered) };
	const workflowId = await api.createWorkflow({ ...definition, staticData } as typeof definition);
	await api.activate(workflowId);
	return workflowId;
}

const count = WARM_UP + REQUESTS;

/** The version of the triggers in both designs: the design before has no other. */
const TYPE_VERSION = 1;

const SHOPGATE_LEDGER: LedgerOfTrigger = { name: 'deliveryIds', versioned: false, retentionMs: DELIVERY_ID_RETENTION_MS };
const KINGUIN_LEDGER: LedgerOfTrigger = { name: 'newestUpdate', versioned: true, retentionMs: NEWEST_UPDATES_RETENTION_MS };

/** The Shopgate Trigger, its ledger holding `remembered` deliveries of a busy shop. */
const shopgateCase = (name: string, remembered: number): TriggerCase => ({
	name,
	remembered,
	async setUp(api) {
		const shopgate = await startShopgateApi();
		const credential = await api.createCredential('bench shopgate', 'shopgateApi', {
			environment: 'production',
			...SHOPGATE_CREDENTIAL_FIELDS,
			authUrl: shopgate.baseUrl,
			webhookUrl: shopgate.baseUrl,
		});
		const workflow = triggerWorkflow({ node: 'shopgateTrigger', typeVersion: TYPE_VERSION, parameters: { events: ['productCreated'] }, credentials: { shopgateApi: credential } });
		const workflowId = await seededWorkflow(api, workflow, SHOPGATE_LEDGER, remembered);
		// deliveries of the webhook the trigger registered (the guide's sample ids are Shopgate's test sample)
		const registered = [...shopgate.webhooks.values()][0];
		const url = `${api.instance.baseUrl}/webhook/${workflow.webhookPath}`;
		const requests = Array.from({ length: count }, (_, i) => {
			const body = JSON.parse(SHOPGATE_PRODUCT_CREATED) as Record<string, unknown>;
			Object.assign(body, { id: `bench-${i}-${randomUUID()}`, webhookId: registered.id, webhookCode: registered.code });
			return { url, body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'shopgate-token': shopgate.webhookToken } };
		});
		return { workflowId, requests, close: () => shopgate.close() };
	},
});

/** The Kinguin Trigger, whose ledger keeps a version with every key (18 bytes a key), holding a busy shop's day. */
const kinguinCase = (name: string, remembered: number): TriggerCase => ({
	name,
	remembered,
	async setUp(api) {
		const credential = await api.createCredential('bench kinguin', 'kinguinWebhookApi', { secret: SECRET });
		const workflow = triggerWorkflow({ node: 'kinguinTrigger', typeVersion: TYPE_VERSION, parameters: { events: ['product.update'] }, credentials: { kinguinWebhookApi: credential } });
		const workflowId = await seededWorkflow(api, workflow, KINGUIN_LEDGER, remembered);
		const url = `${api.instance.baseUrl}/webhook/${workflow.webhookPath}`;
		const updatedAt = new Date().toISOString();
		const requests = Array.from({ length: count }, (_, i) => ({ url, body: productUpdate(100_000 + i, updatedAt), headers: kinguinHeaders('product.update', SECRET) }));
		return { workflowId, requests, close: async () => undefined };
	},
});

/** n8n's own Webhook node (header auth, a No Operation node after it), the same in both sides' n8n: the control. */
const webhookNodeCase = (name: string): TriggerCase => ({
	name,
	remembered: 0,
	control: true,
	async setUp(api) {
		const { workflowId, url } = await builtInWebhook(api, 'x-event-secret');
		const requests = Array.from({ length: count }, (_, i) => {
			const body = JSON.parse(SHOPGATE_PRODUCT_CREATED) as Record<string, unknown>;
			body.id = `bench-${i}-${randomUUID()}`;
			return { url, body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-event-secret': SECRET } };
		});
		return { workflowId, requests, close: async () => undefined };
	},
});

/**
 * What is measured: the Shopgate Trigger with a busy shop's day in its ledger, and with nothing in it (both designs
 * then write static data with every delivery: what answering after the execution and the save costs by itself), the
 * Kinguin Trigger with a busy shop's day, and n8n's Webhook node, which answers after the execution and the save in
 * n8n 2.41.1 as this tree's triggers do and is the same on both sides: its ratio is the noise between two n8n.
 */
const CASES: TriggerCase[] = [
	shopgateCase('Shopgate Trigger', rememberedWithin(SHOPGATE_LEDGER.retentionMs)),
	shopgateCase('Shopgate Trigger, nothing remembered', 0),
	kinguinCase('Kinguin Trigger', rememberedWithin(KINGUIN_LEDGER.retentionMs)),
	webhookNodeCase("n8n's Webhook node (control)"),
];

/** Bytes the process has passed to write calls so far (`wchar` of /proc/<pid>/io), when the system tells. */
function writtenSoFar(pid: number | undefined): number | undefined {
	try {
		const line = readFileSync(`/proc/${pid}/io`, 'utf8').match(/^wchar: (\d+)$/m);
		return line ? Number(line[1]) : undefined;
	} catch {
		return undefined;
	}
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * n8n is taken to have done the work of a load once it writes less than QUIET_BYTES in QUIET_MS: idle, it still
 * writes a few bytes a second (wake-ups of its threads, pings to its task runner).
 */
const QUIET_MS = 2000;
const QUIET_BYTES = 4096;

/** What the process has written once it is quiet (read from /proc, which asks n8n nothing), and since when it is. */
async function writtenWhenQuiet(pid: number | undefined): Promise<{ bytes?: number; at: number }> {
	let mark = { bytes: writtenSoFar(pid), at: Date.now() };
	for (;;) {
		await pause(QUIET_MS);
		const now = { bytes: writtenSoFar(pid), at: Date.now() };
		if (now.bytes === undefined || mark.bytes === undefined || now.bytes - mark.bytes < QUIET_BYTES) return mark;
		mark = now;
	}
}

/**
 * Sends `requests` and waits until their executions are saved; the load, the executions finished per second from
 * the first request until the last one finished, and what n8n wrote from the first request until it went quiet
 * (its answers, saves and runs; undefined when an execution finished after that, or the system does not tell).
 */
async function load(api: N8nApi, pid: number | undefined, workflowId: string, requests: LoadRequest[]) {
	const before = await settledCount(api, [workflowId], 0);
	const writtenBefore = (await writtenWhenQuiet(pid)).bytes;
	const startedAt = Date.now();
	const sent = await runLoad(requests);
	const quiet = await writtenWhenQuiet(pid);
	const accepted = Object.entries(sent.statuses)
		.filter(([status]) => /^2\d\d$/.test(status))
		.reduce((sum, [, answered]) => sum + answered, 0);
	const executions = (await settledCount(api, [workflowId], before + accepted)) - before;
	const finishedAt = (await api.executions(workflowId, { includeData: false }))
		.map((execution) => Date.parse(execution.stoppedAt ?? ''))
		.filter((stoppedAt) => stoppedAt > startedAt);
	const lastFinished = Math.max(...finishedAt);
	const runsPerSecond = (finishedAt.length / (lastFinished - startedAt)) * 1000;
	const writtenBytes = writtenBefore === undefined || quiet.bytes === undefined || lastFinished > quiet.at ? undefined : quiet.bytes - writtenBefore;
	return { sent, accepted, executions, writtenBytes, runsPerSecond };
}

/** One side of one round: a fresh n8n with `tarball`, each chosen trigger measured in it in turn. */
async function measureSide(runtime: N8nRuntime, tarball: string, cases: TriggerCase[]): Promise<DesignRun[]> {
	// BENCH_N8N_NODE_OPTIONS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles`: to profile the n8n process
	const nodeOptions = process.env.BENCH_N8N_NODE_OPTIONS;
	const instance = await startN8n(runtime, { packages: [tarball], env: nodeOptions ? { NODE_OPTIONS: nodeOptions } : undefined });
	try {
		const api = await N8nApi.connect(instance);
		const runs: DesignRun[] = [];
		for (const triggerCase of cases) {
			const trigger = await triggerCase.setUp(api);
			try {
				await load(api, instance.process.pid, trigger.workflowId, trigger.requests.slice(0, WARM_UP));
				const measured = trigger.requests.slice(WARM_UP);
				const { sent, accepted, executions, writtenBytes, runsPerSecond } = await load(api, instance.process.pid, trigger.workflowId, measured);
				const { staticData } = await api.getWorkflow(trigger.workflowId);
				runs.push({
					rps: (sent.latenciesMs.length / sent.elapsedMs) * 1000,
					runsPerSecond,
					latenciesMs: sent.latenciesMs,
					requests: sent.latenciesMs.length,
					accepted,
					executions,
					writtenBytes,
					staticDataBytes: Buffer.byteLength(JSON.stringify(staticData ?? {})),
				});
				await api.deactivate(trigger.workflowId);
			} finally {
				await trigger.close();
			}
		}
		return runs;
	} finally {
		await instance.stop();
		rmSync(instance.userFolder, { recursive: true, force: true });
	}
}

/**
 * The cases of CASES take valid distinct deliveries from a second process over keep-alive connections (section 2's
 * load client): this tree's package against the one built from BEFORE_COMMIT, one fresh n8n per side and round, the
 * sides taking turns (the first turning every round).
 */
export async function benchDeduplicationThroughput(runtime: N8nRuntime, tarballs: { now: string; before: string }): Promise<TriggerThroughput[]> {
	const cases = CASES.filter(({ name }) => ONLY_TRIGGERS.length === 0 || ONLY_TRIGGERS.some((part) => name.toLowerCase().includes(part)));
	const results: TriggerThroughput[] = cases.map(({ name, remembered, control }) => ({ name, remembered, control, rounds: [] }));
	for (let round = 0; round < ROUNDS; round++) {
		const order = round % 2 === 0 ? (['before', 'now'] as const) : (['now', 'before'] as const);
		const measured: Partial<Record<'now' | 'before', DesignRun[]>> = {};
		for (const side of order) {
			measured[side] = await measureSide(runtime, tarballs[side], cases);
			const rates = measured[side].map((run, at) => `${cases[at].name} ${run.rps.toFixed(1)} req/s`).join(', ');
			process.stdout.write(`(section 6, round ${round + 1}, ${side === 'now' ? 'this tree' : BEFORE_COMMIT.slice(0, 7)}: ${rates})\n`);
		}
		results.forEach((result, at) => result.rounds.push({ now: measured.now![at], before: measured.before![at] }));
	}
	return results;
}

/** Run alone: `npx tsx bench/deduplicationThroughput.ts` prints the through-n8n part of section 6 (RESULTS.md untouched). */
if (require.main === module) {
	void (async () => {
		const runtime = await ensureRuntime();
		const tree = await commitTree(BEFORE_COMMIT);
		try {
			const tarballs = { now: await packProject(), before: await tree.pack() };
			for (const line of throughputLines(await benchDeduplicationThroughput(runtime, tarballs))) process.stdout.write(`${line}\n`);
		} finally {
			await tree.remove();
		}
	})().catch((error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
		process.exit(1);
	});
}
