import http from 'http';
import type { AddressInfo } from 'net';

import { SHOPKIT_EVENTS } from '../../nodes/Shopkit/Shopkit.schemas';
import { parseBody, readBody, RequestHold, send } from './mockHttp';
import type { HeldRequests, Parsed, Reply } from './mockHttp';
import { catalogRoute, newCatalog } from './shopkitCatalog';
import type { ShopkitCatalog } from './shopkitCatalog';
import { newOrderStore, orderRoute } from './shopkitOrders';
import type { ShopkitOrderStore } from './shopkitOrders';

/** An in-memory stand-in for Shopkit's webhook API (https://api.shopk.it/v1), for tests. */

export interface ShopkitWebhook {
	id: number;
	event: string;
	url: string;
	active: boolean;
}

export interface ShopkitApiMock {
	/** e.g. http://127.0.0.1:PORT/v1 */
	baseUrl: string;
	/** The key the server accepts in X-API-KEY. */
	apiKey: string;
	/** Live state; tests read it and may pre-fill it. */
	webhooks: Map<number, ShopkitWebhook>;
	/** Every request received, in order. */
	requests: Array<{ method: string; path: string; body: unknown; apiKey: string | undefined }>;
	/**
	 * The next `count` requests (any route) are answered with this status and body instead of normally
	 * (for fault tests). Status 0 holds the request open unanswered until close().
	 */
	failNext(status: number, body?: unknown, count?: number, headers?: Record<string, string>): void;
	/** Answers the next `answered` requests normally, then fails one with this status and body. */
	failAfter(answered: number, status: number, body?: unknown): void;
	/** Holds every request unanswered until released, then answers them normally (a registration that takes its time). */
	holdRequests(): HeldRequests;
	/** The next write (not a GET) is applied as usual, then answered with this status, or its connection reset: a fault after applying. */
	failAfterApplying(fault: number | 'reset'): void;
	/**
	 * How `GET /webhook` pages its list (ACTIONS.md, Shopkit, uncertain 1): a JSON array with `X-Total-Count`,
	 * `404 Not found.` past the last page (`array`, the default), or an object whose numeric keys are the webhooks,
	 * with `paging: {previous, next}` (`paged`). Either way `page` (1-based) and `limit` (25 unless asked, 50 at most).
	 */
	listShape: 'array' | 'paged';
	/** The store's orders, invoices and updates (shopkitOrders.ts); `GET /order` pages them as `listShape` says. */
	store: ShopkitOrderStore;
	/** The store's products and clients (shopkitCatalog.ts). */
	catalog: ShopkitCatalog;
	close(): Promise<void>;
}

/** Shopkit's page size unless asked, and the most it gives (api.md, "Pagination"). */
const DEFAULT_LIMIT = 25;
const MOST_LIMIT = 50;


const NOT_FOUND: Reply = { status: 404, body: { message: 'Not found.' } };

const STORE = { id: 1, name: 'Parallax', url: 'https://parallax.shopk.it', email: 'info@shopk.it' };

