import { z } from 'zod';

import * as reading from '../shared/inbound/readingRules';

const wholeCount = z.number().int().min(0);

/** One size line as the supplier reports it to the marketplace. */
export const SupplierSize = z
	.object({
		value: z.string().min(1),
		count: wholeCount,
		soldCount: wholeCount.optional(),
		sizeId: z.number().int().optional(),
	})
	.passthrough();

/**
 * One size line as the marketplace sends it: the seed documents `value` as text (a size such as "42" is
 * also sent as a number) and `soldCount` as a number, negative for a return.
 */
export const SupplierSaleSize = z
	.object({
		value: reading.text(),
		count: reading.integer(),
		soldCount: reading.integer().nullable().optional(),
		sizeId: reading.integerId().nullable().optional(),
	})
	.passthrough();

/** What the marketplace posts to the supplier's webhook: sales and returns. */
export const SupplierSalesDelivery = z
	.object({
		products: z.array(
			z
				.object({
					id: reading.integerId(),
					sizes: z.array(SupplierSaleSize),
				})
				.passthrough(),
		),
	})
	.passthrough();

export const SUPPLIER_ACTIONS = ['receipts', 'sold', 'cancel', 'return', 'price'] as const;
export type SupplierAction = (typeof SUPPLIER_ACTIONS)[number];

/** What the supplier posts to the marketplace's API URL. */
export const SupplierStockUpdate = z
	.object({
		supplierProductId: z.string().trim().min(1),
		action: z.enum(SUPPLIER_ACTIONS),
		newPrice: z.number().positive().optional(),
		sizes: z.array(SupplierSize.strict()),
	})
	.strict()
	.superRefine((update, context) => {
		if (update.action === 'price' && update.newPrice === undefined) {
			context.addIssue({ code: z.ZodIssueCode.custom, path: ['newPrice'], message: 'is required for a price update' });
		}
		if (update.action !== 'price' && update.sizes.length === 0) {
			context.addIssue({ code: z.ZodIssueCode.custom, path: ['sizes'], message: `needs at least one size for a ${update.action} update` });
		}
	});

export type SupplierSize = z.infer<typeof SupplierSize>;
export type SupplierSaleSize = z.infer<typeof SupplierSaleSize>;
export type SupplierSalesDelivery = z.infer<typeof SupplierSalesDelivery>;
export type SupplierStockUpdate = z.infer<typeof SupplierStockUpdate>;
