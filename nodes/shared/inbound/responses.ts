import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/**
 * Every answer is written by the node itself and n8n is told not to answer again, so the platform gets
 * exactly the status and body it expects; n8n's default reply ("Workflow was started") would otherwise follow.
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
 * is unusable. Nothing runs.
 */
export function rejectBadRequest(context: IWebhookFunctions, reason: string, status: 400 | 413 = 400): IWebhookResponseData {
	send(context, status, { error: reason });
	return { noWebhookResponse: true };
}

/**
 * Acknowledges a delivery with an empty body (204 unless told otherwise) and, when `items` are given,
 * starts the workflow with them. Without items the delivery is accepted but deliberately not emitted.
 */
export function acknowledge(
	context: IWebhookFunctions,
	items?: IDataObject[],
	status = 204,
): IWebhookResponseData {
	send(context, status);
	if (!items || items.length === 0) return { noWebhookResponse: true };
	return { noWebhookResponse: true, workflowData: [context.helpers.returnJsonArray(items)] };
}

/**
 * 503 with `Retry-After` in seconds (the form every HTTP client reads): the node cannot take the delivery yet and
 * the platform should send it again later. Nothing runs.
 */
export function answerServiceUnavailable(context: IWebhookFunctions, retryAfterSeconds: number): IWebhookResponseData {
	send(context, 503, 'Service Unavailable', { 'Retry-After': String(retryAfterSeconds) });
	return { noWebhookResponse: true };
}
