import type { IExecuteFunctions } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

import type { BodyResult } from '../../shared/inbound/body';
import { validatePayload } from '../../shared/inbound/body';
import { SupplierStockUpdate } from '../SupplierMarketplace.schemas';
import { convertMappedValues } from './mappedValues';

interface SizeFields {
	value?: string;
	count?: number;
	options?: { soldCount?: number; sizeId?: number };
}

function sizesOf(context: IExecuteFunctions, itemIndex: number): unknown {
	if (context.getNodeParameter('sizesSource', itemIndex, 'fields') === 'json') {
		const raw = context.getNodeParameter('sizesJson', itemIndex, '[]') as unknown;
		return typeof raw === 'string' ? jsonParse(raw, { fallbackValue: raw }) : raw;
	}
	const rows = (context.getNodeParameter('sizes.size', itemIndex, []) as SizeFields[]) ?? [];
	return rows.map(({ value, count, options }) => ({ value, count, ...options }));
}

/**
 * The stock update an item asks for, its mapped values converted where nothing is lost, then validated with
 * the same schema the marketplace's API follows. A failure names the field, so the error can say which item
 * and what to fix.
 */
export function buildStockUpdate(context: IExecuteFunctions, itemIndex: number): BodyResult<SupplierStockUpdate> {
	const action = context.getNodeParameter('operation', itemIndex) as string;
	const newPrice =
		action === 'price'
			? context.getNodeParameter('newPrice', itemIndex)
			: (context.getNodeParameter('additionalFields', itemIndex, {}) as { newPrice?: number }).newPrice;
	const update = convertMappedValues({
		supplierProductId: context.getNodeParameter('supplierProductId', itemIndex),
		action,
		newPrice,
		sizes: sizesOf(context, itemIndex),
	});
	return update.ok ? validatePayload(SupplierStockUpdate, update.value) : update;
}
