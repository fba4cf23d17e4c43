import { triggerWorkflow } from '../../../dev/n8n';
import type { Execution, N8nApi, TriggerWorkflow } from '../../../dev/n8n';
import { KINGUIN_SECRET, kinguinHeaders, productUpdate } from '../../../dev/fixtures/kinguin';
import type { NginxAccess } from '../../../dev/n8n/nginx';
import type { QueueCluster } from '../support/queueCluster';
import { allItems } from '../support/queueCluster';

/** Enough paths that nginx's hash gives both processes some (all on one: ~2 × 0.5^16). */
const WORKFLOWS = 16;
const UPDATES_PER_WORKFLOW = 4;
const CONCURRENCY = 8;
const UPDATED_AT = '2025-05-01T00:00:00.000+00:00';

interface Sent {
	workflow: number;
	kinguinId: number;
	statuses: number[];
}

/**
 * The executions of each workflow once it has `counts[i]` finished ones and n8n has run a delivery sent after them
 * (so that a run of anything answered before exists too), each finished. One workflow asked at a time: polling sixteen
 * at once loads the main more than the deliveries do.
 */
async function settledAcross(api: N8nApi, workflowIds: string[], counts: number[]): Promise<Execution[][]> {
	const deadline = Date.now() + 60_000;
	const pending = new Set(workflowIds.map((_, index) => index));
	while (pending.size > 0 && Date.now() < deadline) {
		for (const index of [...pending]) {
			const finished = (await api.executions(workflowIds[index], { includeData: false })).filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
			if (finished.length >= counts[index]) pending.delete(index);
		}
		if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 300));
	}
	await api.deliveriesProcessed();
	const all: Execution[][] = [];
	for (const id of workflowIds) all.push(await api.finishedExecutions(id, { timeoutMs: Math.max(deadline - Date.now(), 10_000) }));
	return all;
}

/** Sends `deliveries` with `CONCURRENCY` in flight; `afterAnswers(n)` runs once `n` have been answered. */
async function sendAll(
	deliveries: Sent[],
	send: (delivery: Sent) => Promise<number>,
	afterAnswers: { count: number; run: () => Promise<void> },
): Promise<void> {
	let next = 0;
	let answered = 0;
	let triggered: Promise<void> | undefined;
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < deliveries.length) {
				const delivery = deliveries[next++];
				delivery.statuses.push(await send(delivery));
				if (++answered === afterAnswers.count) triggered = afterAnswers.run();
			}
		}),
	);
	await triggered;
}

/**
 * Several active workflows behind nginx: their paths spread over both webhook processes, and when one
 * process stops mid-run nginx passes what it could not deliver there to the other. Last in the file:
 * the stopped process stays down.
 */
