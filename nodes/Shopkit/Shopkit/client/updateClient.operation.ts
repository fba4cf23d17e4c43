import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sendToPlatform } from '../../../shared/transport/platformRequest';
import type { ShopkitCall } from '../shopkitOperation';
import { SHOPKIT_RESENDABLE, shopkitStoreApiAbout } from '../../Shopkit.api';
import { clientIdOf, clientIn, one, withTagList } from './clientFields';

/** Client → Update: `PUT /client/{id}`, absolute values. */
export async function updateClient(context: IExecuteFunctions, itemIndex: number, call: ShopkitCall) {
	const id = clientIdOf(context, itemIndex);
	const fields = withTagList(context.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
	if (Object.keys(fields).length === 0) {
		throw new NodeOperationError(context.getNode(), 'Update Fields is empty: there is nothing to update', { itemIndex, description: 'Add at least one field under Update Fields; nothing was sent to Shopkit.' });
	}
	const { body } = await sendToPlatform<unknown>(context, shopkitStoreApiAbout(`client ${id}`, SHOPKIT_RESENDABLE), { method: 'PUT', path: `/client/${id}`, body: fields }, { ...call, itemIndex });
	return one(itemIndex, clientIn(body));
}
