import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { sendToPlatform } from '../../../shared/transport/platformRequest';
import type { ShopkitCall } from '../shopkitOperation';
import { SHOPKIT_RESENDABLE, shopkitStoreApiAbout } from '../../Shopkit.api';
import { recordIdOf } from '../recordId';
import { fieldsOf, one, productIdOf } from './productFields';

/** Product → Update Variant: `PUT /product/{id}/option/{id_option}`, a variant's price and stock (absolute values). */
export async function updateVariant(context: IExecuteFunctions, itemIndex: number, call: ShopkitCall) {
	const id = productIdOf(context, itemIndex);
	const optionId = recordIdOf(context, itemIndex, 'optionId', 'Variant ID', "Use the variant's (option's) ID in Shopkit");
	const body = fieldsOf(context, itemIndex, 'variantFields');
	const api = shopkitStoreApiAbout(`variant ${optionId} of product ${id}`, SHOPKIT_RESENDABLE);
	const { body: option } = await sendToPlatform<IDataObject>(context, api, { method: 'PUT', path: `/product/${id}/option/${optionId}`, body }, { ...call, itemIndex });
	return one(itemIndex, option);
}
