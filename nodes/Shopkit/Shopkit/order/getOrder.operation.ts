import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { sendToPlatform } from '../../../shared/transport/platformRequest';
import type { ShopkitCall } from '../shopkitOperation';
import { SHOPKIT_RESENDABLE, shopkitStoreApiAbout } from '../../Shopkit.api';
import { orderIdOf } from './orderId';

/** Order → Get: `GET /order/{id}`, the order as Shopkit sends it. */
export async function getOrder(context: IExecuteFunctions, itemIndex: number, call: ShopkitCall): Promise<INodeExecutionData[]> {
	const id = orderIdOf(context, itemIndex);
	const { body } = await sendToPlatform<IDataObject>(context, shopkitStoreApiAbout(`order ${id}`, SHOPKIT_RESENDABLE), { method: 'GET', path: `/order/${id}` }, { ...call, itemIndex });
	return [{ json: body ?? {}, pairedItem: { item: itemIndex } }];
}
