import type { IDataObject } from 'n8n-workflow';

import type { PayloadIssue } from './payloadReading';

/** The trigger's own fields that close an item, after the payload. */
export interface ClosingFields {
	/** Whether the delivery is the platform's test (a dashboard button, a test route), not a real event. */
	isTest?: boolean;
	/** What in the payload differs from its documented shape; listed only when something does. */
	payloadIssues?: PayloadIssue[];
	/** ISO 8601; the items of one delivery share one. */
	receivedAt?: string;
}

/**
 * One emitted item: the payload's fields between the trigger's own fields, which lead (`event`, ids) and
 * close (`isTest`, `payloadIssues`, `receivedAt`) the item so that a payload field can never overwrite them.
 */
export function deliveryItem(leading: IDataObject, payload: object, closing: ClosingFields = {}): IDataObject {
	const { isTest, payloadIssues, receivedAt = new Date().toISOString() } = closing;
	const item: IDataObject = {
		...leading,
		...payload,
		...leading,
		...(isTest === undefined ? {} : { isTest }),
		...(payloadIssues?.length ? { payloadIssues } : {}),
		receivedAt,
	};
	// a workflow routes on payloadIssues: a payload's own field of that name must not pass for the trigger's
	if (!payloadIssues?.length && 'payloadIssues' in item) delete item.payloadIssues;
	return item;
}
