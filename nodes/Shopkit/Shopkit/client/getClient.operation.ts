import type { IExecuteFunctions } from 'n8n-workflow';

import { sendToPlatform } from '../../../shared/transport/platformRequest';
import type { ShopkitCall } from '../shopkitOperation';
import { SHOPKIT_RESENDABLE, shopkitStoreApiAbout } from '../../Shopkit.api';
import { clientIdOf, clientIn, one } from './clientFields';

/** Client → Get: `GET /client/{id or hash}`. */
export async function getClient(context: IExecuteFunctions, itemIndex: number, call: ShopkitCall) {
	const id = clientIdOf(context, itemIndex);
	const { body } = await sendToPlatform<unknown>(context, shopkitStoreApiAbout(`client ${id}`, SHOPKIT_RESENDABLE), { method: 'GET', path: `/client/${id}` }, { ...call, itemIndex });
	return one(itemIndex, clientIn(body));
}
