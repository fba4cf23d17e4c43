import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PlatformFailure } from '../../shared';
import type { SupplierStockUpdate } from '../SupplierMarketplaceSchemas';
import type { SentUpdate, Stop } from './sendStockUpdates';

/** One item of the node's output for its input item: the answer, or with Continue On Fail the error. */
export function stockUpdateItem(
	itemIndex: number,
	update: SupplierStockUpdate | undefined,
	sent: SentUpdate | undefined,
	invalid: Error | undefined,
): INodeExecutionData {
	const pairedItem = { item: itemIndex };
	const request = (update as IDataObject | undefined) ?? null;
	if (sent?.kind === 'accepted') return { json: { request, response: sent.response as IDataObject, attempts: sent.attempts }, pairedItem };
	if (sent?.kind === 'failed') {
		const { failure } = sent;
		return {
			json: { error: sent.error.message, status: failure?.status ?? null, response: (failure?.answer as IDataObject) ?? null, request, attempts: failure?.attempts ?? 1 },
			pairedItem,
		};
	}
	return { json: { error: invalid?.message ?? 'Not sent', request }, pairedItem };
}

/** `items 0–12, 14, 16–49` */
function itemList(indexes: number[]): string {
	const runs: string[] = [];
	for (let start = 0; start < indexes.length; ) {
		let end = start;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		runs.push(end === start ? String(indexes[start]) : `${indexes[start]}–${indexes[end]}`);
		start = end + 1;
	}
	return `${indexes.length === 1 ? 'item' : 'items'} ${runs.join(', ')}`;
}

function counted(indexes: number[]): string {
	return `${itemList(indexes)} (${indexes.length} update${indexes.length === 1 ? '' : 's'})`;
}

const ANSWER_MAX_LENGTH = 300;

/** What the marketplace answered to an update's last attempt. */
function answerOf(failure: PlatformFailure | undefined, error: Error): string {
	if (!failure) return error.message;
	if (failure.status === undefined) return `no answer (${failure.code ?? 'the connection failed'})`;
	if (failure.answer === undefined || failure.answer === '') return `HTTP ${failure.status}`;
	const body = typeof failure.answer === 'string' ? failure.answer : JSON.stringify(failure.answer);
	return `HTTP ${failure.status} ${body.length > ANSWER_MAX_LENGTH ? `${body.slice(0, ANSWER_MAX_LENGTH - 1)}…` : body}`;
}

/** By item index: what was accepted, what failed (and of that what may still have been applied), what was not sent. */
function tally(sent: Array<SentUpdate | undefined>): string {
	const accepted: number[] = [];
	const failed: number[] = [];
	const unanswered: number[] = [];
	const interrupted: number[] = [];
	const notSent: number[] = [];
	sent.forEach((update, itemIndex) => {
		if (update?.kind === 'accepted') accepted.push(itemIndex);
		if (update?.kind === 'notSent') notSent.push(itemIndex);
		if (update?.kind !== 'failed') return;
		(update.failure?.end === 'stopped' ? interrupted : failed).push(itemIndex);
		if (update.failure && update.failure.status === undefined) unanswered.push(itemIndex);
	});
	return [
		`Accepted by the marketplace: ${accepted.length ? counted(accepted) : 'none'}.`,
		failed.length ? `Failed: ${counted(failed)}.` : '',
		interrupted.length ? `Failed once and not sent again after the stop: ${counted(interrupted)}.` : '',
		unanswered.length ? `Of those, without an answer (the marketplace may have applied them): ${itemList(unanswered)}.` : '',
		`Not sent: ${notSent.length ? counted(notSent) : 'none'}.`,
		'Send again only what was not accepted: running the same items again repeats the accepted updates.',
	]
		.filter(Boolean)
		.join(' ');
}

function describeItem(itemIndex: number, update: SupplierStockUpdate | undefined, sent: SentUpdate | undefined): string {
	const what = update ? ` (supplierProductId ${update.supplierProductId}, ${update.action})` : '';
	if (sent?.kind !== 'failed') return `Item ${itemIndex}${what}`;
	const attempts = sent.failure ? `, after ${sent.failure.attempts} attempt${sent.failure.attempts === 1 ? '' : 's'}` : '';
	const cut = sent.failure?.end === 'deadline' ? ', not sent again because waiting would pass the time budget' : '';
	return `Item ${itemIndex}${what} was answered ${answerOf(sent.failure, sent.error)}${attempts}${cut}`;
}

/**
 * The error that ends a run which stopped before every update was sent: the update that stopped it and its
 * answer, then by item index what the marketplace accepted and what it was never sent.
 */
export function stoppedSendingError(
	node: INode,
	stop: Stop,
	updates: Array<SupplierStockUpdate | undefined>,
	sent: Array<SentUpdate | undefined>,
	timeBudgetSeconds: number,
): Error {
	const summary = tally(sent);
	switch (stop.reason) {
		case 'failure': {
			const failed = sent[stop.itemIndex] as Extract<SentUpdate, { kind: 'failed' }>;
			const error = failed.error as Error & { description?: string };
			error.description = `${describeItem(stop.itemIndex, updates[stop.itemIndex], failed)}. The node stopped sending there. ${summary}`;
			return error;
		}
		case 'outage':
			return new NodeOperationError(node, `The marketplace looks unavailable: ${stop.inARow} updates in a row failed after their retries`, {
				itemIndex: stop.itemIndex,
				description: `The last: ${describeItem(stop.itemIndex, updates[stop.itemIndex], sent[stop.itemIndex])}. The node stopped sending. ${summary}`,
			});
		case 'deadline':
			return new NodeOperationError(node, `The time budget of ${timeBudgetSeconds} s ran out before every update was sent`, {
				description: `The node stopped sending when the Time Budget option ran out, whatever the marketplace asked to wait. ${summary}`,
			});
	}
}
