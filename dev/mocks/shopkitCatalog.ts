import { isObject } from './mockHttp';
import { tagsOf } from './shopkitOrders';
import type { ShopkitMockTag } from './shopkitOrders';
import type { Parsed, Reply } from './mockHttp';

/**
 * Shopkit's product and client routes as its API reference documents them (../shared/ACTIONS.md, section 1):
 * products listed as numeric keys with `paging`, clients as an array (its uncertain 1); `POST /product` has no
 * 409, `POST /client/` answers `409 Already exists.` for an e-mail it has.
 */

export interface ShopkitMockProduct {
	id: number;
	title: string;
	reference: string | null;
	price: number;
	price_promo: number | null;
	status: number;
	status_alias: string;
	stock: { stock_enabled: boolean; stock_qty: number };
	options: Array<{ id: number; title: string; price: number; stock: number }>;
	[field: string]: unknown;
}

export interface ShopkitMockClient {
	id: number;
	hash: string;
	name: string;
	email: string;
	wholesale: boolean | string;
	tags: ShopkitMockTag[];
	[field: string]: unknown;
}

export interface ShopkitCatalog {
	products: Map<number, ShopkitMockProduct>;
	clients: Map<number, ShopkitMockClient>;
	/** Every product and client created, in order (by id): what the store gained. */
	created: Array<{ kind: 'product' | 'client'; id: number }>;
}

export function newCatalog(): ShopkitCatalog {
	return { products: new Map(), clients: new Map(), created: [] };
}

const STATUS_ALIASES: Record<number, string> = { 1: 'active', 2: 'hidden', 3: 'out_of_stock', 4: 'soon' };
const NOT_FOUND: Reply = { status: 404, body: { message: 'Not found.' } };
const badRequest = (why: string): Reply => ({ status: 400, body: { message: `Bad request. ${why}` } });

export function mockProduct(id: number, fields: Partial<ShopkitMockProduct> = {}): ShopkitMockProduct {
	return {
		id,
		title: `Product ${id}`,
		reference: `SKU-${id}`,
		price: 10 + id,
		price_promo: null,
		status: 1,
		status_alias: 'active',
		stock: { stock_enabled: true, stock_qty: 5 },
		options: [{ id: id * 10 + 1, title: 'Small', price: 10 + id, stock: 2 }],
		...fields,
	};
}

export function mockClient(id: number, fields: Partial<ShopkitMockClient> = {}): ShopkitMockClient {
	return { id, hash: `hash${id}`, name: `Client ${id}`, email: `client${id}@example.com`, wholesale: false, tags: [], ...fields };
}

function nextId(records: Map<number, unknown>): number {
	return Math.max(1000, ...records.keys()) + 1;
}

const isNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value);

/** `PUT /product/{id}` and `POST /product`: the fields applied, stock inside `stock`. */
function applyProduct(product: ShopkitMockProduct, fields: Record<string, unknown>): Reply | undefined {
	for (const name of ['price', 'price_promo', 'stock_qty', 'status']) {
		if (fields[name] !== undefined && !isNumber(fields[name])) return badRequest(`Invalid ${name}.`);
	}
	if (fields.status !== undefined && !STATUS_ALIASES[fields.status as number]) return badRequest('Invalid status.');
	if (fields.price_promo !== undefined && fields.price_promo !== null && (fields.price_promo as number) >= ((fields.price as number | undefined) ?? product.price)) {
		return badRequest('price_promo must be lower than price.');
	}
	const { stock_qty: qty, stock_enabled: enabled, status, ...rest } = fields;
	Object.assign(product, rest);
	if (enabled !== undefined) product.stock.stock_enabled = Boolean(enabled);
	if (qty !== undefined) {
		if (!product.stock.stock_enabled) return badRequest('stock_qty needs stock_enabled.');
		product.stock.stock_qty = qty as number;
	}
	if (status !== undefined) Object.assign(product, { status, status_alias: STATUS_ALIASES[status as number] });
	return undefined;
}

