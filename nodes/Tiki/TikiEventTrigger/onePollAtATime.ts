import type { IPollFunctions } from 'n8n-workflow';

/** The nodes (workflow and node id) whose poll is running in this process. */
const polling = new Set<string>();

/**
 * Runs `poll` unless a poll of the same node is running in this process, and then returns null (nothing to
 * emit). n8n starts a poll at each of the node's Poll Times without waiting for the one before to end: two polls
 * of one queue at once would pull the same unacknowledged batch and both hand it over.
 */
export async function onePollAtATime<T>(
	context: Pick<IPollFunctions, 'getWorkflow' | 'getNode' | 'logger'>,
	poll: () => Promise<T>,
): Promise<T | null> {
	const key = `${context.getWorkflow().id ?? ''}:${context.getNode().id}`;
	if (polling.has(key)) {
		context.logger.debug(`Tiki Event Trigger "${context.getNode().name}" skipped a poll: its previous poll is still running`);
		return null;
	}
	polling.add(key);
	try {
		return await poll();
	} finally {
		polling.delete(key);
	}
}
