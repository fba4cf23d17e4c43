import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sendToPlatform } from '../../../shared/transport/platformRequest';
import type { ShopkitCall } from '../shopkitOperation';
import { SHOPKIT_ONCE, SHOPKIT_RESENDABLE, shopkitStoreApiAbout } from '../../Shopkit.api';
import { orderIdOf } from './orderId';
import { ORDER_STATUSES } from './orderStatuses';

/** The invoice in the item's binary property, as Shopkit takes a file (`invoice_file`, base64). */
async function invoiceFileOf(context: IExecuteFunctions, itemIndex: number, property: string): Promise<string> {
	const binary = context.getInputData()[itemIndex]?.binary?.[property];
	if (!binary) {
		throw new NodeOperationError(context.getNode(), `Invoice File: the input item has no binary property "${property}"`, {
			itemIndex,
			description: 'Name the binary property that holds the invoice (the node before this one shows it under Binary); nothing was sent to Shopkit.',
		});
	}
	return (await context.helpers.getBinaryDataBuffer(itemIndex, property)).toString('base64');
}

/** The body of `PUT /order/{id}`: the fields set, tags as a list, an invoice file read. Nothing set is refused before a call. */
async function updateOf(context: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const { invoiceFile, ...set } = context.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const fields: IDataObject = { ...set };
	if (typeof invoiceFile === 'string' && invoiceFile) fields.invoice_file = await invoiceFileOf(context, itemIndex, invoiceFile);
	if (typeof fields.tags === 'string') {
		fields.tags = fields.tags
			.split(',')
			.map((tag) => tag.trim())
			.filter(Boolean);
	}
	if (fields.status_alias !== undefined && !(ORDER_STATUSES as readonly unknown[]).includes(fields.status_alias)) {
		throw new NodeOperationError(context.getNode(), `Status "${String(fields.status_alias)}" is not one Shopkit knows`, {
			itemIndex,
			description: `Use one of ${ORDER_STATUSES.join(', ')}; nothing was sent to Shopkit.`,
		});
	}
	if (Object.keys(fields).length === 0) {
		throw new NodeOperationError(context.getNode(), 'Update Fields is empty: there is nothing to update', {
			itemIndex,
			description: 'Add at least one field under Update Fields (Status, Paid, Invoice URL, Tracking Code …); nothing was sent to Shopkit.',
		});
	}
	return fields;
}

/**
 * Order → Update: `PUT /order/{id}` with absolute values, sent again after a failure that may have passed, since
 * a second time sets the same; with Notify Client, which e-mails the client each time, only after a failure
 * that says Shopkit did not process it.
 */
export async function updateOrder(context: IExecuteFunctions, itemIndex: number, call: ShopkitCall): Promise<INodeExecutionData[]> {
	const id = orderIdOf(context, itemIndex);
	const body = await updateOf(context, itemIndex);
	const retry = body.notify_client === true ? SHOPKIT_ONCE : SHOPKIT_RESENDABLE;
	const answer = await sendToPlatform<IDataObject>(context, shopkitStoreApiAbout(`order ${id}`, retry), { method: 'PUT', path: `/order/${id}`, body }, { ...call, itemIndex });
	return [{ json: answer.body ?? {}, pairedItem: { item: itemIndex } }];
}
