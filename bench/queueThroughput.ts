import type { N8nRuntime, TriggerWorkflow } from '../dev/n8n';
import { N8nApi, triggerWorkflow } from '../dev/n8n';
import { startNginx } from '../dev/n8n/nginx';
import { startQueueMode } from '../dev/n8n/queueMode';
import type { QueueModeN8n } from '../dev/n8n/queueMode';
import { KINGUIN_SECRET, kinguinHeaders, productUpdate } from '../dev/fixtures/kinguin';
import type { LoadRequest, ThroughputSide } from './throughput';
import { alternating, measure, WARM_UP } from './throughput';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
/** Workflows whose paths nginx spreads over the webhook processes. */
const WORKFLOWS = 8;

export interface QueueThroughputResult {
	workflows: number;
	/** Without routing by path (each process in turn, past nginx): repeats at the other process that ran again. */
	unrouted: { burst: number; burstRanAgain: number; handOvers: number; handOversRanAgain: number };
	/** Through nginx in front of both webhook processes, and in front of the first one only. */
	two: ThroughputSide;
	one: ThroughputSide;
	/** How many of the workflows' paths nginx routes to each process when both are there. */
	pathsPerProcess: [number, number];
}

const UNROUTED_BURST = 40;
const HAND_OVERS = 20;

/**
 * What a balancer that does not route by path lets through (why the README routes by path): deliveries
 * sent straight to each webhook process in turn, a burst of `UNROUTED_BURST` at once and each then repeated
 * at the other process, and `HAND_OVERS` deliveries each repeated at the other process the moment it was
 * answered. Counts the repeats that ran again.
 */
async function repeatsAtTheOtherProcess(api: N8nApi, n8n: QueueModeN8n, { workflow, id }: { workflow: TriggerWorkflow; id: string }) {
	const at = (process: number) => `http://127.0.0.1:${n8n.webhooks[process % 2].port}/webhook/${workflow.webhookPath}`;
	const deliver = (process: number, kinguinId: number) =>
		api.deliver(at(process), productUpdate(kinguinId, '2025-07-01T00:00:00.000+00:00'), kinguinHeaders('product.update'));
	const runs = async () => (await api.executions(id, { includeData: false })).length;
	const settled = async (atLeast: number) => (await api.settledExecutions(id, atLeast, { timeoutMs: 60_000 })).length;

	const before = await runs();
	await Promise.all(Array.from({ length: UNROUTED_BURST }, (_, index) => deliver(index, 600_000 + index)));
	await settled(before + UNROUTED_BURST);
	for (let index = 0; index < UNROUTED_BURST; index++) await deliver(index + 1, 600_000 + index);
	const afterBurst = await settled(before + UNROUTED_BURST);
	for (let index = 0; index < HAND_OVERS; index++) {
		await deliver(index, 610_000 + index);
		await deliver(index + 1, 610_000 + index);
	}
	const afterHandOvers = await settled(afterBurst + HAND_OVERS);
	return {
		burst: UNROUTED_BURST,
		burstRanAgain: afterBurst - before - UNROUTED_BURST,
		handOvers: HAND_OVERS,
		handOversRanAgain: afterHandOvers - afterBurst - HAND_OVERS,
	};
}

/**
 * n8n in queue mode (main, two webhook processes, worker, PostgreSQL, Redis) with `WORKFLOWS` Kinguin
 * workflows; the same kind of deliveries, spread over the workflows, through nginx routing by path to
 * both webhook processes and through a second nginx that knows only the first, in alternating halves.
 */
export async function benchQueueThroughput(runtime: N8nRuntime, tarball: string): Promise<QueueThroughputResult> {
	const n8n = await startQueueMode(runtime, { packages: [tarball] });
	const [first] = n8n.webhooks;
	const single = await startNginx({ main: `127.0.0.1:${n8n.main.port}`, webhooks: [`127.0.0.1:${first.port}`] });
	try {
		const api = await N8nApi.connect(n8n.main);
		const credential = await api.createCredential('bench kinguin queue', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
		const workflows: Array<{ workflow: TriggerWorkflow; id: string }> = [];
		for (let index = 0; index < WORKFLOWS; index++) {
			const workflow = triggerWorkflow({ node: 'kinguinTrigger', parameters: { events: ['product.update'] }, credentials: { kinguinWebhookApi: credential } });
			const id = await api.createWorkflow(workflow.definition);
			await api.activate(id);
			workflows.push({ workflow, id });
		}
		const workflowIds = workflows.map(({ id }) => id);
		const requests = (base: string, firstId: number, count: number): LoadRequest[] =>
			Array.from({ length: count }, (_, index) => ({
				url: `${base}/webhook/${workflows[index % WORKFLOWS].workflow.webhookPath}`,
				headers: kinguinHeaders('product.update'),
				body: productUpdate(firstId + index, '2025-06-01T00:00:00.000+00:00'),
			}));
		await measure(api, { workflowIds, requests: requests(n8n.nginx.baseUrl, 300_000, WARM_UP) });
		await measure(api, { workflowIds, requests: requests(single.baseUrl, 310_000, WARM_UP) });
		const { two, one } = await alternating(api, {
			two: { workflowIds, requests: requests(n8n.nginx.baseUrl, 400_000, REQUESTS) },
			one: { workflowIds, requests: requests(single.baseUrl, 500_000, REQUESTS) },
		});
		const ports = n8n.webhooks.map((instance) => `127.0.0.1:${instance.port}`);
		const routed = new Map<string, string>();
		for (const access of n8n.nginx.accesses()) if (access.path.startsWith('/webhook/')) routed.set(access.path, access.upstreams.at(-1) ?? '');
		const pathsPerProcess: [number, number] = [0, 1].map((index) => [...routed.values()].filter((address) => address === ports[index]).length) as [number, number];
		const unrouted = await repeatsAtTheOtherProcess(api, n8n, workflows[0]);
		return { workflows: WORKFLOWS, two, one, pathsPerProcess, unrouted };
	} finally {
		await single.stop();
		await n8n.stop();
	}
}
