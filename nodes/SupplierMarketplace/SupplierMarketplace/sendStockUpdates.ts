import type { IExecuteFunctions } from 'n8n-workflow';

import { certainlyNotProcessed, isUnavailability } from '../../shared/transport/retryPolicy';
import { concurrencyLimit } from '../../shared/transport/concurrencyLimit';
import { platformFailureOf } from '../../shared/transport/platformRequest';
import type { FailedAttempt, RetryPolicy } from '../../shared/transport/retryPolicy';
import type { PlatformCredential, PlatformFailure, PlatformRequest } from '../../shared/transport/platformRequest';
import type { SupplierStockUpdate } from '../SupplierMarketplace.schemas';
import { DELTA_RETRY, movesStock, postStockUpdate, STOCK_UPDATE_RETRY } from '../SupplierMarketplace.api';

/**
 * What became of one item's update. `failed`: the marketplace did not apply it (it refused it, or said it was
 * unavailable, or could not be connected to). `unknown`: it may have applied it (no answer after the body was
 * sent, a reset connection, a 5xx other than 503). `notSent`: never sent, because the node had stopped, or
 * because an earlier receipt, sale, cancel or return of the same product (`heldBy`) has an unknown outcome.
 */
export type SentUpdate =
	| { kind: 'applied'; response: unknown; attempts: number }
	| { kind: 'failed' | 'unknown'; error: Error; failure: PlatformFailure | undefined }
	| { kind: 'notSent'; heldBy?: number };

/** Why the node stopped sending before every update was sent. */
export type Stop =
	| { reason: 'failure'; itemIndex: number }
	| { reason: 'outage'; itemIndex: number; inARow: number }
	| { reason: 'deadline' };

export interface SendPlan {
	platform: PlatformRequest;
	credential: PlatformCredential;
	concurrency: number;
	timeoutMs: number;
	maxRetries: number;
	/** Send receipts, sales, cancels and returns again after a failure that leaves their outcome unknown. */
	resendUnknown: boolean;
	idempotencyKey: (itemIndex: number) => string;
	/** Without it, the first update that fails for good, or whose outcome is unknown, stops the node. */
	continueOnFail: boolean;
	/** With Continue On Fail, this many updates in a row that fail because the marketplace is unavailable stop it. */
	outageAfter: number;
	/** Epoch ms of the end of the time budget, if there is one. */
	deadline?: number;
}

export interface SendResult {
	/** By item index; empty for an item without a valid update. */
	sent: Array<SentUpdate | undefined>;
	stop?: Stop;
}

/** How n8n's request helper reports a request that ran out of time. */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/** Whether the attempt certainly was not applied: refused (4xx), or a failure that says it was not processed. */
function notApplied(attempt: FailedAttempt): boolean {
	return certainlyNotProcessed(attempt) || (attempt.status !== undefined && attempt.status < 500);
}

/** A final failure's outcome: "failed" only when none of the update's attempts may have been applied. */
function outcomeOf(failure: PlatformFailure | undefined): 'failed' | 'unknown' {
	return failure && [...failure.earlier, failure].every(notApplied) ? 'failed' : 'unknown';
}

/**
 * Sends the updates: those of one supplierProductId one at a time in input order, retries included, so the
 * marketplace ends with the last one; different products in parallel, at most Concurrency requests at once.
 * An update is sent again only when the marketplace certainly did not apply it (a price, which sets a value,
 * after any failure); once one's outcome is unknown, no later update of its product is sent on top of it.
 * Once the node stops, nothing more is sent and no update is sent again.
 */
export async function sendStockUpdates(
	context: IExecuteFunctions,
	updates: Array<SupplierStockUpdate | undefined>,
	plan: SendPlan,
): Promise<SendResult> {
	const limit = concurrencyLimit(plan.concurrency);
	const sent: Array<SentUpdate | undefined> = new Array(updates.length);
	const latestOfProduct = new Map<string, Promise<void>>();
	const unknownOfProduct = new Map<string, number>();
	const platformFor = (retry: RetryPolicy) => ({ ...plan.platform, retry: { ...retry, maxRetries: plan.maxRetries } });
	const resending = platformFor(STOCK_UPDATE_RETRY);
	const careful = plan.resendUnknown ? resending : platformFor(DELTA_RETRY);
	let stop: Stop | undefined;
	let unavailableInARow = 0;
	const stopped = () => stop !== undefined;
	const pastDeadline = () => plan.deadline !== undefined && Date.now() >= plan.deadline;

	function countFailure(itemIndex: number, outcome: 'failed' | 'unknown', failure: PlatformFailure | undefined, cutByBudget: boolean): void {
		if (cutByBudget || pastDeadline()) stop ??= { reason: 'deadline' };
		if (!plan.continueOnFail) {
			stop ??= { reason: 'failure', itemIndex };
		} else if (outcome === 'unknown' || (failure && isUnavailability(failure))) {
			unavailableInARow++;
			if (unavailableInARow >= plan.outageAfter) stop ??= { reason: 'outage', itemIndex, inARow: unavailableInARow };
		} else {
			unavailableInARow = 0;
		}
	}

	async function send(update: SupplierStockUpdate, itemIndex: number): Promise<void> {
		if (!stop && pastDeadline()) stop = { reason: 'deadline' };
		const heldBy = unknownOfProduct.get(update.supplierProductId);
		if (stop || heldBy !== undefined) {
			sent[itemIndex] = { kind: 'notSent', heldBy };
			return;
		}
		// a request that may last beyond the time budget is given only what is left of it
		const shortened = plan.deadline !== undefined && plan.deadline - Date.now() < plan.timeoutMs;
		try {
			const { body, attempts } = await postStockUpdate(
				context,
				movesStock(update) ? careful : resending,
				update,
				{ timeoutMs: plan.timeoutMs, idempotencyKey: plan.idempotencyKey(itemIndex) },
				{ credential: plan.credential, deadline: plan.deadline, stopped, itemIndex },
			);
			sent[itemIndex] = { kind: 'applied', response: body, attempts };
			unavailableInARow = 0;
		} catch (error) {
			const failure = platformFailureOf(error);
			const outcome = outcomeOf(failure);
			sent[itemIndex] = { kind: outcome, error: error as Error, failure };
			// a price sets a value: the stock it leaves is known, so the product's later updates may follow
			if (outcome === 'unknown' && movesStock(update)) unknownOfProduct.set(update.supplierProductId, itemIndex);
			const cutByBudget = shortened && failure !== undefined && failure.status === undefined && TIMEOUT_CODES.has(failure.code ?? '');
			if (failure?.end !== 'stopped') countFailure(itemIndex, outcome, failure, cutByBudget);
		}
	}

	await Promise.all(
		updates.map((update, itemIndex) => {
			if (!update) return undefined;
			const previous = latestOfProduct.get(update.supplierProductId);
			const done = previous ? previous.then(() => limit(() => send(update, itemIndex))) : limit(() => send(update, itemIndex));
			latestOfProduct.set(update.supplierProductId, done);
			return done;
		}),
	);
	return { sent, stop };
}
