import type { IWebhookFunctions } from 'n8n-workflow';

import type { PayloadIssue } from '../../shared/inbound/payloadReading';
import { wasRead } from '../../shared/inbound/payloadReading';
import type { RelatedRecord } from '../../shared/related/relatedRecord';
import { KinguinApiClient } from '../Kinguin.api';
import type { KinguinEvent } from '../Kinguin.schemas';

/** The order status whose keys can be downloaded (Kinguin's eCommerce API v1, "Order Statuses"). */
const KEYS_READY_STATUS = 'completed';

/**
 * The records a delivery to be emitted points at, as the node's options ask: its order and, once the keys are
 * ready, the keys (order.status, order.complete), or its product (product.update). Only for a delivery whose id
 * was read: a record is never fetched for an id the node could not read.
 */
export function relatedRecords(context: IWebhookFunctions, event: KinguinEvent, value: unknown, issues: PayloadIssue[]): RelatedRecord[] {
	const payload = value as Record<string, unknown>;
	const api = new KinguinApiClient(context);
	const wanted = (option: string) => context.getNodeParameter(option, false) as boolean;
	if (event === 'product.update') {
		return wanted('fetchProduct') && wasRead(issues, ['kinguinId']) ? [api.product(payload.kinguinId as string | number)] : [];
	}
	if (!wasRead(issues, ['orderId'])) return [];
	const orderId = payload.orderId as string;
	const records: RelatedRecord[] = [];
	if (wanted('fetchFullOrder')) records.push(api.order(orderId));
	const keysReady = event === 'order.complete' || (wasRead(issues, ['status']) && payload.status === KEYS_READY_STATUS);
	if (wanted('fetchOrderKeys') && keysReady) records.push(api.keys(orderId));
	return records;
}
