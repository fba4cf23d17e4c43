import type { IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

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
		// an expression, so that n8n hands Express the number it requires
		responseCode: `={{ ${acceptedStatus} }}`,
		responseData: 'noData',
		path: 'webhook',
	};
}

type Receive = (this: IWebhookFunctions) => Promise<IWebhookResponseData>;

/**
 * A trigger's `webhook()` whose delivery is remembered only once it is handed over: what it claimed in the
 * node's ledgers joins what n8n saves when it returns its items or its final answer, and is forgotten when it
 * throws (n8n answers 500 and the platform delivers again) or refused the body (rejectBadRequest).
 */
export function rememberedOnHandOver(receive: Receive): Receive {
	return async function (this: IWebhookFunctions): Promise<IWebhookResponseData> {
		let returned = false;
		try {
			const answered = await receive.call(this);
			returned = true;
			return answered;
		} finally {
			settleClaims(this, returned);
		}
	};
}
