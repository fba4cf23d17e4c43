import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { writeOnce } from '../../../shared/action/writeOnce';
import { sendToPlatform } from '../../../shared/transport/platformRequest';
import type { ShopkitCall } from '../shopkitOperation';
import { SHOPKIT_ONCE, SHOPKIT_RESENDABLE, shopkitStoreApiAbout } from '../../Shopkit.api';
import { orderIdOf } from './orderId';

/**
 * Order → Issue Invoice: `POST /order/{id}/invoice`, which has the store's invoice app issue the invoice, never
 * twice (writeOnce): after a failure that may have passed, an invoice URL on the order, read back, says it
 * exists; without one the request is sent once more, which Shopkit answers 409 had it issued it after all.
 */
export async function issueInvoice(context: IExecuteFunctions, itemIndex: number, call: ShopkitCall): Promise<INodeExecutionData[]> {
	const id = orderIdOf(context, itemIndex);
	const api = (retry: typeof SHOPKIT_ONCE | typeof SHOPKIT_RESENDABLE) => shopkitStoreApiAbout(`order ${id}`, retry);
	const { value, readBack } = await writeOnce<IDataObject>(context.getNode(), {
		send: async () => {
			const { body } = await sendToPlatform<IDataObject>(context, api(SHOPKIT_ONCE), { method: 'POST', path: `/order/${id}/invoice`, acceptedFailures: ['409'] }, { ...call, itemIndex });
			return { issued: body !== undefined, alreadyIssued: body === undefined, message: body?.message ?? null };
		},
		lookUp: async () => {
			const { body } = await sendToPlatform<IDataObject>(context, api(SHOPKIT_RESENDABLE), { method: 'GET', path: `/order/${id}` }, { ...call, itemIndex });
			return body?.invoice_url ? { issued: true, alreadyIssued: false, message: null, invoiceUrl: body.invoice_url } : undefined;
		},
		unknown: `Shopkit may have issued the invoice of order ${id}, and the order could not be read back to tell: check the order in Shopkit before issuing it again.`,
	});
	return [{ json: { orderId: Number(id), ...value, ...(readBack ? { readBack } : {}) }, pairedItem: { item: itemIndex } }];
}
