import type { IDataObject, INodeProperties, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { PayloadIssue } from './payloadReading';
import { acknowledge, rejectBadRequest } from './responses';

export type InvalidPayloads = 'emit' | 'acknowledge' | 'reject';

/**
 * The field every webhook trigger offers for an authenticated delivery whose body breaks its documented
 * schema. The default emits it, because a platform suspends an endpoint that keeps failing and the delivery
 * would otherwise be lost; authentication is checked before and never depends on this choice.
 */
export function invalidPayloadsProperty(platform: string): INodeProperties {
	return {
		displayName: 'Invalid Payloads',
		name: 'invalidPayloads',
		type: 'options',
		default: 'emit',
		description: `What to do with an authenticated delivery whose body differs from what ${platform} documents`,
		options: [
			{
				name: 'Acknowledge Without Running',
				value: 'acknowledge',
				description: `Answer ${platform} with success, so it does not retry, and start nothing`,
			},
			{
				name: 'Emit With Payload Issues',
				value: 'emit',
				description:
					'Start the workflow with the fields that could be read, typed as usual, and a payloadIssues list (path and problem) to route on',
			},
			{
				name: 'Reject With 400',
				value: 'reject',
				description: `Answer 400 and start nothing; ${platform} retries and may suspend the webhook`,
			},
		],
	};
}

function invalidPayloadsChoice(context: IWebhookFunctions): InvalidPayloads {
	return context.getNodeParameter('invalidPayloads', 'emit') as InvalidPayloads;
}

/** Whether a delivery with issues starts the workflow: what a trigger asks before fetching anything for its item. */
export function emitsInvalidPayloads(context: IWebhookFunctions): boolean {
	return invalidPayloadsChoice(context) === 'emit';
}

/** "product.update: qty: should be a whole number, not null", and how many more there are. */
function summaryOf(issues: PayloadIssue[], subject?: string): string {
	const [first] = issues;
	const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
	return `${subject ? `${subject}: ` : ''}${first.path}: ${first.problem}${more}`;
}

/**
 * Answers a delivery that has `issues` as the node's "Invalid Payloads" says: emits `items` (each already
 * carrying its payloadIssues) with the usual success status, acknowledges it without running, or rejects it
 * with 400 and the issues.
 */
export function answerInvalidPayload(
	context: IWebhookFunctions,
	issues: PayloadIssue[],
	items: IDataObject[],
	options: { status?: number; subject?: string } = {},
): IWebhookResponseData {
	switch (invalidPayloadsChoice(context)) {
		case 'acknowledge':
			return acknowledge(context, undefined, options.status);
		case 'reject':
			return rejectBadRequest(context, summaryOf(issues, options.subject));
		default:
			return acknowledge(context, items, options.status);
	}
}
