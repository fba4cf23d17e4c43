import type { QueueCluster } from './queueCluster';

/** The bursts whose repeats ran again across webhook processes without routing by path (bench/queueThroughput.ts). */
export const BURST = 40;
export const IMMEDIATE_REPEATS = 20;

/**
 * Through nginx, which routes a webhook path to one process: `BURST` distinct first deliveries at once,
 * then each of them again at once; then `IMMEDIATE_REPEATS` other deliveries at once, each sent again the
 * moment it was answered. Each event runs exactly once, and nginx passed every request of the path to the same process.
 * `send(key)` posts the delivery numbered `key` through nginx (the same key, the same delivery).
 */
export async function expectBurstsRunOnceThroughNginx(
	cluster: QueueCluster,
	{ workflowId, url, send, status }: { workflowId: string; url: string; send: (key: number) => Promise<{ status: number }>; status: number },
): Promise<void> {
	const before = (await cluster.api.executions(workflowId, { includeData: false })).length;
	const refused: number[] = [];
	// as a platform does: a delivery not answered 2xx (n8n's 503 while its database ping waits) is sent again, here
	// once the webhook processes answer their readiness check (their database connection is back)
	const sendUntilAccepted = async (key: number) => {
		for (let attempt = 0; ; attempt++) {
			const answer = (await send(key)).status;
			if (answer === status || attempt === 3) return answer;
			refused.push(answer);
			await cluster.webhookProcessesReady();
		}
	};
	const keys = Array.from({ length: BURST }, (_, index) => index);

	expect(await Promise.all(keys.map(sendUntilAccepted))).toEqual(Array(BURST).fill(status));
	expect(await Promise.all(keys.map(sendUntilAccepted))).toEqual(Array(BURST).fill(status));
	const pairs = Array.from({ length: IMMEDIATE_REPEATS }, async (_, index) => [await sendUntilAccepted(BURST + index), await sendUntilAccepted(BURST + index)]);
	expect(await Promise.all(pairs)).toEqual(Array(IMMEDIATE_REPEATS).fill([status, status]));

	const executions = await cluster.executionsRunByWorker(workflowId, before + BURST + IMMEDIATE_REPEATS);
	if (refused.length) process.stderr.write(`[queue nginx] ${refused.length} deliveries answered ${[...new Set(refused)].join(', ')} and sent again\n`);
	expect(executions).toHaveLength(before + BURST + IMMEDIATE_REPEATS);
	expect([0, 1]).toContain(await cluster.processServing(url));
}
