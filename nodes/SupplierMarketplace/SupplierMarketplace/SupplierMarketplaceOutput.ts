import { z } from 'zod';

import { objectOf } from '../../shared/itemSchemas';
import type { NodeOutput, OutputVariants } from '../../shared/itemSchemas';
import { SUPPLIER_ACTIONS, SupplierStockUpdate } from '../SupplierMarketplaceSchemas';

/**
 * The Supplier Marketplace node's output item per operation (SupplierMarketplace.node.ts): the stock update
 * it sent with the marketplace's answer, or with Continue On Fail the error. The source of its schema previews.
 */
function itemsOf(action: (typeof SUPPLIER_ACTIONS)[number]): OutputVariants {
	const request = objectOf(SupplierStockUpdate).extend({ action: z.literal(action) }).describe('The stock update sent');
	return {
		'for an update sent': z.object({
			request,
			response: z.unknown().describe("The marketplace API's answer, as it sent it"),
			attempts: z.number().int().min(1).describe('How many times the update was sent (retries included)'),
		}),
		'with Continue On Fail, for an update that failed': z.object({
			error: z.string().describe('Why the update failed'),
			request: request.nullable(),
		}),
	};
}

export const output: NodeOutput = {
	byOperation: Object.fromEntries(SUPPLIER_ACTIONS.map((action) => [action, itemsOf(action)])),
};
