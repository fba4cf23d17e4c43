import type { IDataObject } from 'n8n-workflow';

import type { PayloadIssue } from '../inbound/payloadReading';
import type { RelatedFields } from './relatedFields';

/**
 * The item with its related records after the payload's fields and before the trigger's closing fields
 * (`isTest`, `payloadIssues`, `receivedAt`), the fetch's issues added to the payload's.
 */
export function withRelatedFields(item: IDataObject, related: RelatedFields): IDataObject {
	const { isTest, payloadIssues, receivedAt, ...rest } = item;
	const issues = [...((payloadIssues as PayloadIssue[] | undefined) ?? []), ...related.issues];
	const merged: IDataObject = { ...rest, ...related.fields };
	if (isTest !== undefined) merged.isTest = isTest;
	if (issues.length > 0) merged.payloadIssues = issues;
	if (receivedAt !== undefined) merged.receivedAt = receivedAt;
	return merged;
}
