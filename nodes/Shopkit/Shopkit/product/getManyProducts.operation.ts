import type { IExecuteFunctions } from 'n8n-workflow';

import type { ShopkitCall } from '../shopkitOperation';
import { listShopkitRecords } from '../../Shopkit.api';

/** Product → Get Many: `GET /product`, or the product of one SKU (`reference`), every page to the end or to Limit. */
export async function getManyProducts(context: IExecuteFunctions, itemIndex: number, call: ShopkitCall) {
	const limit = context.getNodeParameter('returnAll', itemIndex, false) ? undefined : (context.getNodeParameter('limit', itemIndex, 50) as number);
	const sku = String(context.getNodeParameter('sku', itemIndex, '')).trim();
	const products = await listShopkitRecords(context, { path: '/product', qs: sku ? { reference: sku } : {}, limit, noun: 'products', ...call, itemIndex });
	return products.map((product) => ({ json: product, pairedItem: { item: itemIndex } }));
}