export async function startShopkitApi(options: { apiKey?: string } = {}): Promise<ShopkitApiMock> {
	const apiKey = options.apiKey ?? 'shopkit-test-key';
	const webhooks = new Map<number, ShopkitWebhook>();
	const requests: ShopkitApiMock['requests'] = [];
	/** Queued answers: a failure to give, or null to answer normally. */
	const failures: Array<Reply | null> = [];
	const hold = new RequestHold();
	const appliedFaults: Array<number | 'reset'> = [];
	let nextId = 1337;

	function createWebhook(parsed: Parsed): Reply {
		if (parsed.kind !== 'json') return { status: 400, body: { message: 'Invalid JSON' } };
		const input = (typeof parsed.value === 'object' && parsed.value !== null ? parsed.value : {}) as Record<
			string,
			unknown
		>;
		const { event, url } = input;
		if (typeof event !== 'string' || !(SHOPKIT_EVENTS as readonly string[]).includes(event)) {
			return { status: 400, body: { message: 'Invalid event' } };
		}
		if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
			return { status: 400, body: { message: 'Invalid url' } };
		}
		if ([...webhooks.values()].some((webhook) => webhook.event === event && webhook.url === url)) {
			return { status: 409, body: { message: 'Already exists.' } };
		}
		// Tests may pre-fill the map, so never hand out an id that is already taken.
		while (webhooks.has(nextId)) nextId++;
		const webhook: ShopkitWebhook = { id: nextId++, event, url, active: true };
		webhooks.set(webhook.id, webhook);
		return { status: 201, body: webhook };
	}

	/** One page of `listed`, in the shape the mock is set to; past the last page of an array, 404 as an unknown id. */
	function pageOf(listed: unknown[], query: URLSearchParams, path: string): Reply {
		const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
		const limit = Math.min(MOST_LIMIT, Math.max(1, Number(query.get('limit') ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
		const items = listed.slice((page - 1) * limit, page * limit);
		if (mock.listShape === 'array') {
			return items.length > 0 ? { status: 200, body: items, headers: { 'X-Total-Count': String(listed.length) } } : NOT_FOUND;
		}
		const pageUrl = (at: number) => `${baseUrl}${path.replace(/^\/v1/, '')}?page=${at}&limit=${limit}`;
		const paging = { previous: page > 1 ? pageUrl(page - 1) : null, next: page * limit < listed.length ? pageUrl(page + 1) : null };
		return { status: 200, body: { ...Object.fromEntries(items.map((item, index) => [String(index), item])), paging } };
	}

	/**
	 * `GET /webhook/{id}{?active,event}`: "a list of webhooks or single webhook by id". The list is filtered by
	 * `active` (`true` | `false`) and `event`, and paged (pageOf); nothing found is `404 {"message":"Not found."}`,
	 * as for an unknown id.
	 */
	function getWebhooks(id: string | undefined, query: URLSearchParams, path: string): Reply {
		if (id !== undefined) {
			const webhook = webhooks.get(Number(id));
			return webhook ? { status: 200, body: webhook } : NOT_FOUND;
		}
		const active = query.get('active');
		if (active !== null && active !== 'true' && active !== 'false') return { status: 400, body: { message: 'Bad request.' } };
		const event = query.get('event');
		const listed = [...webhooks.values()].filter(
			(webhook) => (active === null || webhook.active === (active === 'true')) && (event === null || webhook.event === event),
		);
		return listed.length > 0 ? pageOf(listed, query, path) : NOT_FOUND;
	}

	function route(method: string, path: string, query: URLSearchParams, key: string | undefined, parsed: Parsed): Reply {
		if (key !== apiKey) return { status: 401, body: { message: 'Invalid API key' } };
		if (method === 'GET' && path === '/v1/store') return { status: 200, body: STORE };
		const getMatch = method === 'GET' ? /^\/v1\/webhook(?:\/([^/]+))?\/?$/.exec(path) : null;
		if (getMatch) return getWebhooks(getMatch[1], query, path);
		if (method === 'POST' && path === '/v1/webhook') return createWebhook(parsed);
		const ordered = orderRoute(mock.store, method, path, query, parsed, (items) => pageOf(items, query, path));
		if (ordered) return ordered;
		const catalogued = catalogRoute(mock.catalog, method, path, query, parsed, (items) => pageOf(items, query, path));
		if (catalogued) return catalogued;
		const deleteMatch = method === 'DELETE' ? /^\/v1\/webhook\/([^/]+)$/.exec(path) : null;
		if (deleteMatch) {
			const id = Number(deleteMatch[1]);
			if (!webhooks.delete(id)) return NOT_FOUND;
			return { status: 204 };
		}
		return NOT_FOUND;
	}

	async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const parsed = parseBody(await readBody(req));
		const method = req.method ?? 'GET';
		const [path, search = ''] = (req.url ?? '/').split('?');
		const header = req.headers['x-api-key'];
		const key = Array.isArray(header) ? header.join(', ') : header;
		requests.push({ method, path, body: parsed.value, apiKey: key });
		await hold.pass();

		const failure = failures.shift();
		if (failure) {
			// Status 0 simulates a timeout: never answer; close() ends the connection.
			if (failure.status !== 0) send(res, failure);
			return;
		}
		const reply = route(method, path, new URLSearchParams(search), key, parsed);
		const afterApplying = method !== 'GET' ? appliedFaults.shift() : undefined;
		if (afterApplying === 'reset') {
			req.socket.destroy();
			return;
		}
		send(res, afterApplying === undefined ? reply : { status: afterApplying, body: { message: 'Internal error' } });
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch(() => res.destroy());
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const baseUrl = `http://127.0.0.1:${port}/v1`;

	const mock: ShopkitApiMock = {
		baseUrl,
		apiKey,
		listShape: 'array',
		store: newOrderStore(),
		catalog: newCatalog(),
		webhooks,
		requests,
		failNext(status, body = { message: 'Injected failure' }, count = 1, headers = {}) {
			for (let i = 0; i < count; i++) failures.push({ status, body, headers });
		},
		failAfter(answered, status, body = { message: 'Injected failure' }) {
			for (let i = 0; i < answered; i++) failures.push(null);
			failures.push({ status, body });
		},
		holdRequests: () => hold.hold(),
		failAfterApplying(fault) {
			appliedFaults.push(fault);
		},
		close() {
			hold.release();
			return new Promise((resolve) => {
				server.close(() => resolve());
				// Keep-alive and held (status 0) connections would otherwise keep jest alive.
				server.closeAllConnections();
			});
		},
	};
	return mock;
}
