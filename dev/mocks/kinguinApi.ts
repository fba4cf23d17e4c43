import http from 'http';
import type { AddressInfo } from 'net';

import { send } from './mockHttp';
import type { Reply } from './mockHttp';

/**
 * An in-memory stand-in for Kinguin's eCommerce API (PROVIDERS.md, Kinguin): the routes the Kinguin Trigger
 * reads and the balance its credential test asks for, below `/esa/api` as on Kinguin's gateway, with
 * `X-Api-Key`, Kinguin's error object, and the faults tests need.
 */

/** The order of Kinguin's documented example (api/order/v1, "Get order"). */
export function kinguinOrder(orderId = 'PHS84FJAG5U', status = 'completed'): Record<string, unknown> {
	return {
		totalPrice: 5.79,
		requestTotalPrice: 5.79,
		status,
		userEmail: '...@kinguin.io',
		storeId: 1,
		createdAt: '2020-10-28T08:40:44+00:00',
		orderId,
		orderExternalId: 'AL2FEEHOO2OHF',
		couponCode: 'ESA',
		paymentPrice: 5.29,
		products: [
			{
				kinguinId: 1949,
				offerId: '5f7efd272f3a650001f42722',
				productId: '5c9b68662539a4e8f17ae2fe',
				qty: 1,
				name: 'Counter-Strike: Source Steam CD Key',
				price: 5.79,
				requestPrice: 5.79,
				isPreorder: false,
				releaseDate: '2020-10-07',
				keyType: 'text',
				accurate: true,
				broker: 'internal',
			},
		],
		isPreorder: false,
		preorderReleaseDate: null,
	};
}

/** A key of Kinguin's documented example (api/order/v2, "Download keys"). */
export function kinguinKey(serial = '0ddbebb2-559d-42e9-a8e1-fd4b2bdea858'): Record<string, unknown> {
	return {
		serial,
		type: 'text/plain',
		name: 'Counter-Strike: Source Steam CD Key',
		kinguinId: 1949,
		offerId: '5f7efd272f3a650001f42722',
		productId: '5c9b68662539a4e8f17ae2fe',
	};
}

/** The product of Kinguin's documented example (api/products/v1, "Get product"), its main fields. */
export function kinguinProduct(kinguinId = 1949, qty = 149): Record<string, unknown> {
	return {
		name: 'Counter-Strike: Source Steam CD Key',
		originalName: 'Counter-Strike: Source',
		platform: 'Steam',
		releaseDate: '2004-11-01',
		qty,
		textQty: qty,
		price: 5.79,
		cheapestOfferId: ['5f7efe3b369b4a0001c5b46f'],
		isPreorder: false,
		regionalLimitations: 'Region free',
		regionId: 3,
		kinguinId,
		productId: '5c9b5f6b2539a4e8f172916a',
		coverImage: 'https://storage.googleapis.com/api-ecommerce/counter-strike-source_cover.jpg',
		coverImageOriginal: 'https://storage.googleapis.com/api-ecommerce/counter-strike-source_cover_original.jpg',
		screenshots: [
			{
				url: 'https://storage.googleapis.com/api-ecommerce/counter-strike-source_thumb_1.jpg',
				url_original: 'https://storage.googleapis.com/api-ecommerce/counter-strike-source_original_1.jpg',
			},
		],
		genres: ['Action'],
		languages: ['English', 'German'],
		tags: ['base'],
		offers: [
			{
				name: 'Counter-Strike: Source Steam CD Key',
				offerId: '5f7efe3b369b4a0001c5b46f',
				price: 5.79,
				qty,
				textQty: qty,
				merchantName: 'KinguinHK',
				isPreorder: false,
				releaseDate: '2004-11-01',
			},
		],
		offersCount: 1,
		totalQty: qty,
		merchantName: ['KinguinHK'],
		updatedAt: '2020-10-24T09:34:13+00:00',
	};
}

export interface KinguinApiRequest {
	method: string;
	/** Below the host, e.g. /esa/api/v1/order/PHS84FJAG5U. */
	path: string;
	query: Record<string, string>;
	apiKey: string | undefined;
}

/** A request held unanswered until released, to show what happens while Kinguin is slow. */
export interface HeldRequests {
	/** Resolves once a request matching the hold has arrived (it is then held). */
	reached: Promise<KinguinApiRequest>;
	/** Answers every held request normally, and lets later ones through. */
	release(): void;
}

export interface KinguinApiMock {
	/** e.g. http://127.0.0.1:PORT/esa/api: the credential's Base URL (Custom environment). */
	baseUrl: string;
	apiKey: string;
	balance: number;
	/** Keyed by orderId. Live state; tests read it and may change it. */
	orders: Map<string, Record<string, unknown>>;
	/** Keyed by orderId: the keys GET /v2/order/{orderId}/keys pages through. */
	keys: Map<string, Array<Record<string, unknown>>>;
	/** Keyed by kinguinId. */
	products: Map<number, Record<string, unknown>>;
	/** Every request received, in order. */
	requests: KinguinApiRequest[];
	/**
	 * The next `count` requests with a valid key are answered with `status` and Kinguin's error object instead
	 * of normally; `retryAfter` (seconds) adds a Retry-After header (a 429 or 503).
	 */
	failNext(status: number, options?: { count?: number; retryAfter?: number; detail?: string }): void;
	/**
	 * Holds every request whose path ends with `pathEnd` (e.g. `/v1/order/O1`; every request when omitted), as a
	 * hung gateway would: accepted, whatever its key, and unanswered until release(). Never released, it is never
	 * answered: close() drops the connection.
	 */
	hold(pathEnd?: string): HeldRequests;
	close(): Promise<void>;
}

