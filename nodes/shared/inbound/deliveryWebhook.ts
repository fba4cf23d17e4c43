import type { INodeExecutionData, INodeTypeDescription, IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { settleClaims } from '../memory/deliveryLedger';
import { ACCEPTED_STATUS } from './responses';

/**
 * The webhook every trigger of this package listens on. A delivery handed to n8n (acknowledge with items) is
 * answered by n8n itself with `acceptedStatus` and no body, after it started the execution (n8n 2.x) and saved
 * the static data that remembers the delivery: answered means handed over and remembered (RECIPE §8a).
 */
export function deliveryWebhook(acceptedStatus = ACCEPTED_STATUS): IWebhookDescription {
	return {
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		// A number, which n8n hands Express as it is (Express requires one). The expression `={{ 204 }}` did the same
		// at the price of an evaluation in n8n 2.x's expression isolate for every request, forged ones included (bench
		// section 2c); the description's type lists strings only, hence the cast.
		responseCode: acceptedStatus as unknown as string,
		responseData: 'noData',
		path: 'webhook',
	};
}

/**
 * The versions of every webhook trigger of this package, the newest for a node added now. 1.1 is 1 in every
 * respect of the node: n8n reads the body of a version-1 trigger's delivery only after evaluating its Webhook
 * node's `options.binaryData` parameter as an expression, which n8n 2.x does in its expression isolate for every
 * request, forged ones included (bench/RESULTS.md section 2c); from 1.1 on n8n reads the JSON body without it.
 * Workflows saved with version 1 keep working as they did.
 */
export const DELIVERY_TRIGGER_VERSIONS: Pick<INodeTypeDescription, 'version' | 'defaultVersion'> = { version: [1, 1.1], defaultVersion: 1.1 };

type Receive = (this: IWebhookFunctions) => Promise<IWebhookResponseData>;

/**
 * A trigger's `webhook()` whose delivery is remembered only once it is handed over: what it claimed in the
 * node's ledgers joins what n8n saves when it returns its items or its final answer, and is forgotten when it
 * throws (n8n answers 500 and the platform delivers again) or refused the body (rejectBadRequest).
 */
export function rememberedOnHandOver(receive: Receive): Receive {
	return async function (this: IWebhookFunctions): Promise<IWebhookResponseData> {
		let answered: IWebhookResponseData | undefined;
		try {
			answered = await receive.call(this);
			return answered;
		} finally {
			const writeAgain = settleClaims(this, answered !== undefined);
			if (answered && writeAgain) keepWrittenThroughRun(answered, writeAgain);
		}
	};
}

/**
 * n8n 2.41.1 answers a hand-over after it created the execution and saved the static data (RECIPE §8a), but
 * creating the execution wraps the same static data object in a new Workflow, which marks it unchanged: the save
 * that should remember the delivery is skipped. Writing the ledger again while n8n stores the execution (it
 * serialises the items then, after that reset and before the save) has n8n save it, so a delivery is answered
 * only once its execution exists and its memory is saved. Invisible in the item: the copy serialised is the item
 * itself. Where n8n saves before creating the execution (a node that answers itself, n8n 1.x) this changes nothing.
 */
function keepWrittenThroughRun(answered: IWebhookResponseData, writeAgain: () => void): void {
	const first = answered.workflowData?.[0]?.[0];
	if (answered.noWebhookResponse || !first) return;
	Object.defineProperty(first, 'toJSON', {
		enumerable: false,
		configurable: true,
		value(this: INodeExecutionData) {
			writeAgain();
			return { ...this };
		},
	});
}
