import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { recordIdOf } from '../recordId';

export const productIdOf = (context: IExecuteFunctions, itemIndex: number) => recordIdOf(context, itemIndex, 'productId', 'Product ID', "Use the product's ID in Shopkit");

export const one = (itemIndex: number, json: IDataObject | undefined): INodeExecutionData[] => [{ json: json ?? {}, pairedItem: { item: itemIndex } }];

/** An update's fields, refused before a call when empty; stock set turns stock tracking on, as Shopkit requires for it. */
export function fieldsOf(context: IExecuteFunctions, itemIndex: number, parameter: string): IDataObject {
	const fields = { ...(context.getNodeParameter(parameter, itemIndex, {}) as IDataObject) };
	if (Object.keys(fields).length === 0) {
		throw new NodeOperationError(context.getNode(), 'Update Fields is empty: there is nothing to update', {
			itemIndex,
			description: 'Add at least one field under Update Fields; nothing was sent to Shopkit.',
		});
	}
	if (fields.stock_qty !== undefined) fields.stock_enabled = true;
	return fields;
}
