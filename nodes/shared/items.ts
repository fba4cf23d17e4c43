import type { IDataObject } from 'n8n-workflow';

/**
 * One emitted item: the validated payload's fields between the trigger's own fields, which lead
 * (`event`, ids) and close (`receivedAt`, ISO 8601) the item so that a payload field can never overwrite
 * them. The items of one delivery share one `receivedAt`.
 */
export function deliveryItem(
	leading: IDataObject,
	payload: object,
	receivedAt: string = new Date().toISOString(),
): IDataObject {
	return { ...leading, ...payload, ...leading, receivedAt };
}
