import { createHash } from 'crypto';

import { isPlainObject, wasRead } from '../../shared/inbound/payloadReading';
import type { PayloadIssue } from '../../shared/inbound/payloadReading';
import type { ShopkitEventGroup } from '../Shopkit.schemas';

/**
 * The field of a group's body and the field of it that changes with each version of what it is about: an order
 * keeps `update_at`, a product `updated_at`. Clients and newsletter subscribers carry no such field, so no
 * delivery of theirs can be told from a retry: they are never dropped as one (README).
 */
const VERSIONED: Partial<Record<ShopkitEventGroup, { subject: string; version: string; byContent?: boolean }>> = {
	order: { subject: 'order', version: 'update_at' },
	// Shopkit does not say that a stock change moves `updated_at`: the product as sent tells two changes apart,
	// and a retry, which sends the same body, still matches
	product: { subject: 'product', version: 'updated_at', byContent: true },
};

/** A short digest of the record as read: equal for a retry's identical body. */
function contentDigest(record: unknown): string {
	return createHash('sha256').update(JSON.stringify(record)).digest('base64url').slice(0, 16);
}

/**
 * The key under which a delivery is remembered in the delivery ledger: the event, the id and the version of
 * what it is about (`order_paid:1337:2024-09-20T15:31:02.000Z`, as before for orders), and for a product a
 * digest of it as sent. Undefined when there
 * is none: a group without versions, or an id or version that was not sent or could not be read.
 */
export function shopkitRedeliveryKey(event: string, group: ShopkitEventGroup, body: unknown, issues: PayloadIssue[]): string | undefined {
	const versioned = VERSIONED[group];
	if (!versioned || !isPlainObject(body)) return undefined;
	const { subject, version, byContent } = versioned;
	const read = body[subject];
	if (!isPlainObject(read) || !read[version]) return undefined;
	if (!wasRead(issues, [subject, 'id']) || !wasRead(issues, [subject, version])) return undefined;
	const key = `${event}:${String(read.id)}:${String(read[version])}`;
	return byContent ? `${key}:${contentDigest(read)}` : key;
}
