import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { settleClaims } from '../memory/deliveryLedger';

/** How a platform's delivery is acknowledged unless its node says otherwise (the supplier marketplace: 200). */
export const ACCEPTED_STATUS = 204;

/** The status each hand-over (acknowledge with items) is to be answered with, for an answer written early. */
const acceptedStatuses = new WeakMap<IWebhookResponseData, number>();

/**
 * An answer the node writes itself, telling n8n not to answer again: refusals, and acknowledgements that start
 * nothing. n8n's default reply ("Workflow was started") would otherwise follow.
 */
function send(
	context: IWebhookFunctions,
	status: number,
	body?: string | IDataObject,
	headers: Record<string, string> = {},
): void {
	const response = context.getResponseObject();
	for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
	response.status(status);
	if (body === undefined) response.end();
	else if (typeof body === 'string') response.send(body);
	else response.json(body);
}

/** 401: the delivery did not prove it comes from the platform. Nothing runs. */
export function rejectUnauthorized(
	context: IWebhookFunctions,
	headers?: Record<string, string>,
): IWebhookResponseData {
	send(context, 401, 'Unauthorized', headers);
	return { noWebhookResponse: true };
}

/**
 * 400 (or 413 for a body too large to read) with a short reason: the delivery is authentic but its body
 * is unusable. Nothing runs, and nothing of it is remembered: the platform's retry is refused again.
 */
export function rejectBadRequest(context: IWebhookFunctions, reason: string, status: 400 | 413 = 400): IWebhookResponseData {
	settleClaims(context, false);
	send(context, status, { error: reason });
	return { noWebhookResponse: true };
}

/**
 * Acknowledges a delivery with an empty body (204 unless told otherwise) and, when `items` are given, hands
 * them to n8n to start the workflow. Without items the delivery is accepted but deliberately not emitted, and
 * answered at once. With items n8n answers, with the `responseCode` of the node's webhook description
 * (deliveryWebhook.ts, the same `status`): n8n 2.x first starts the execution and saves the static data that
 * remembers the delivery, so an answered delivery is never one n8n has not got (RECIPE §8a).
 */
export function acknowledge(context: IWebhookFunctions, items?: IDataObject[], status = ACCEPTED_STATUS): IWebhookResponseData {
	if (!items || items.length === 0) {
		send(context, status);
		return { noWebhookResponse: true };
	}
	const handedOver: IWebhookResponseData = { workflowData: [context.helpers.returnJsonArray(items)] };
	acceptedStatuses.set(handedOver, status);
	return handedOver;
}

/**
 * Writes now the answer n8n would give a hand-over once it has it: for a delivery whose items are still being
 * completed when the platform's deadline comes (relatedAnswer.ts). Until its items are handed over, nothing of
 * the delivery is in what n8n saves.
 */
export function answerNow(context: IWebhookFunctions, answered: IWebhookResponseData): IWebhookResponseData {
	if (answered.noWebhookResponse) return answered;
	send(context, acceptedStatuses.get(answered) ?? ACCEPTED_STATUS);
	return { ...answered, noWebhookResponse: true };
}

/**
 * 503 with `Retry-After` in seconds (the form every HTTP client reads): the node cannot take the delivery yet and
 * the platform should send it again later. Nothing runs.
 */
export function answerServiceUnavailable(context: IWebhookFunctions, retryAfterSeconds: number): IWebhookResponseData {
	send(context, 503, 'Service Unavailable', { 'Retry-After': String(retryAfterSeconds) });
	return { noWebhookResponse: true };
}
