import type { IExecuteFunctions } from 'n8n-workflow';

import { recordIdOf } from '../recordId';

/** The item's Order ID. */
export function orderIdOf(context: IExecuteFunctions, itemIndex: number): string {
	return recordIdOf(context, itemIndex, 'orderId', 'Order ID', "Use the order's number in Shopkit, such as the Shopkit Trigger's orderId");
}
