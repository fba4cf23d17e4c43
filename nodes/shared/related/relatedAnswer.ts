import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { RelatedFields } from './relatedFields';
import { fetchRelatedFields } from './relatedFields';
import { withRelatedFields } from './relatedItems';
import type { RelatedRecord } from './relatedRecord';

/**
 * How long a delivery waits for its related records before the platform gets its answer: well inside
 * Shopgate's 10 seconds, the strictest deadline of the platforms, after the token check's own 5 at most.
 */
export const ANSWER_WITHIN_MS = 4_000;

/** How long the records may take in all; past it the event is emitted with what could not be fetched as null. */
export const FETCH_WITHIN_MS = 30_000;

export interface RelatedTiming {
	answerWithinMs: number;
	fetchWithinMs: number;
}

const PLATFORM_DEADLINES: RelatedTiming = { answerWithinMs: ANSWER_WITHIN_MS, fetchWithinMs: FETCH_WITHIN_MS };

/**
 * Answers an authenticated delivery and emits its items with the records they point at. The platform is
 * answered once the records are in, or after `answerWithinMs` if they are not, whichever comes first: its
 * deadline holds whatever the platform's API does. The records normally arrive first, so the answer and the
 * workflow's start follow them and a restart in between leaves the platform unanswered, to deliver again. A
 * slow API only delays the workflow: the fetch goes on after the answer, up to `fetchWithinMs`, and the items
 * start the workflow when it ends. A record that cannot be had is null, with the reason in `payloadIssues`:
 * the event is never lost and the platform never gets an error for it.
 *
 * `answer` sends the platform its answer (acknowledge, answerInvalidPayload) and returns the workflow data; it
 * is called exactly once.
 */
export async function answerWithRelatedRecords(
	context: IWebhookFunctions,
	answer: () => IWebhookResponseData,
	records: readonly RelatedRecord[],
	timing: RelatedTiming = PLATFORM_DEADLINES,
): Promise<IWebhookResponseData> {
	if (records.length === 0) return answer();
	const fetching = fetchRelatedFields(records, Date.now() + timing.fetchWithinMs);
	// n8n's lint allows only its own sleep, which cannot be cancelled: a fetch that wins leaves it to run out unheard
	const early = await Promise.race([fetching, sleep(timing.answerWithinMs).then(() => undefined)]);
	if (early !== undefined) return withRelated(answer(), early);
	context.logger.info(
		`${context.getNode().name}: answered the delivery after ${timing.answerWithinMs} ms without waiting longer for ${records.map((record) => record.field).join(', ')}; the workflow starts once they are fetched`,
	);
	const answered = answer();
	return withRelated(answered, await fetching);
}

function withRelated(answered: IWebhookResponseData, related: RelatedFields): IWebhookResponseData {
	if (!answered.workflowData) return answered;
	return {
		...answered,
		workflowData: answered.workflowData.map((items) => items.map((item) => ({ ...item, json: withRelatedFields(item.json, related) }))),
	};
}
