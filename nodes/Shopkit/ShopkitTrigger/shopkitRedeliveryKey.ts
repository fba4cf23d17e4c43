import { isPlainObject, wasRead } from '../../shared/inbound/payloadReading';
import type { PayloadIssue } from '../../shared/inbound/payloadReading';
import type { ShopkitEventGroup } from '../Shopkit.schemas';

/**
 * The field of a group's body and the field of it that changes with each version of what it is about: an order
 * keeps `update_at`, a product `updated_at`. Clients and newsletter subscribers carry no such field, so no
 * delivery of theirs can be told from a retry: they are never dropped as one (README).
 */
const VERSIONED: Partial<Record<ShopkitEventGroup, { subject: string; version: string }>> = {
	order: { subject: 'order', version: 'update_at' },
	product: { subject: 'product', version: 'updated_at' },
};

/**
 * The key under which a delivery is remembered in the delivery ledger: the event, the id and the version of
 * what it is about (`order_paid:1337:2024-09-20T15:31:02.000Z`, as before for orders). Undefined when there
 * is none: a group without versions, or an id or version that was not sent or could not be read.
 */
export function shopkitRedeliveryKey(event: string, group: ShopkitEventGroup, body: unknown, issues: PayloadIssue[]): string | undefined {
	const versioned = VERSIONED[group];
	if (!versioned || !isPlainObject(body)) return undefined;
	const { subject, version } = versioned;
	const read = body[subject];
	if (!isPlainObject(read) || !read[version]) return undefined;
	if (!wasRead(issues, [subject, 'id']) || !wasRead(issues, [subject, version])) return undefined;
	return `${event}:${String(read.id)}:${String(read[version])}`;
}
