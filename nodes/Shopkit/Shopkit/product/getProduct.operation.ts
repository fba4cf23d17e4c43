import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { sendToPlatform } from '../../../shared/transport/platformRequest';
import type { ShopkitCall } from '../shopkitOperation';
import { SHOPKIT_RESENDABLE, shopkitStoreApiAbout } from '../../Shopkit.api';
import { one, productIdOf } from './productFields';

/** Product → Get: `GET /product/{id}`. */
export async function getProduct(context: IExecuteFunctions, itemIndex: number, call: ShopkitCall) {
	const id = productIdOf(context, itemIndex);
	const { body } = await sendToPlatform<IDataObject>(context, shopkitStoreApiAbout(`product ${id}`, SHOPKIT_RESENDABLE), { method: 'GET', path: `/product/${id}` }, { ...call, itemIndex });
	return one(itemIndex, body);
}
