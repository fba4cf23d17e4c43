import { triggerWorkflow } from '../../../dev/n8n';
import type { TriggerWorkflow } from '../../../dev/n8n';
import { KINGUIN_SECRET, kinguinHeaders, productUpdate } from '../../../dev/fixtures/kinguin';
import type { QueueCluster } from '../support/queueCluster';
import { allItems } from '../support/queueCluster';

/** Enough paths that nginx's hash gives both processes some (all on one: ~2 × 0.5^16). */
const WORKFLOWS = 16;
const UPDATES_PER_WORKFLOW = 6;
const CONCURRENCY = 8;
const UPDATED_AT = '2025-05-01T00:00:00.000+00:00';

interface Sent {
	workflow: number;
	kinguinId: number;
	statuses: number[];
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
		// status 0: no answer within 30 s, or the connection failed
		const deliver = (index: number, kinguinId: number) =>
			fetch(cluster().webhookUrl(workflows[index].workflow), {
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
		const routedTo = () => workflows.map(({ workflow }) => cluster().processServing(cluster().webhookUrl(workflow)));

		beforeAll(async () => {
			const { api } = cluster();
			const credential = await api.createCredential('Kinguin spread queue', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
			for (let index = 0; index < WORKFLOWS; index++) {
				const workflow = triggerWorkflow({ node: 'kinguinTrigger', parameters: { events: ['product.update'] }, credentials: { kinguinWebhookApi: credential } });
				const id = await api.createWorkflow(workflow.definition);
				await api.activate(id);
				workflows.push({ workflow, id });
			}
		}, 120_000);

		afterAll(async () => {
			for (const { id } of workflows) await cluster().api.deactivate(id);
		}, 120_000);

		it('spreads their deliveries over both webhook processes, each path to one of them', async () => {
			const before = cluster().requestsPerProcess();
			const statuses = await Promise.all(workflows.map((_, index) => deliver(index, 10_000 + index)));
			expect(statuses).toEqual(Array(WORKFLOWS).fill(204));
			const after = cluster().requestsPerProcess();
			const perProcess = [after[0] - before[0], after[1] - before[1]];
			const paths = routedTo();
			process.stderr.write(`[queue nginx] ${WORKFLOWS} workflows: deliveries per webhook process ${JSON.stringify(perProcess)}\n`);
			expect(perProcess[0]).toBeGreaterThan(0);
			expect(perProcess[1]).toBeGreaterThan(0);
			expect(perProcess).toEqual([paths.filter((at) => at === 0).length, paths.filter((at) => at === 1).length]);
			for (const { id } of workflows) expect(await cluster().executionsRunByWorker(id, 1)).toHaveLength(1);
		});

		it('loses no delivery when a webhook process stops mid-run: nginx passes new ones to the other, the platform resends the rest', async () => {
			const n8n = cluster().n8n;
			const paths = routedTo();
			const stopped = paths.filter((at) => at === 1).length >= paths.filter((at) => at === 0).length ? 1 : 0;
			const accessesBefore = n8n.nginx.accesses().length;
			const started = Date.now();
			const sent: Sent[] = [];
			for (let round = 0; round < UPDATES_PER_WORKFLOW; round++) {
				for (let index = 0; index < WORKFLOWS; index++) sent.push({ workflow: index, kinguinId: 20_000 + round * WORKFLOWS + index, statuses: [] });
			}
			await sendAll(sent, ({ workflow, kinguinId }) => deliver(workflow, kinguinId), {
				count: Math.floor(sent.length / 3),
				run: async () => {
					const stopping = Date.now();
					await n8n.webhooks[stopped].stop();
					process.stderr.write(`[queue nginx] webhook process stopped in ${Date.now() - stopping} ms\n`);
				},
			});

			// what a platform does with a delivery that was not answered 2xx: send it again, a little later
			const refused = sent.filter((delivery) => delivery.statuses[0] !== 204);
			for (let attempt = 0; attempt < 3 && sent.some((delivery) => delivery.statuses.at(-1) !== 204); attempt++) {
				await new Promise((resolve) => setTimeout(resolve, 1000));
				for (const delivery of sent.filter((candidate) => candidate.statuses.at(-1) !== 204)) {
					delivery.statuses.push(await deliver(delivery.workflow, delivery.kinguinId));
				}
			}
			const accesses = n8n.nginx.accesses().slice(accessesBefore);
			const passedOn = accesses.filter((access) => access.upstreams.length > 1 && access.status === 204).length;

			process.stderr.write(`[queue nginx] sent after ${Date.now() - started} ms\n`);
			const ran = new Map<number, number>();
			const settled = await Promise.all(workflows.map(({ id }) => cluster().api.settledExecutions(id, 1 + UPDATES_PER_WORKFLOW, { timeoutMs: 30_000 })));
			for (const item of allItems(settled.flat(), workflows[0].workflow.downstreamName)) {
				const kinguinId = item.kinguinId as number;
				ran.set(kinguinId, (ran.get(kinguinId) ?? 0) + 1);
			}
			const missing = sent.filter((delivery) => !ran.has(delivery.kinguinId));
			const twice = sent.filter((delivery) => (ran.get(delivery.kinguinId) ?? 0) > 1);
			process.stderr.write(
				`[queue nginx] process ${stopped + 1} of 2 stopped after ${Math.floor(sent.length / 3)} of ${sent.length} deliveries: ` +
					`first answers ${JSON.stringify(countBy(sent.map((delivery) => delivery.statuses[0])))}, ` +
					`passed on by nginx to the other process ${passedOn}, resent by the platform ${refused.length}, ` +
					`ran twice ${twice.length} (of them resent ${twice.filter((delivery) => refused.includes(delivery)).length}), lost ${missing.length}\n`,
			);
			expect(sent.map((delivery) => delivery.statuses.at(-1))).toEqual(Array(sent.length).fill(204));
			expect(missing).toEqual([]);
			// a delivery can run twice only when its first attempt reached n8n but its answer did not reach the platform
			expect(twice.filter((delivery) => !refused.includes(delivery))).toEqual([]);
		}, 180_000);
	});
}

function countBy(values: Array<number | undefined>): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
	return counts;
}