export function spreadAndFailover(cluster: () => QueueCluster): void {
	describe('several workflows behind nginx', () => {
		const workflows: Array<{ workflow: TriggerWorkflow; id: string }> = [];
		// status 0: no answer within 30 s, or the connection failed; the query names the delivery in nginx's log
		const deliver = (index: number, kinguinId: number) =>
			fetch(`${cluster().webhookUrl(workflows[index].workflow)}?delivery=${kinguinId}`, {
				method: 'POST',
				headers: kinguinHeaders('product.update'),
				body: productUpdate(kinguinId, UPDATED_AT),
				signal: AbortSignal.timeout(30_000),
			}).then(
				async (response) => {
					await response.arrayBuffer();
					return response.status;
				},
				() => 0,
			);
		const routedTo = () => Promise.all(workflows.map(({ workflow }) => cluster().processServing(cluster().webhookUrl(workflow))));

		beforeAll(async () => {
			const { api } = cluster();
			const credential = await api.createCredential('Kinguin spread queue', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
			for (let index = 0; index < WORKFLOWS; index++) {
				// half the paths on each webhook process, as nginx hashes them: the spread does not hang on random paths
				const workflow = cluster().workflowAt(index, () =>
					triggerWorkflow({ node: 'kinguinTrigger', parameters: { events: ['product.update'] }, credentials: { kinguinWebhookApi: credential } }),
				);
				const id = await api.createWorkflow(workflow.definition);
				await api.activate(id);
				workflows.push({ workflow, id });
			}
		}, 120_000);

		afterAll(async () => {
			for (const { id } of workflows) await cluster().api.deactivate(id);
		}, 120_000);

		it('spreads their deliveries over both webhook processes, each path to one of them', async () => {
			const before = await cluster().requestsPerProcess();
			const statuses = await Promise.all(workflows.map((_, index) => deliver(index, 10_000 + index)));
			expect(statuses).toEqual(Array(WORKFLOWS).fill(204));
			const after = await cluster().requestsPerProcess(before[0] + before[1] + WORKFLOWS);
			const perProcess = [after[0] - before[0], after[1] - before[1]];
			const paths = await routedTo();
			process.stderr.write(`[queue nginx] ${WORKFLOWS} workflows: deliveries per webhook process ${JSON.stringify(perProcess)}\n`);
			expect(perProcess[0]).toBeGreaterThan(0);
			expect(perProcess[1]).toBeGreaterThan(0);
			expect(perProcess).toEqual([paths.filter((at) => at === 0).length, paths.filter((at) => at === 1).length]);
			const executions = await settledAcross(cluster().api, workflows.map(({ id }) => id), Array(WORKFLOWS).fill(1));
			expect(executions.map((ran) => ran.map((execution) => execution.status))).toEqual(Array(WORKFLOWS).fill(['success']));
		});

		it('loses no delivery nginx passed on when a webhook process stops mid-run, and the platform resends what was not answered', async () => {
			const n8n = cluster().n8n;
			const paths = await routedTo();
			const stopped = paths.filter((at) => at === 1).length >= paths.filter((at) => at === 0).length ? 1 : 0;
			const accessesBefore = n8n.nginx.accesses().length;
			const sent: Sent[] = [];
			for (let round = 0; round < UPDATES_PER_WORKFLOW; round++) {
				for (let index = 0; index < WORKFLOWS; index++) sent.push({ workflow: index, kinguinId: 20_000 + round * WORKFLOWS + index, statuses: [] });
			}
			const stopAfter = Math.floor(sent.length / 3);
			await sendAll(sent, ({ workflow, kinguinId }) => deliver(workflow, kinguinId), { count: stopAfter, run: () => n8n.webhooks[stopped].stop() });

			// what a platform does with a delivery that was not answered 2xx: send it again, once the running process is ready
			const resent = sent.filter((delivery) => delivery.statuses[0] !== 204);
			for (let attempt = 0; attempt < 3 && sent.some((delivery) => delivery.statuses.at(-1) !== 204); attempt++) {
				await cluster().webhookProcessesReady();
				for (const delivery of sent.filter((candidate) => candidate.statuses.at(-1) !== 204)) {
					delivery.statuses.push(await deliver(delivery.workflow, delivery.kinguinId));
				}
			}
			expect(sent.map((delivery) => delivery.statuses.at(-1))).toEqual(Array(sent.length).fill(204));

			const runs = new Map<number, number>();
			const settled = await settledAcross(cluster().api, workflows.map(({ id }) => id), Array(WORKFLOWS).fill(1 + UPDATES_PER_WORKFLOW));
			for (const item of allItems(settled.flat(), workflows[0].workflow.downstreamName)) {
				const kinguinId = item.kinguinId as number;
				runs.set(kinguinId, (runs.get(kinguinId) ?? 0) + 1);
			}
			const firstAttempt = new Map<number, NginxAccess>();
			for (const access of n8n.nginx.accesses().slice(accessesBefore)) {
				const kinguinId = Number(new URLSearchParams(access.query).get('delivery'));
				if (!firstAttempt.has(kinguinId)) firstAttempt.set(kinguinId, access);
			}
			const passedOn = sent.filter((delivery) => (firstAttempt.get(delivery.kinguinId)?.upstreams.length ?? 0) > 1 && delivery.statuses[0] === 204);
			const ranTwice = sent.filter((delivery) => (runs.get(delivery.kinguinId) ?? 0) > 1);
			const lost = sent.filter((delivery) => !runs.has(delivery.kinguinId));
			process.stderr.write(
				`[queue nginx] process ${stopped + 1} of 2 stopped after ${stopAfter} of ${sent.length} deliveries: ` +
					`first answers ${JSON.stringify(countBy(sent.map((delivery) => delivery.statuses[0])))}, passed on by nginx ${passedOn.length}, ` +
					`resent by the platform ${resent.length}, ran twice ${ranTwice.length}, answered 204 and never ran ${lost.length}\n`,
			);
			// what nginx passed on to the other process ran there, once
			expect(passedOn.map((delivery) => runs.get(delivery.kinguinId))).toEqual(passedOn.map(() => 1));
			// a delivery the platform resent ran; it can have run twice when its first attempt was queued but not answered
			expect(resent.filter((delivery) => !runs.has(delivery.kinguinId))).toEqual([]);
			expect(ranTwice.filter((delivery) => !resent.includes(delivery))).toEqual([]);
			// nothing answered is lost: n8n answers a delivery the trigger hands over only once it queued its run
			expect(lost).toEqual([]);
		}, 180_000);
	});
}

function countBy(values: Array<number | undefined>): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
	return counts;
}
