import { z } from 'zod';

import { objectOf } from '../../shared/inbound/itemSchemas';
import type { NodeOutput, OutputVariants } from '../../shared/inbound/itemSchemas';
import { SUPPLIER_ACTIONS, SupplierStockUpdate } from '../SupplierMarketplace.schemas';

/**
 * The Supplier Marketplace node's output item per operation (stockUpdateItems.ts): the stock update it sent
 * with the marketplace's answer, or with Continue On Fail a failure item. The source of its schema previews.
 */
function itemsOf(action: (typeof SUPPLIER_ACTIONS)[number]): OutputVariants {
	const request = objectOf(SupplierStockUpdate).extend({ action: z.literal(action) }).describe('The stock update sent');
	const answer = {
		status: z.number().int().nullable().optional().describe("For an update sent: the marketplace's HTTP status, null without an answer"),
		response: z.unknown().describe("For an update sent: the marketplace's answer to its last attempt, as it sent it"),
		attempts: z.number().int().min(1).optional().describe('For an update sent: how many times it was sent'),
	};
	return {
		'for an update the marketplace applied': z.object({
			outcome: z.literal('applied'),
			request,
			response: z.unknown().describe("The marketplace API's answer, as it sent it"),
			attempts: z.number().int().min(1).describe('How many times the update was sent (retries included)'),
		}),
		'with Continue On Fail, for an update that was not applied, may have been, or was not sent': z.object({
			error: z.object({
				message: z.string().describe('What happened, and what to do'),
				description: z.string().optional().describe("More of what happened: the marketplace's reason, or how long it was waited for"),
				outcome: z
					.enum(['failed', 'unknown', 'notSent', 'invalid'])
					.describe('failed: not applied; unknown: may have been applied, not sent again; notSent: never sent; invalid: the item could not make an update'),
				request: request.nullable(),
				...answer,
				check: z.string().optional().describe('For an unknown outcome: how to find out whether it was applied'),
			}),
		}),
	};
}

export const output: NodeOutput = {
	byOperation: Object.fromEntries(SUPPLIER_ACTIONS.map((action) => [action, itemsOf(action)])),
};
