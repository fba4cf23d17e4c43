import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { RelatedFields } from './relatedFields';
import { fetchRelatedFields } from './relatedFields';
import { withRelatedFields } from './relatedItems';
import type { RelatedRecord } from './relatedRecord';
import { answerNow } from '../inbound/responses';
import { settleWithin } from '../transport/timeLimit';
import { takeSubjectTurn } from './subjectTurns';
import type { SubjectTurn } from './subjectTurns';

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

export interface RelatedAnswerOptions {
	/**
	 * What the delivery is about (`order:PHS84FJAG5U`): deliveries of one subject start their workflows in the
	 * order they were accepted (subjectTurns.ts).
	 */
	subject?: string;
	timing?: RelatedTiming;
}

/**
 * Answers an authenticated delivery and emits its items with the records they point at. The platform is
 * answered once the records are in (and every earlier delivery of the same subject is handed over), or after
 * `answerWithinMs` if not, whichever comes first: its deadline holds whatever the platform's API does. The
 * records normally arrive first, and n8n answers once it has the items (acknowledge in responses.ts), so a
 * restart in between leaves the platform unanswered, to deliver again. A slow API only delays the workflow: the
 * node answers itself, the fetch goes on up to `fetchWithinMs`, and the items start the workflow when it ends;
 * until then nothing of the delivery is in what n8n saves (a restart meanwhile loses it, answered). A record that
 * cannot be had is null, with the reason in `payloadIssues`: the platform never gets an error for it.
 *
 * `answer` gives the platform's answer (acknowledge, answerInvalidPayload) and the workflow data; it is called
 * exactly once.
 */
export async function answerWithRelatedRecords(
	context: IWebhookFunctions,
	answer: () => IWebhookResponseData,
	records: readonly RelatedRecord[],
	{ subject, timing = PLATFORM_DEADLINES }: RelatedAnswerOptions = {},
): Promise<IWebhookResponseData> {
	const turn = takeSubjectTurn(context, subject);
	try {
		if (records.length === 0 && !turn.waits) return answer();
		const fetching = fetchRelatedFields(records, Date.now() + timing.fetchWithinMs);
		const ready = Promise.all([fetching, turn.ready]).then(([related]) => related);
		const early = await settleWithin<RelatedFields | undefined>(ready, timing.answerWithinMs, () => undefined);
		if (early !== undefined) return withRelated(answer(), early);
		context.logger.info(
			`${context.getNode().name}: answered the delivery after ${timing.answerWithinMs} ms without waiting longer for ${waitedFor(records, turn)}; the workflow starts once they are in`,
		);
		const answered = answerNow(context, answer());
		return withRelated(answered, await ready);
	} finally {
		turn.end();
	}
}

function waitedFor(records: readonly RelatedRecord[], turn: SubjectTurn): string {
	const waited = records.map((record) => record.field);
	if (turn.waits) waited.push('an earlier delivery of the same subject');
	return waited.join(', ');
}

function withRelated(answered: IWebhookResponseData, related: RelatedFields): IWebhookResponseData {
	if (!answered.workflowData || (related.issues.length === 0 && Object.keys(related.fields).length === 0)) return answered;
	return {
		...answered,
		workflowData: answered.workflowData.map((items) => items.map((item) => ({ ...item, json: withRelatedFields(item.json, related) }))),
	};
}
