import type { IWebhookFunctions } from 'n8n-workflow';

import type { JsonBody } from '../../shared/inbound/body';
import { isPlainObject } from '../../shared/inbound/payloadReading';

/** Every published example of Kinguin's webhook page is dated 2020-10-16 11:24:08 (UTC). */
const EXAMPLE_TIME = /^2020-10-16T11:24:08(\.\d+)?\+00:?00$/;

/** The product and the order of Kinguin's published examples, by the ids that identify them. */
function isDocumentedExample(payload: unknown): boolean {
	if (!isPlainObject(payload) || typeof payload.updatedAt !== 'string' || !EXAMPLE_TIME.test(payload.updatedAt)) return false;
	return (
		(payload.kinguinId === 1949 && payload.productId === '5c9b5f6b2539a4e8f172916a') ||
		(payload.orderId === 'PHS84FJAG5U' && payload.orderExternalId === 'AL2FEEHOO2OHF')
	);
}

/**
 * Whether a request is the dashboard's TEST URL button. Kinguin does not document what it sends, so the
 * node takes for a test a request that names no event (X-Event-Name missing or empty) or whose body is one
 * of Kinguin's published examples (their product and order ids, dated 2020-10-16 11:24:08): no real
 * delivery is either (README, "What was assumed").
 */
export function isKinguinTestRequest(event: string | undefined, body: JsonBody): boolean {
	return event === undefined || (body.ok && isDocumentedExample(body.value));
}

/**
 * Whether a request sent no secret at all, as the TEST URL button does before a secret is set in the
 * dashboard: X-Event-Secret absent or empty. A header sent twice with different values is a secret sent.
 */
export function sendsNoSecret(headers: ReturnType<IWebhookFunctions['getHeaderData']>): boolean {
	return Object.entries(headers).every(([name, value]) => name.toLowerCase() !== 'x-event-secret' || value === '' || value === undefined);
}
