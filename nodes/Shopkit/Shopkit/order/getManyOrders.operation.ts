import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ShopkitCall } from '../shopkitOperation';
import { listShopkitRecords } from '../../Shopkit.api';

interface OrderFilters {
	status?: string[];
	paid?: 'any' | 'true' | 'false';
	dateType?: string;
	dateFrom?: string;
	dateTo?: string;
	clientEmail?: string;
	search?: string;
}

/** Shopkit's query for the filters: its dates are days (`yyyy-mm-dd`). */
function queryOf(filters: OrderFilters): Record<string, string> {
	const query: Record<string, string> = {};
	if (filters.status?.length) query.status_alias = filters.status.join(',');
	if (filters.paid && filters.paid !== 'any') query.paid = filters.paid;
	if (filters.dateFrom || filters.dateTo) query.date_type = filters.dateType ?? 'created_at';
	if (filters.dateFrom) query.date_from = String(filters.dateFrom).slice(0, 10);
	if (filters.dateTo) query.date_to = String(filters.dateTo).slice(0, 10);
	if (filters.clientEmail) query.client_email = filters.clientEmail;
	if (filters.search) query.q = filters.search;
	return query;
}

/** Order → Get Many: `GET /order`, filtered, page after page to the end (or to Limit), one item per order. */
export async function getManyOrders(context: IExecuteFunctions, itemIndex: number, call: ShopkitCall): Promise<INodeExecutionData[]> {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (context.getNodeParameter('limit', itemIndex, 50) as number);
	const qs = queryOf(context.getNodeParameter('filters', itemIndex, {}) as OrderFilters);
	const orders = await listShopkitRecords(context, { path: '/order', qs, limit, noun: 'orders', ...call, itemIndex });
	return orders.map((order) => ({ json: order, pairedItem: { item: itemIndex } }));
}
