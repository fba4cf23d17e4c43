import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { errorOutputItem } from '../../shared/action/errorOutputItem';
import type { ItemError } from '../../shared/action/errorOutputItem';
import type { SupplierStockUpdate } from '../SupplierMarketplace.schemas';
import type { SentUpdate } from './sendStockUpdates';
import { movesStock } from '../SupplierMarketplace.api';

/** What the node knows of an item's update, as its output says it (`outcome`). */
export type Outcome = 'applied' | 'failed' | 'unknown' | 'notSent' | 'invalid';

/** A failure item whose `error.outcome` says what became of the update. */
function failureItem(itemIndex: number, error: ItemError, details: IDataObject & { outcome: Outcome }): INodeExecutionData {
	return errorOutputItem(itemIndex, error, details);
}

function checkFor(update: SupplierStockUpdate): string {
	return movesStock(update)
		? `Check the stock of ${update.supplierProductId} in the supplier dashboard: if this ${update.action} update is missing, send it again; later updates of this product in this run were not sent`
		: `Sending this price again is safe: it sets the price, whatever the marketplace did with this attempt`;
}

/**
 * One output item per input item: `{ outcome: 'applied', request, response, attempts }` for an update the
 * marketplace accepted; otherwise a failure item whose `error.outcome` says whether the marketplace did
 * not apply it (`failed`, `invalid`), may have (`unknown`, with how to check), or was never sent it (`notSent`).
 */
export function stockUpdateItem(
	itemIndex: number,
	update: SupplierStockUpdate | undefined,
	sent: SentUpdate | undefined,
	invalid: ItemError | undefined,
	notSentBecause: (heldBy: number | undefined) => string,
): INodeExecutionData {
	const request = (update as IDataObject | undefined) ?? null;
	if (!update || !sent) return failureItem(itemIndex, invalid ?? { message: 'Not sent' }, { outcome: 'invalid', request });
	if (sent.kind === 'applied') {
		return { json: { outcome: 'applied', request, response: sent.response as IDataObject, attempts: sent.attempts }, pairedItem: { item: itemIndex } };
	}
	if (sent.kind === 'notSent') return failureItem(itemIndex, { message: notSentBecause(sent.heldBy) }, { outcome: 'notSent', request });
	const { failure } = sent;
	const answer = { status: failure?.status ?? null, response: (failure?.answer as IDataObject) ?? null, attempts: failure?.attempts ?? 1 };
	if (sent.kind === 'failed') return failureItem(itemIndex, sent.error as ItemError, { outcome: 'failed', request, ...answer });
	return failureItem(itemIndex, sent.error as ItemError, { outcome: 'unknown', request, ...answer, check: checkFor(update) });
}
