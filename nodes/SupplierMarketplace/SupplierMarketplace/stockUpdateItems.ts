import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { SupplierStockUpdate } from '../SupplierMarketplace.schemas';
import type { SentUpdate } from './sendStockUpdates';
import { movesStock } from '../SupplierMarketplace.api';

/** What the node knows of an item's update, as its output says it (`outcome`). */
export type Outcome = 'applied' | 'failed' | 'unknown' | 'notSent' | 'invalid';

/**
 * A failure item as n8n's own nodes build it with Continue On Fail: its json holds only `error` (the message)
 * and `details`, which is what n8n 2.x's "Continue (using error output)" moves to the error output (with the
 * input item's fields merged in); with "Continue (regular output)" it stays on the one output.
 */
function failureItem(itemIndex: number, error: string, details: IDataObject & { outcome: Outcome }): INodeExecutionData {
	return { json: { error, details }, pairedItem: { item: itemIndex } };
}

function checkFor(update: SupplierStockUpdate): string {
	return movesStock(update)
		? `Check the stock of ${update.supplierProductId} in the supplier dashboard: if this ${update.action} update is missing, send it again; later updates of this product in this run were not sent`
		: `Sending this price again is safe: it sets the price, whatever the marketplace did with this attempt`;
}

/**
 * One output item per input item: `{ outcome: 'applied', request, response, attempts }` for an update the
 * marketplace accepted; otherwise a failure item whose `details.outcome` says whether the marketplace did
 * not apply it (`failed`, `invalid`), may have (`unknown`, with how to check), or was never sent it (`notSent`).
 */
export function stockUpdateItem(
	itemIndex: number,
	update: SupplierStockUpdate | undefined,
	sent: SentUpdate | undefined,
	invalid: Error | undefined,
	notSentBecause: (heldBy: number | undefined) => string,
): INodeExecutionData {
	const request = (update as IDataObject | undefined) ?? null;
	if (!update || !sent) return failureItem(itemIndex, invalid?.message ?? 'Not sent', { outcome: 'invalid', request });
	if (sent.kind === 'applied') {
		return { json: { outcome: 'applied', request, response: sent.response as IDataObject, attempts: sent.attempts }, pairedItem: { item: itemIndex } };
	}
	if (sent.kind === 'notSent') return failureItem(itemIndex, notSentBecause(sent.heldBy), { outcome: 'notSent', request });
	const { failure } = sent;
	const answer = { status: failure?.status ?? null, response: (failure?.answer as IDataObject) ?? null, attempts: failure?.attempts ?? 1 };
	if (sent.kind === 'failed') return failureItem(itemIndex, sent.error.message, { outcome: 'failed', request, ...answer });
	return failureItem(itemIndex, sent.error.message, { outcome: 'unknown', request, ...answer, check: checkFor(update) });
}
