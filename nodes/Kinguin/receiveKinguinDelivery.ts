import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	acknowledge,
	deliveryItem,
	DeliveryLedger,
	readHeader,
	readJsonBody,
	recentCredentials,
	refuseUnauthenticated,
	rejectBadRequest,
	secretsMatch,
} from '../shared';
import { kinguinSecretFailure } from './kinguinSecretFailure';
import { isKinguinEvent, parseKinguinDelivery } from './KinguinSchemas';
import { missingKinguinSecret } from './missingKinguinSecret';
import type { KinguinOrderStatus } from './KinguinSchemas';

/** Enough for a store's active products and open orders; each delivery rewrites it in static data. */
export const NEWEST_UPDATES_REMEMBERED = 1000;

export async function receiveKinguinDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const { secret } = await recentCredentials<{ secret?: string }>(this, 'kinguinWebhookApi');
	if (!secret) {
		throw missingKinguinSecret(this.getNode());
	}
	const headers = this.getHeaderData();
	const received = readHeader(headers, 'x-event-secret');
	if (!secretsMatch(secret, received)) return refuseUnauthenticated(this, () => kinguinSecretFailure(received));

	const event = readHeader(headers, 'x-event-name');
	if (!event) return rejectBadRequest(this, 'The X-Event-Name header is missing');
	const selected = this.getNodeParameter('events', []) as string[];
	if (!isKinguinEvent(event) || !selected.includes(event)) return acknowledge(this);

	const body = await readJsonBody(this.getRequestObject());
	if (!body.ok) return rejectBadRequest(this, body.reason, body.status);
	const parsed = parseKinguinDelivery(event, body.value);
	if (!parsed.ok) return rejectBadRequest(this, `${event}: ${parsed.reason}`);
	const { payload, subject, updatedAtMillis } = parsed.value;

	if (this.getNodeParameter('ignoreOutOfOrder', true) as boolean) {
		const newest = DeliveryLedger.forNode(this, 'newestUpdate', NEWEST_UPDATES_REMEMBERED);
		if (!newest.acceptNewer(subject, updatedAtMillis)) return acknowledge(this);
	}
	if (event === 'order.status') {
		const { status } = payload as KinguinOrderStatus;
		const onlyStatuses = this.getNodeParameter('onlyStatuses', []) as string[];
		if (onlyStatuses.length > 0 && !onlyStatuses.includes(status)) return acknowledge(this);
	}
	return acknowledge(this, [deliveryItem({ event }, payload)]);
}
