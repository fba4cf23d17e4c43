import type { IDataObject } from 'n8n-workflow';

import type { PayloadIssue } from '../inbound/payloadReading';
import type { RelatedRecord } from './relatedRecord';
import { fetchRelatedRecord } from './relatedRecord';

/** The fields an item gains from its related records, and the issues of those that could not be had. */
export interface RelatedFields {
	fields: IDataObject;
	issues: PayloadIssue[];
}

/**
 * Fetches every record at once, all within one deadline, and resolves by it whatever the platform's API does.
 * A record the platform does not know, or one that could not be fetched by then, becomes null with an issue
 * saying why (the platform's words where it said any, else what was waited for and how long), so the event
 * itself is never lost and a workflow routes on `payloadIssues` as it does for any other gap.
 */
export async function fetchRelatedFields(records: readonly RelatedRecord[], deadline: number): Promise<RelatedFields> {
	const outcomes = await Promise.all(records.map(async (record) => ({ record, outcome: await fetchRelatedRecord(record, deadline) })));
	const fields: IDataObject = {};
	const issues: PayloadIssue[] = [];
	for (const { record, outcome } of outcomes) {
		if ('found' in outcome) {
			fields[record.field] = outcome.found as IDataObject;
			continue;
		}
		fields[record.field] = null;
		issues.push({ path: record.field, problem: 'unknown' in outcome ? record.unknown : `could not be fetched: ${outcome.failed}` });
	}
	return { fields, issues };
}