function productRoute(catalog: ShopkitCatalog, method: string, path: string, query: URLSearchParams, body: Record<string, unknown>, page: (items: unknown[]) => Reply): Reply | undefined {
	if (path === '/v1/product') {
		if (method === 'GET') {
			const reference = query.get('reference');
			const listed = [...catalog.products.values()].filter((product) => reference === null || product.reference === reference);
			return listed.length > 0 ? page(listed) : NOT_FOUND;
		}
		if (method !== 'POST') return undefined;
		if (typeof body.title !== 'string' || !isNumber(body.price)) return badRequest('title and price are required.');
		const product = mockProduct(nextId(catalog.products), { title: body.title, reference: (body.reference as string | undefined) ?? null, options: [] });
		const refused = applyProduct(product, body);
		if (refused) return refused;
		catalog.products.set(product.id, product);
		catalog.created.push({ kind: 'product', id: product.id });
		return { status: 201, body: product };
	}
	const match = /^\/v1\/product\/(\d+)(?:\/option\/(\d+))?$/.exec(path);
	if (!match) return undefined;
	const product = catalog.products.get(Number(match[1]));
	if (!product) return NOT_FOUND;
	if (match[2]) {
		const option = product.options.find((candidate) => candidate.id === Number(match[2]));
		if (!option) return NOT_FOUND;
		if (method === 'GET') return { status: 200, body: option };
		if (method !== 'PUT') return undefined;
		if ((body.price !== undefined && !isNumber(body.price)) || (body.stock !== undefined && !Number.isInteger(body.stock))) return badRequest('Invalid price or stock.');
		Object.assign(option, body);
		return { status: 200, body: option };
	}
	if (method === 'GET') return { status: 200, body: product };
	if (method !== 'PUT') return undefined;
	return applyProduct(product, body) ?? { status: 200, body: product };
}

function clientRoute(catalog: ShopkitCatalog, method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): Reply | undefined {
	if (/^\/v1\/client\/?$/.test(path)) {
		if (method === 'GET') {
			const q = query.get('q')?.toLowerCase();
			const listed = [...catalog.clients.values()].filter((client) => !q || `${client.name} ${client.email}`.toLowerCase().includes(q));
			const pageSize = Math.min(50, Number(query.get('limit') ?? 25) || 25);
			const from = (Math.max(1, Number(query.get('page') ?? 1) || 1) - 1) * pageSize;
			const items = listed.slice(from, from + pageSize);
			return items.length > 0 ? { status: 200, body: items } : NOT_FOUND;
		}
		if (method !== 'POST') return undefined;
		if (typeof body.name !== 'string' || typeof body.email !== 'string') return badRequest('name and email are required.');
		if ([...catalog.clients.values()].some((client) => client.email === body.email)) return { status: 409, body: { message: 'Already exists.' } };
		const client = mockClient(nextId(catalog.clients), { ...body, name: body.name, email: body.email, tags: tagsOf(Array.isArray(body.tags) ? (body.tags as string[]) : []) });
		catalog.clients.set(client.id, client);
		catalog.created.push({ kind: 'client', id: client.id });
		return { status: 201, body: [client] };
	}
	const match = /^\/v1\/client\/([^/]+)$/.exec(path);
	if (!match) return undefined;
	const client = [...catalog.clients.values()].find((candidate) => String(candidate.id) === match[1] || candidate.hash === match[1]);
	if (!client) return NOT_FOUND;
	if (method === 'GET') return { status: 200, body: [client] };
	if (method !== 'PUT') return undefined;
	Object.assign(client, body, Array.isArray(body.tags) ? { tags: tagsOf(body.tags as string[]) } : {});
	return { status: 200, body: [client] };
}

/** The answer of a product or client route, or undefined for another route. */
export function catalogRoute(catalog: ShopkitCatalog, method: string, path: string, query: URLSearchParams, parsed: Parsed, page: (items: unknown[]) => Reply): Reply | undefined {
	if (!/^\/v1\/(product|client)/.test(path)) return undefined;
	if (method !== 'GET' && (parsed.kind !== 'json' || !isObject(parsed.value))) return badRequest('Expected a JSON object.');
	const body = isObject(parsed.value) ? parsed.value : {};
	return productRoute(catalog, method, path, query, body, page) ?? clientRoute(catalog, method, path, query, body);
}
