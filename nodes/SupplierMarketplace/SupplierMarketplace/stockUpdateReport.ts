import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PlatformFailure } from '../../shared/transport/platformRequest';
import type { SupplierStockUpdate } from '../SupplierMarketplace.schemas';
import type { SentUpdate, Stop } from './sendStockUpdates';

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

/** By item index: what was applied, what failed, what may have been applied, what was not sent. */
export function tally(sent: Array<SentUpdate | undefined>): string {
	const byKind: Record<SentUpdate['kind'], number[]> = { applied: [], failed: [], unknown: [], notSent: [] };
	sent.forEach((update, itemIndex) => update && byKind[update.kind].push(itemIndex));
	const { applied, failed, unknown, notSent } = byKind;
	return [
		`Accepted by the marketplace: ${applied.length ? counted(applied) : 'none'}.`,
		failed.length ? `Failed: ${counted(failed)}.` : '',
		unknown.length ? `Outcome unknown (the marketplace may have applied them; they were not sent again): ${counted(unknown)}.` : '',
		`Not sent: ${notSent.length ? counted(notSent) : 'none'}.`,
		'Send again only what was not accepted: running the same items again repeats the accepted updates.',
	]
		.filter(Boolean)
		.join(' ');
}

export function describeItem(itemIndex: number, update: SupplierStockUpdate | undefined, sent: SentUpdate | undefined): string {
	const what = update ? ` (supplierProductId ${update.supplierProductId}, ${update.action})` : '';
	if (sent?.kind !== 'failed' && sent?.kind !== 'unknown') return `Item ${itemIndex}${what}`;
	const attempts = sent.failure ? `, after ${sent.failure.attempts} attempt${sent.failure.attempts === 1 ? '' : 's'}` : '';
	const cut = sent.failure?.end === 'deadline' ? ', not sent again because waiting would pass the time budget' : '';
	const unknown = sent.kind === 'unknown' ? ': the marketplace may have applied it, so it was not sent again' : '';
	return `Item ${itemIndex}${what} was answered ${answerOf(sent.failure, sent.error)}${attempts}${cut}${unknown}`;
}

/** The stop of the breaker or the time budget, in a sentence. */
export function stopMessage(stop: Exclude<Stop, { reason: 'failure' }>, timeBudgetSeconds: number): string {
	return stop.reason === 'outage'
		? `The marketplace looks unavailable: ${stop.inARow} updates in a row failed after their retries`
		: `The time budget of ${timeBudgetSeconds} s ran out before every update was sent`;
}

/**
 * The error that ends a run which stopped before every update was sent: the update that stopped it and its
 * answer, then by item index what the marketplace accepted, what may have been applied and what was never sent.
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
			const failed = sent[stop.itemIndex] as Extract<SentUpdate, { kind: 'failed' | 'unknown' }>;
			const error = failed.error as Error & { description?: string };
			error.description = `${describeItem(stop.itemIndex, updates[stop.itemIndex], failed)}. The node stopped sending there. ${summary}`;
			return error;
		}
		case 'outage':
			return new NodeOperationError(node, stopMessage(stop, timeBudgetSeconds), {
				itemIndex: stop.itemIndex,
				description: `The last: ${describeItem(stop.itemIndex, updates[stop.itemIndex], sent[stop.itemIndex])}. The node stopped sending. ${summary}`,
			});
		case 'deadline':
			return new NodeOperationError(node, stopMessage(stop, timeBudgetSeconds), {
				description: `The node stopped sending when the Time Budget option ran out, whatever the marketplace asked to wait. ${summary}`,
			});
	}
}
