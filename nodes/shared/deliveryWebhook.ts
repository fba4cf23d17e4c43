import type { IWebhookDescription } from 'n8n-workflow';

/**
 * The production webhook of every trigger: POST, answered with `status` and no body. A delivery that
 * starts the workflow is answered by n8n, and n8n 2.x answers only once it has recorded the run (queued
 * it, in queue mode): a platform that got its 2xx has its event in n8n even if n8n stops a moment later.
 * (Answering from the node, as rejections and duplicates are, would reach the platform first.)
 */
export function deliveryWebhook(status: 200 | 204): IWebhookDescription {
	return {
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: 'noData',
		// n8n's response helper (Express 5) needs a number; the description's type only lists strings
		responseCode: status as unknown as string,
		path: 'webhook',
	};
}
