import { isObject } from './mockHttp';
import type { Parsed, Reply } from './mockHttp';
import { ORDER_STATUSES } from '../../nodes/Shopkit/Shopkit/order/orderStatuses';

/**
 * Shopkit's order routes as its API reference documents them (../shared/ACTIONS.md, section 1): `GET /order`
 * (filtered, paged), `GET /order/{id}`, `PUT /order/{id}` (absolute values), `POST /order/{id}/invoice` (the
 * store's invoice app; `409 Already exists.` the second time), and `GET /shipment/carrier`.
 */

export interface ShopkitMockOrder {
	id: number;
	status_alias: string;
	paid: boolean;
	invoice_url: string | null;
	tracking_code: string | null;
	tracking_url: string | null;
	tracking_carrier: string | null;
	tags: ShopkitMockTag[];
	note: string | null;
	client_note: string | null;
	created_at: string;
	update_at: string;
	sent_at: string | null;
	paid_at: string | null;
	client: { name: string; email: string };
	[field: string]: unknown;
}

/** A tag as Shopkit's orders and clients carry it (its 2025 payloads); written as its title. */
export interface ShopkitMockTag {
	id: number;
	title: string;
	handle: string;
}

/** Tags as a write names them (titles), as Shopkit keeps them. */
export function tagsOf(titles: string[]): ShopkitMockTag[] {
	return titles.map((title) => ({ id: [...title].reduce((sum, char) => sum * 31 + char.charCodeAt(0), 7) % 1_000_000, title, handle: title.toLowerCase().replace(/[^a-z0-9]+/g, '-') }));
}

export const CARRIERS = [
	{ alias: 'ctt', title: 'CTT' },
	{ alias: 'dpd', title: 'DPD' },
	{ alias: 'dhl_express', title: 'DHL Express' },
	{ alias: 'ups', title: 'UPS' },
	{ alias: 'other', title: 'Other' },
];

const NOT_FOUND: Reply = { status: 404, body: { message: 'Not found.' } };
const BAD_REQUEST: Reply = { status: 400, body: { message: 'Bad request.' } };

/** What `PUT /order/{id}` accepts, and the type each field must have. */
const UPDATABLE: Record<string, 'text' | 'flag' | 'tags'> = {
	status_alias: 'text',
	paid: 'flag',
	is_new: 'flag',
	invoice_url: 'text',
	invoice_file: 'text',
	tracking_url: 'text',
	tracking_code: 'text',
	tracking_carrier: 'text',
	shipping_url: 'text',
	at_code: 'text',
	pickup_code: 'text',
	tags: 'tags',
	note: 'text',
	client_note: 'text',
	notify_client: 'flag',
};

export interface ShopkitOrderStore {
	orders: Map<number, ShopkitMockOrder>;
	/** Whether the store has an invoice app (`POST /order/{id}/invoice` answers 400 without one). */
	invoiceApp: boolean;
	/** Invoices issued, by order id, in order: a second issue of the same order is never counted. */
	invoicesIssued: number[];
	/** Orders updated (`PUT`), in order, with the fields applied: what the store changed. */
	updates: Array<{ id: number; fields: Record<string, unknown> }>;
}

export function newOrderStore(): ShopkitOrderStore {
	return { orders: new Map(), invoiceApp: true, invoicesIssued: [], updates: [] };
}

/** An order as tests create them: `id`, a status, a client, dates a minute apart by id. */
export function mockOrder(id: number, fields: Partial<ShopkitMockOrder> = {}): ShopkitMockOrder {
	const at = new Date(Date.UTC(2025, 0, 1) + id * 60_000).toISOString();
	return {
		id,
		status_alias: 'waiting_confirmation',
		paid: false,
		invoice_url: null,
		tracking_code: null,
		tracking_url: null,
		tracking_carrier: null,
		tags: [],
		note: null,
		client_note: null,
		created_at: at,
		update_at: at,
		sent_at: null,
		paid_at: null,
		client: { name: `Client ${id}`, email: `client${id}@example.com` },
		...fields,
	};
}

