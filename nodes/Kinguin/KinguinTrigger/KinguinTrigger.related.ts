import type { IWebhookFunctions } from 'n8n-workflow';

import type { PayloadIssue } from '../../shared/inbound/payloadReading';
import { wasRead } from '../../shared/inbound/payloadReading';
import type { RelatedRecord } from '../../shared/related/relatedRecord';
import { KinguinApiClient } from '../Kinguin.api';
import type { KinguinEvent } from '../Kinguin.schemas';
import { KINGUIN_EVENT_TABLE } from '../Kinguin.schemas';

/** The order status whose keys can be downloaded (Kinguin's eCommerce API v1, "Order Statuses"). */
const KEYS_READY_STATUS = 'completed';

/**
 * The records a delivery to be emitted points at, as the node's options ask: its product, or its order and,
 * once the keys are ready, its keys. Only for a delivery whose subject id was read: a record is never fetched
 * for an id the node could not read.
 */
export function relatedRecords(context: IWebhookFunctions, event: KinguinEvent, value: unknown, issues: PayloadIssue[]): RelatedRecord[] {
	const { subject, record, keys } = KINGUIN_EVENT_TABLE[event];
	if (!wasRead(issues, [subject])) return [];
	const payload = value as Record<string, unknown>;
	const id = payload[subject] as string | number;
	const api = new KinguinApiClient(context);
	const wanted = (option: string) => context.getNodeParameter(option, false) as boolean;
	if (record === 'product') return wanted('fetchProduct') ? [api.product(id)] : [];
	const records: RelatedRecord[] = [];
	if (wanted('fetchFullOrder')) records.push(api.order(String(id)));
	const keysReady = keys === 'always' || (keys === 'whenCompleted' && wasRead(issues, ['status']) && payload.status === KEYS_READY_STATUS);
	if (wanted('fetchOrderKeys') && keysReady) records.push(api.keys(String(id)));
	return records;
}
