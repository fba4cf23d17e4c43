import type { ShopkitOperation } from '../shopkitOperation';
import { getManyOrders } from './getManyOrders.operation';
import { getOrder } from './getOrder.operation';
import { issueInvoice } from './issueInvoice.operation';
import { updateOrder } from './updateOrder.operation';

/** Each order operation, and whether it writes (a failure that may have passed is then `unknown`). */
export const ORDER_OPERATIONS: Record<string, ShopkitOperation> = {
	get: { run: getOrder, writes: false },
	getMany: { run: getManyOrders, writes: false },
	update: { run: updateOrder, writes: true },
	issueInvoice: { run: issueInvoice, writes: true },
};
