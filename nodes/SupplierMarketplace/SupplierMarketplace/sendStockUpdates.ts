import type { IExecuteFunctions } from 'n8n-workflow';

import { isUnavailability } from '../../shared/transport/retryPolicy';
import { concurrencyLimit } from '../../shared/transport/concurrencyLimit';
import { noAttemptApplied, platformFailureOf } from '../../shared/transport/platformRequest';
import type { RetryPolicy } from '../../shared/transport/retryPolicy';
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

/** A final failure's outcome: "failed" only when none of the update's attempts may have been applied. */
function outcomeOf(failure: PlatformFailure | undefined): 'failed' | 'unknown' {
	return failure && noAttemptApplied(failure) ? 'failed' : 'unknown';
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
	const sending = new StockUpdateSending(context, plan, updates.length);
	const latestOfProduct = new Map<string, Promise<void>>();
	await Promise.all(
		updates.map((update, itemIndex) => {
			if (!update) return undefined;
			const previous = latestOfProduct.get(update.supplierProductId);
			const done = previous ? previous.then(() => limit(() => sending.send(update, itemIndex))) : limit(() => sending.send(update, itemIndex));
			latestOfProduct.set(update.supplierProductId, done);
			return done;
		}),
	);
	return { sent: sending.sent, stop: sending.stop };
}

/** What the sends of one sendStockUpdates share: what became of each, why the node stopped, the failures in a row. */
class StockUpdateSending {
	readonly sent: Array<SentUpdate | undefined>;
	stop: Stop | undefined;
	private unavailableInARow = 0;
	/** Per product, the update whose outcome is unknown: no later update of it is sent. */
	private readonly unknownOfProduct = new Map<string, number>();
	private readonly resending: PlatformRequest;
	private readonly careful: PlatformRequest;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly plan: SendPlan,
		count: number,
	) {
		this.sent = new Array(count);
		const platformFor = (retry: RetryPolicy) => ({ ...plan.platform, retry: { ...retry, maxRetries: plan.maxRetries } });
		this.resending = platformFor(STOCK_UPDATE_RETRY);
		this.careful = plan.resendUnknown ? this.resending : platformFor(DELTA_RETRY);
	}

	async send(update: SupplierStockUpdate, itemIndex: number): Promise<void> {
		const { plan } = this;
		if (!this.stop && this.pastDeadline()) this.stop = { reason: 'deadline' };
		const heldBy = this.unknownOfProduct.get(update.supplierProductId);
		if (this.stop || heldBy !== undefined) {
			this.sent[itemIndex] = { kind: 'notSent', heldBy };
			return;
		}
		// a request that may last beyond the time budget is given only what is left of it
		const shortened = plan.deadline !== undefined && plan.deadline - Date.now() < plan.timeoutMs;
		try {
			const { body, attempts } = await postStockUpdate(
				this.context,
				movesStock(update) ? this.careful : this.resending,
				update,
				{ timeoutMs: plan.timeoutMs, idempotencyKey: plan.idempotencyKey(itemIndex) },
				{ credential: plan.credential, deadline: plan.deadline, stopped: () => this.stop !== undefined, itemIndex },
			);
			this.sent[itemIndex] = { kind: 'applied', response: body, attempts };
			this.unavailableInARow = 0;
		} catch (error) {
			this.failed(update, itemIndex, error, shortened);
		}
	}

	private failed(update: SupplierStockUpdate, itemIndex: number, error: unknown, shortened: boolean): void {
		const failure = platformFailureOf(error);
		const outcome = outcomeOf(failure);
		this.sent[itemIndex] = { kind: outcome, error: error as Error, failure };
		// a price sets a value: the stock it leaves is known, so the product's later updates may follow
		if (outcome === 'unknown' && movesStock(update)) this.unknownOfProduct.set(update.supplierProductId, itemIndex);
		const cutByBudget = shortened && failure !== undefined && failure.status === undefined && TIMEOUT_CODES.has(failure.code ?? '');
		if (failure?.end !== 'stopped') this.countFailure(itemIndex, outcome, failure, cutByBudget);
	}

	private countFailure(itemIndex: number, outcome: 'failed' | 'unknown', failure: PlatformFailure | undefined, cutByBudget: boolean): void {
		if (cutByBudget || this.pastDeadline()) this.stop ??= { reason: 'deadline' };
		if (!this.plan.continueOnFail) {
			this.stop ??= { reason: 'failure', itemIndex };
		} else if (outcome === 'unknown' || (failure && isUnavailability(failure))) {
			this.unavailableInARow++;
			if (this.unavailableInARow >= this.plan.outageAfter) this.stop ??= { reason: 'outage', itemIndex, inARow: this.unavailableInARow };
		} else {
			this.unavailableInARow = 0;
		}
	}

	private pastDeadline(): boolean {
		return this.plan.deadline !== undefined && Date.now() >= this.plan.deadline;
	}
}
