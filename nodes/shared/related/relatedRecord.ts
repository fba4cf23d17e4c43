import { failureReason } from '../transport/failureReason';
import { inSeconds, settleWithin } from '../transport/timeLimit';

/**
 * A record a thin event points at (the order of an order-status event, the product of a stock event), fetched
 * from the platform's API so that the workflow gets the whole record instead of its id.
 */
export interface RelatedRecord {
	/** The item field that receives the record: `order`, `product`, `keys`. */
	field: string;
	/**
	 * The record as the platform has it now; null when the platform does not know it (a 404). Throws when it
	 * could not be fetched (refused key, rate limit or outage that outlasted the retries, no answer by `deadline`).
	 */
	fetch(deadline: number): Promise<unknown>;
	/** What the item says when the platform does not know the record: "Kinguin has no order PHS84FJAG5U". */
	unknown: string;
}

/** What one fetch came to: the record, the platform's "no such record", or why it could not be fetched. */
export type RelatedRecordOutcome = { found: unknown } | { unknown: true } | { failed: string };

/**
 * How long before the deadline a record's fetch is asked to end: time for a call cut short by it to say why
 * (the platform's words, the route) before the deadline itself ends the wait.
 */
export const REASON_MARGIN_MS = 500;

/**
 * The record's outcome by `deadline` whatever its fetch does: the fetch is given the deadline less
 * REASON_MARGIN_MS, and one still running at the deadline is left to finish unheard, the record failed with
 * how long it was waited for. A record whose deadline has passed before its turn is not asked for.
 */
export async function fetchRelatedRecord(record: RelatedRecord, deadline: number): Promise<RelatedRecordOutcome> {
	const leftMs = deadline - Date.now();
	if (leftMs <= 0) return { failed: 'the time for the records had run out before it was asked for' };
	const fetching = outcomeOf(record, deadline - Math.min(REASON_MARGIN_MS, leftMs / 2));
	return settleWithin(fetching, leftMs, () => ({ failed: `no answer within ${inSeconds(leftMs)}` }));
}

async function outcomeOf(record: RelatedRecord, deadline: number): Promise<RelatedRecordOutcome> {
	try {
		const found = await record.fetch(deadline);
		return found === null || found === undefined ? { unknown: true } : { found };
	} catch (error) {
		return { failed: failureReason(error) };
	}
}