function matches(order: ShopkitMockOrder, query: URLSearchParams): boolean {
	const statuses = query.get('status_alias')?.split(',').filter((status) => status !== 'all');
	if (statuses?.length && !statuses.includes(order.status_alias)) return false;
	const paid = query.get('paid');
	if (paid !== null && order.paid !== (paid === 'true')) return false;
	const email = query.get('client_email');
	if (email !== null && order.client.email !== email) return false;
	const dateField = query.get('date_type') ?? 'created_at';
	const date = String(order[dateField] ?? '').slice(0, 10);
	const from = query.get('date_from');
	const to = query.get('date_to');
	if ((from !== null || to !== null) && !date) return false;
	if (from !== null && date < from) return false;
	if (to !== null && date > to) return false;
	const q = query.get('q');
	return q === null || JSON.stringify(order).toLowerCase().includes(q.toLowerCase());
}

function updated(store: ShopkitOrderStore, order: ShopkitMockOrder, parsed: Parsed): Reply {
	if (parsed.kind !== 'json' || !isObject(parsed.value)) return BAD_REQUEST;
	const fields = parsed.value;
	for (const [name, value] of Object.entries(fields)) {
		const kind = UPDATABLE[name];
		if (!kind) return { status: 400, body: { message: `Bad request. Unknown field ${name}.` } };
		const valid = kind === 'flag' ? typeof value === 'boolean' : kind === 'tags' ? Array.isArray(value) && value.every((tag) => typeof tag === 'string') : typeof value === 'string';
		if (!valid) return { status: 400, body: { message: `Bad request. Invalid ${name}.` } };
	}
	if (fields.status_alias !== undefined && !(ORDER_STATUSES as readonly string[]).includes(fields.status_alias as string)) {
		return { status: 400, body: { message: 'Bad request. Invalid status_alias.' } };
	}
	const { notify_client: _notify, invoice_file: invoiceFile, tags, ...applied } = fields;
	Object.assign(order, applied, invoiceFile ? { invoice_url: `https://invoices.shopk.it/${order.id}.pdf` } : {}, tags ? { tags: tagsOf(tags as string[]) } : {});
	order.update_at = new Date().toISOString();
	store.updates.push({ id: order.id, fields });
	return { status: 200, body: order };
}

function issuedInvoice(store: ShopkitOrderStore, order: ShopkitMockOrder): Reply {
	if (!store.invoiceApp) return { status: 400, body: { message: 'No invoice app active' } };
	if (store.invoicesIssued.includes(order.id)) return { status: 409, body: { message: 'Already exists.' } };
	store.invoicesIssued.push(order.id);
	order.invoice_url = `https://invoices.shopk.it/${order.id}.pdf`;
	return { status: 201, body: { message: 'The invoice was issued successfully' } };
}

/**
 * The answer of an order or carrier route, or undefined for another route. `page` answers a list in the shape
 * the mock is set to (shopkitApi.ts).
 */
export function orderRoute(store: ShopkitOrderStore, method: string, path: string, query: URLSearchParams, parsed: Parsed, page: (items: unknown[]) => Reply): Reply | undefined {
	if (method === 'GET' && path === '/v1/shipment/carrier') return { status: 200, body: CARRIERS };
	if (method === 'GET' && path === '/v1/order') {
		const listed = [...store.orders.values()].filter((order) => matches(order, query));
		return listed.length > 0 ? page(listed) : NOT_FOUND;
	}
	const match = /^\/v1\/order\/(\d+)(\/invoice)?$/.exec(path);
	if (!match) return undefined;
	const order = store.orders.get(Number(match[1]));
	if (!order) return NOT_FOUND;
	if (match[2]) return method === 'POST' ? issuedInvoice(store, order) : NOT_FOUND;
	if (method === 'GET') return { status: 200, body: order };
	if (method === 'PUT') return updated(store, order, parsed);
	return undefined;
}
