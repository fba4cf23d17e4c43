import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { noAttemptApplied, platformFailureOf } from '../transport/platformRequest';
import { errorOutputItem } from './errorOutputItem';
import type { ItemError } from './errorOutputItem';

/**
 * What a failed item's `error` says beside the words: `outcome` `failed` when the platform certainly did not
 * apply the request, `unknown` when it may have; its status, answer and attempts when it answered.
 */
function failureDetails(error: unknown, fallbackOutcome: 'failed' | 'unknown'): IDataObject {
	const failure = platformFailureOf(error);
	if (!failure) return { outcome: (error as { outcome?: string }).outcome ?? fallbackOutcome };
	return { outcome: noAttemptApplied(failure) ? 'failed' : fallbackOutcome, status: failure.status ?? null, response: (failure.answer as IDataObject) ?? null, attempts: failure.attempts };
}

/**
 * Runs `run` for each input item, in order, and hands n8n what each gave. An item that fails stops the node, or
 * with Continue On Fail becomes an error output item (errorOutputItem.ts) and the next item runs.
 */
export async function eachItem(context: IExecuteFunctions, run: (itemIndex: number) => Promise<INodeExecutionData[]>, writes: boolean): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const count = context.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			output.push(...(await run(itemIndex)));
		} catch (error) {
			if (!context.continueOnFail()) {
				throw error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(context.getNode(), error as Error, { itemIndex });
			}
			output.push(errorOutputItem(itemIndex, error as ItemError, failureDetails(error, writes ? 'unknown' : 'failed')));
		}
	}
	return output;
}
