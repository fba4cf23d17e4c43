import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { writeOnce } from '../../../shared/action/writeOnce';
import { sendToPlatform } from '../../../shared/transport/platformRequest';
import type { ShopkitCall } from '../shopkitOperation';
import { listShopkitRecords, SHOPKIT_ONCE, shopkitStoreApiAbout } from '../../Shopkit.api';
import { one } from './productFields';

/**
 * Product → Create: `POST /product`, never twice (writeOnce). Shopkit has no 409 for products, so after a
 * failure that may have passed the product is looked up by its SKU; without a SKU nothing tells, and the item
 * says so.
 */
export async function createProduct(context: IExecuteFunctions, itemIndex: number, call: ShopkitCall) {
	const reference = String(context.getNodeParameter('reference', itemIndex, '')).trim();
	const body: IDataObject = {
		title: context.getNodeParameter('title', itemIndex) as string,
		price: context.getNodeParameter('price', itemIndex) as number,
		...(context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
		...(reference ? { reference } : {}),
	};
	if (body.stock_qty !== undefined) body.stock_enabled = true;
	const { value, readBack } = await writeOnce<IDataObject>(context.getNode(), {
		send: async () => (await sendToPlatform<IDataObject>(context, shopkitStoreApiAbout('such product', SHOPKIT_ONCE), { method: 'POST', path: '/product', body }, { ...call, itemIndex })).body ?? {},
		lookUp: reference ? async () => (await listShopkitRecords(context, { path: '/product', qs: { reference }, limit: 1, noun: 'products', ...call, itemIndex }))[0] : undefined,
		unknown: reference
			? `Shopkit may have created the product with SKU ${reference}, and it could not be looked up to tell: check the products in Shopkit before creating it again.`
			: 'Shopkit may have created the product, and without a SKU it cannot be looked up: check the products in Shopkit before creating it again, and give products a SKU.',
	});
	return one(itemIndex, readBack ? { ...value, readBack } : value);
}
