import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { sendToPlatform } from '../../../shared/transport/platformRequest';
import type { ShopkitCall } from '../shopkitOperation';
import { SHOPKIT_RESENDABLE, shopkitStoreApiAbout } from '../../Shopkit.api';
import { fieldsOf, one, productIdOf } from './productFields';

/** Product → Update: `PUT /product/{id}` with absolute values (price, promo price, stock, status), sent again after any failure that may pass. */
export async function updateProduct(context: IExecuteFunctions, itemIndex: number, call: ShopkitCall) {
	const id = productIdOf(context, itemIndex);
	const body = fieldsOf(context, itemIndex, 'updateFields');
	const { body: product } = await sendToPlatform<IDataObject>(context, shopkitStoreApiAbout(`product ${id}`, SHOPKIT_RESENDABLE), { method: 'PUT', path: `/product/${id}`, body }, { ...call, itemIndex });
	return one(itemIndex, product);
}
