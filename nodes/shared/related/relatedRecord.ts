import { failureReason } from '../transport/failureReason';

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

export async function fetchRelatedRecord(record: RelatedRecord, deadline: number): Promise<RelatedRecordOutcome> {
	try {
		const found = await record.fetch(deadline);
		return found === null || found === undefined ? { unknown: true } : { found };
	} catch (error) {
		return { failed: failureReason(error) };
	}
}
