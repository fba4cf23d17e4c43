import type { IExecuteFunctions } from 'n8n-workflow';

import type { ShopkitCall } from '../shopkitOperation';
import { listShopkitRecords } from '../../Shopkit.api';

/** Client → Get Many: `GET /client`, every page to the end or to Limit. */
export async function getManyClients(context: IExecuteFunctions, itemIndex: number, call: ShopkitCall) {
	const limit = context.getNodeParameter('returnAll', itemIndex, false) ? undefined : (context.getNodeParameter('limit', itemIndex, 50) as number);
	const search = String(context.getNodeParameter('search', itemIndex, '')).trim();
	const clients = await listShopkitRecords(context, { path: '/client', qs: search ? { q: search } : {}, limit, noun: 'clients', ...call, itemIndex });
	return clients.map((client) => ({ json: client, pairedItem: { item: itemIndex } }));
}
