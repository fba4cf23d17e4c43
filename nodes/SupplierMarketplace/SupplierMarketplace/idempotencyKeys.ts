import { createHash, randomUUID } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * The Idempotency-Key of each item's update in this run of the node: the same for all attempts of one update,
 * and the same again when n8n's Retry On Fail runs the node once more in the same execution (same execution,
 * node, run index and item), so a marketplace that de-duplicates by it applies each update once. Without an
 * execution id (a node run outside an execution) the run gets a random one.
 */
export function idempotencyKeys(context: IExecuteFunctions): (itemIndex: number) => string {
	const executionId = context.getExecutionId();
	const run = executionId
		? [context.getWorkflow().id, executionId, context.getNode().id, context.getWorkflowDataProxy(0).$runIndex].join('/')
		: randomUUID();
	return (itemIndex) => {
		const hex = createHash('sha256').update(`${run}/${itemIndex}`).digest('hex');
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
	};
}