const BASE_PATH = '/esa/api';
/** Kinguin's largest page of keys (api/order/v2, "Download keys"). */
const MAX_KEYS_LIMIT = 100;

/** Kinguin's error object (api/ErrorsCodes.md). */
function kinguinError(status: number, kind: string, title: string, detail: string, path: string): Reply {
	return { status, body: { kind, status, title, detail, path, method: 'GET', trace: 'mock', timestamp: new Date().toISOString() } };
}

/** What Kinguin answers a bad key with (api/README.md, "Authorization"). */
const UNAUTHORIZED: Reply = { status: 401, body: { kind: 'Authorization', status: 401, detail: 'Invalid authentication data.', type: 'Unauthorized' } };

const TITLES: Record<number, string> = { 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

export async function startKinguinApi(options: { apiKey?: string; port?: number } = {}): Promise<KinguinApiMock> {
	const failures: Reply[] = [];
	const holds: Array<{ pathEnd: string; released: boolean; waiting: Array<() => void>; arrived: (request: KinguinApiRequest) => void }> = [];

	function keysPage(orderId: string, query: Record<string, string>, path: string): Reply {
		const keys = mock.keys.get(orderId);
		if (!keys || !mock.orders.has(orderId)) return kinguinError(404, 'OrderNotFound', 'Not Found', `Order "${orderId}" not found`, path);
		const page = Math.max(1, Number(query.page ?? 1) || 1);
		const limit = Math.min(MAX_KEYS_LIMIT, Math.max(1, Number(query.limit ?? 25) || 25));
		return { status: 200, body: keys.slice((page - 1) * limit, page * limit) };
	}

	function route(path: string, query: Record<string, string>): Reply {
		const below = path.slice(BASE_PATH.length);
		let match: RegExpExecArray | null;
		if (below === '/v1/balance') return { status: 200, body: { balance: mock.balance } };
		if ((match = /^\/v1\/order\/([^/]+)$/.exec(below))) {
			const orderId = decodeURIComponent(match[1]);
			const order = mock.orders.get(orderId);
			return order ? { status: 200, body: order } : kinguinError(404, 'OrderNotFound', 'Not Found', `Order "${orderId}" not found`, path);
		}
		if ((match = /^\/v2\/order\/([^/]+)\/keys$/.exec(below))) return keysPage(decodeURIComponent(match[1]), query, path);
		if ((match = /^\/v1\/products\/([^/]+)$/.exec(below))) {
			const product = mock.products.get(Number(decodeURIComponent(match[1])));
			return product ? { status: 200, body: product } : kinguinError(404, 'Http', 'Not Found', 'Product not found', path);
		}
		return kinguinError(404, 'Http', 'Not Found', `No route found for "GET ${path}"`, path);
	}

	/** Waits while a hold matching the request is not released. */
	async function heldBack(request: KinguinApiRequest): Promise<void> {
		const hold = holds.find((candidate) => !candidate.released && request.path.endsWith(candidate.pathEnd));
		if (!hold) return;
		hold.arrived(request);
		await new Promise<void>((resolve) => hold.waiting.push(resolve));
	}

	async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const [path, search = ''] = (req.url ?? '/').split(/\?(.*)/s);
		const query = Object.fromEntries(new URLSearchParams(search));
		const apiKey = typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined;
		const request: KinguinApiRequest = { method: req.method ?? 'GET', path, query, apiKey };
		mock.requests.push(request);
		await heldBack(request);
		if (!path.startsWith(`${BASE_PATH}/`)) return send(res, kinguinError(404, 'Http', 'Not Found', `No route found for "${request.method} ${path}"`, path));
		if (apiKey !== mock.apiKey) return send(res, UNAUTHORIZED);
		if (request.method !== 'GET') return send(res, kinguinError(405, 'Http', 'Method Not Allowed', `No route found for "${request.method} ${path}"`, path));
		const failure = failures.shift();
		send(res, failure ?? route(path, query));
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch(() => res.destroy());
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;

	const mock: KinguinApiMock = {
		baseUrl: `http://127.0.0.1:${port}${BASE_PATH}`,
		apiKey: options.apiKey ?? 'kinguin-api-key-0123456789',
		balance: 12.45,
		orders: new Map([['PHS84FJAG5U', kinguinOrder()]]),
		keys: new Map([['PHS84FJAG5U', [kinguinKey()]]]),
		products: new Map([[1949, kinguinProduct()]]),
		requests: [],
		failNext(status, { count = 1, retryAfter, detail = 'Injected failure' } = {}) {
			const reply = kinguinError(status, 'Error', TITLES[status] ?? 'Error', detail, BASE_PATH);
			if (retryAfter !== undefined) reply.headers = { 'retry-after': String(retryAfter) };
			for (let i = 0; i < count; i++) failures.push(reply);
		},
		hold(pathEnd = '') {
			let arrived!: (request: KinguinApiRequest) => void;
			const reached = new Promise<KinguinApiRequest>((resolve) => (arrived = resolve));
			const hold = { pathEnd, released: false, waiting: [] as Array<() => void>, arrived };
			holds.push(hold);
			return {
				reached,
				release() {
					hold.released = true;
					for (const resume of hold.waiting.splice(0)) resume();
				},
			};
		},
		close() {
			return new Promise((resolve) => {
				server.close(() => resolve());
				// Keep-alive and held connections would otherwise keep jest alive.
				server.closeAllConnections();
			});
		},
	};
	return mock;
}
