import type { IExecuteFunctions } from 'n8n-workflow';

import { concurrencyLimit, isUnavailability, platformFailureOf } from '../../shared';
import type { PlatformCredential, PlatformFailure, PlatformRequest } from '../../shared';
import type { SupplierStockUpdate } from '../SupplierMarketplaceSchemas';
import { postStockUpdate } from './SupplierMarketplaceApi';

/** What became of one item's update. */
export type SentUpdate =
	| { kind: 'accepted'; response: unknown; attempts: number }
	| { kind: 'failed'; error: Error; failure: PlatformFailure | undefined }
	| { kind: 'notSent' };

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
	/** Without it, the first update that fails for good stops the node. */
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

/**
 * Sends the updates: those of one supplierProductId one at a time in input order, retries included, so the
 * marketplace ends with the last one; different products in parallel, at most Concurrency requests at once.
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
	let stop: Stop | undefined;
	let unavailableInARow = 0;
	const stopped = () => stop !== undefined;
	const pastDeadline = () => plan.deadline !== undefined && Date.now() >= plan.deadline;

	async function send(update: SupplierStockUpdate, itemIndex: number): Promise<void> {
		if (!stop && pastDeadline()) stop = { reason: 'deadline' };
		if (stop) {
			sent[itemIndex] = { kind: 'notSent' };
			return;
		}
		try {
			const { body, attempts } = await postStockUpdate(context, plan.platform, update, plan.timeoutMs, {
				credential: plan.credential,
				deadline: plan.deadline,
				stopped,
				itemIndex,
			});
			sent[itemIndex] = { kind: 'accepted', response: body, attempts };
			unavailableInARow = 0;
		} catch (error) {
			const failure = platformFailureOf(error);
			sent[itemIndex] = { kind: 'failed', error: error as Error, failure };
			if (failure?.end === 'stopped') return;
			if (pastDeadline()) stop ??= { reason: 'deadline' };
			if (!plan.continueOnFail) {
				stop ??= { reason: 'failure', itemIndex };
			} else if (failure && isUnavailability(failure)) {
				unavailableInARow++;
				if (unavailableInARow >= plan.outageAfter) stop ??= { reason: 'outage', itemIndex, inARow: unavailableInARow };
			} else {
				unavailableInARow = 0;
			}
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
