import type { IDataObject } from 'n8n-workflow';

/**
 * One emitted item: the validated payload's fields between the trigger's own fields, which lead
 * (`event`, ids) and close (`receivedAt`) the item so that a payload field can never overwrite them.
 */
export function deliveryItem(
	leading: IDataObject,
	payload: object,
	receivedAt: Date = new Date(),
): IDataObject {
	return { ...leading, ...payload, ...leading, receivedAt: receivedAt.toISOString() };
}
