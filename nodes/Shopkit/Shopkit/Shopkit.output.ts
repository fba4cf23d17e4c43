import { z } from 'zod';

import { objectOf } from '../../shared/inbound/itemSchemas';
import type { NodeOutput } from '../../shared/inbound/itemSchemas';
import { ShopkitCustomer, ShopkitOrder, ShopkitProduct, ShopkitProductOption } from '../Shopkit.schemas';

/** With Continue On Fail, an item that failed (eachItem.ts). */
const failed = z.object({
	error: z.object({
		message: z.string().describe('What happened, and what to do'),
		description: z.string().optional().describe("Shopkit's reason, or more of what happened"),
		outcome: z.enum(['failed', 'unknown', 'notSent']).describe('failed: Shopkit did not apply it; unknown: it may have (the item says how to check); notSent: the Time Budget ran out before it'),
		status: z.number().int().nullable().optional().describe("Shopkit's HTTP status, null without an answer"),
		response: z.unknown().describe("Shopkit's answer, as it sent it"),
		attempts: z.number().int().min(1).optional().describe('How many times it was sent'),
	}),
});

const onFailure = 'with Continue On Fail, for an item that failed';

const readBack = { readBack: z.boolean().optional().describe('Whether it was looked up after a failure that may have passed, instead of being sent again') };

const invoice = z.object({
	orderId: z.number().int(),
	issued: z.boolean().describe('Whether this request issued the invoice'),
	alreadyIssued: z.boolean().describe('Whether Shopkit had issued it already (its 409)'),
	message: z.string().nullable().describe("Shopkit's words"),
	invoiceUrl: z.string().optional().describe('The invoice found on the order, when it was read back after a failure'),
	readBack: z.boolean().optional().describe('Whether the order was read back after a failure that may have passed'),
});

/** The Shopkit node's items per resource and operation: the source of its schema previews. */
export const output: NodeOutput = {
	byResource: {
		order: {
			get: { 'the order': ShopkitOrder, [onFailure]: failed },
			getMany: { 'one item per order': ShopkitOrder, [onFailure]: failed },
			update: { 'the order as Shopkit answered the update': ShopkitOrder, [onFailure]: failed },
			issueInvoice: { 'whether the invoice was issued': invoice, [onFailure]: failed },
		},
		product: {
			get: { 'the product': ShopkitProduct, [onFailure]: failed },
			getMany: { 'one item per product': ShopkitProduct, [onFailure]: failed },
			create: { 'the product created (or found by its SKU after a failure)': objectOf(ShopkitProduct).extend(readBack), [onFailure]: failed },
			update: { 'the product as Shopkit answered the update': ShopkitProduct, [onFailure]: failed },
			updateVariant: { 'the variant as Shopkit answered the update': ShopkitProductOption, [onFailure]: failed },
		},
		client: {
			get: { 'the client': ShopkitCustomer, [onFailure]: failed },
			getMany: { 'one item per client': ShopkitCustomer, [onFailure]: failed },
			create: { 'the client created, or the one Shopkit had with this e-mail': objectOf(ShopkitCustomer).extend({ ...readBack, alreadyExisted: z.boolean().optional().describe('Whether Shopkit had a client with this e-mail already') }), [onFailure]: failed },
			update: { 'the client as Shopkit answered the update': ShopkitCustomer, [onFailure]: failed },
		},
	},
};
