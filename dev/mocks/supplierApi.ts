import http from 'http';
import type { AddressInfo } from 'net';

import { isObject, parseBody, readBody, send } from './mockHttp';
import type { Parsed, Reply } from './mockHttp';

/** An in-memory stand-in for the supplier marketplace's stock-update API (the "API URL" + "API Token"), for tests. */

export interface SupplierStockUpdate {
	supplierProductId: string;
	action: string;
	newPrice?: number;
	sizes: Array<{ value: string; count: number; soldCount?: number; sizeId?: number }>;
}

export interface SupplierApiMock {
	/** e.g. http://127.0.0.1:PORT/api/v1/stock (what the user pastes as "API URL") */
	apiUrl: string;
	/** The token the server accepts in `Authorization: Bearer <token>`. */
	token: string;
	/**
	 * Every update the stock was changed by (applied), in arrival order, with the Authorization header and the
	 * Idempotency-Key it came with: what the marketplace applied, whatever it answered.
	 */
	received: Array<{ body: SupplierStockUpdate; authorization: string; idempotencyKey?: string }>;
	/** Every request, accepted or not; `status` is 0 for a request held unanswered or whose connection was reset. */
	requests: Array<{
		method: string;
		path: string;
		body: unknown;
		authorization: string | undefined;
		idempotencyKey: string | undefined;
		status: number;
		/** Whether this request changed the stock (a failure injected with `applied` did). */
		applied: boolean;
		at: number;
	}>;
	/**
	 * The next `count` POSTs to the API path get `status` (429/500/503…), optionally with a Retry-After header
	 * (seconds) and after a delay (added to the latency); 0 = never answer until close(). With `applied`, the
	 * update is applied first (as a server that answers 500 or too late after committing it).
	 */
	failNext(status: number, options?: FailureOptions): void;
	/** Answers the next `answered` POSTs to the API path as usual, then fails as failNext does. */
	failAfter(answered: number, status: number, options?: FailureOptions): void;
	/** The next `count` POSTs have their connection reset once their body is read; with `applied`, after applying it. */
	resetNext(options?: { count?: number; applied?: boolean }): void;
	/** The next `count` POSTs are answered as usual: a step of a fault plan built with failNext and resetNext. */
	passNext(count?: number): void;
	/** Every answer (accepted or failed) is delayed by this many ms (for slowness/concurrency tests). */
	setLatency(ms: number): void;
	/** Highest number of requests in flight at the same time seen so far. */
	maxConcurrent: number;
	/** Requests for a supplierProductId that arrived while another one for it was still unanswered. */
	sameProductOverlaps: number;
	close(): Promise<void>;
}

export interface FailureOptions {
	count?: number;
	retryAfterSeconds?: number;
	delayMs?: number;
	body?: unknown;
	applied?: boolean;
}

const ACTIONS = ['receipts', 'sold', 'cancel', 'return', 'price'];
const NOT_FOUND: Reply = { status: 404, body: { error: 'Not found' } };
const INVALID_TOKEN: Reply = { status: 401, body: { error: 'Invalid API token' } };

type Failure = { status: number; body: unknown; retryAfterSeconds?: number; delayMs: number; applied: boolean; reset: boolean };
type Invalid = { path: string; problem: string };

function isCount(value: unknown): boolean {
	return Number.isInteger(value) && (value as number) >= 0;
}

function sizeProblem(size: unknown, at: string): Invalid | undefined {
	if (!isObject(size)) return { path: at, problem: 'must be an object' };
	const { value, count, soldCount, sizeId } = size;
	if (typeof value !== 'string' || value === '') return { path: `${at}.value`, problem: 'must be a non-empty string' };
	if (!isCount(count)) return { path: `${at}.count`, problem: 'must be an integer >= 0' };
	if (soldCount !== undefined && !isCount(soldCount)) {
		return { path: `${at}.soldCount`, problem: 'must be an integer >= 0' };
	}
	if (sizeId !== undefined && !Number.isInteger(sizeId)) return { path: `${at}.sizeId`, problem: 'must be an integer' };
	return undefined;
}

/** The first rule of the seed document the update breaks; a body that is not an object breaks the first field's. */
function updateProblem(update: unknown): Invalid | undefined {
	const { supplierProductId, action, newPrice, sizes } = isObject(update) ? update : {};
	if (typeof supplierProductId !== 'string' || supplierProductId === '') {
		return { path: 'supplierProductId', problem: 'must be a non-empty string' };
	}
	if (typeof action !== 'string' || !ACTIONS.includes(action)) {
		return { path: 'action', problem: `must be one of ${ACTIONS.join(', ')}` };
	}
	if (action === 'price' && newPrice === undefined)
		return { path: 'newPrice', problem: 'is required for action price' };
	if (newPrice !== undefined && typeof newPrice !== 'number') return { path: 'newPrice', problem: 'must be a number' };
	if (action === 'price' && !(Number.isFinite(newPrice) && (newPrice as number) > 0)) {
		return { path: 'newPrice', problem: 'must be a finite number > 0 for action price' };
	}
	if (!Array.isArray(sizes)) return { path: 'sizes', problem: 'must be an array' };
	if (sizes.length === 0 && action !== 'price')
		return { path: 'sizes', problem: 'must not be empty unless action is price' };
	for (const [index, size] of sizes.entries()) {
		const problem = sizeProblem(size, `sizes.${index}`);
		if (problem) return problem;
	}
	return undefined;
}

/** Calls `done` once, when the response is sent or its connection closes, whichever comes first. */
function whenDone(res: http.ServerResponse, done: () => void): void {
	let settled = false;
	const settle = () => {
		if (settled) return;
		settled = true;
		done();
	};
	res.once('finish', settle);
	res.once('close', settle);
}

function readHeaderValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/** `Bearer <token>` with exactly one space; only the scheme is case-insensitive (RFC 7235). */
function bearerToken(authorization: string | undefined): string | undefined {
	const match = /^(\S+) (\S+)$/.exec(authorization ?? '');
	return match && match[1].toLowerCase() === 'bearer' ? match[2] : undefined;
}

/**
 * `deduplicates`: an update whose Idempotency-Key was applied before is not applied again and gets the earlier
 * answer, as a marketplace that de-duplicates by that header would do (the seed documents no such header).
 */
export async function startSupplierApi(options: { token?: string; path?: string; deduplicates?: boolean } = {}): Promise<SupplierApiMock> {
	const token = options.token ?? 'supplier-api-token';
	const stockPath = options.path ?? '/api/v1/stock';
	const answeredByKey = new Map<string, Reply>();
	/** Queued answers of the next POSTs: a failure, or null for "answer as usual". */
	const failures: Array<Failure | null> = [];
	let latency = 0;
	let inFlight = 0;
	let nextId = 1;

	function accept(parsed: Parsed, authorization: string, idempotencyKey: string | undefined): Reply {
		if (parsed.kind !== 'json') return { status: 400, body: { error: 'Invalid JSON' } };
		const invalid = updateProblem(parsed.value);
		if (invalid) return { status: 400, body: { error: `${invalid.path} ${invalid.problem}`, path: invalid.path } };
		const earlier = options.deduplicates && idempotencyKey !== undefined ? answeredByKey.get(idempotencyKey) : undefined;
		if (earlier) return earlier;
		mock.received.push({ body: parsed.value as SupplierStockUpdate, authorization, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) });
		const reply = { status: 200, body: { ok: true, id: nextId++ } };
		if (idempotencyKey !== undefined) answeredByKey.set(idempotencyKey, reply);
		return reply;
	}

	function route(method: string, path: string, authorization: string | undefined, idempotencyKey: string | undefined, parsed: Parsed): Reply {
		if (path !== stockPath || (method !== 'POST' && method !== 'GET')) return NOT_FOUND;
		if (authorization === undefined || bearerToken(authorization) !== token) return INVALID_TOKEN;
		if (method === 'GET') return { status: 200, body: { ok: true } };
		return accept(parsed, authorization, idempotencyKey);
	}

	function answer(res: http.ServerResponse, reply: Reply, extraDelayMs = 0): void {
		const delay = latency + extraDelayMs;
		if (delay <= 0) return send(res, reply);
		const timer = setTimeout(() => send(res, reply), delay);
		// A client that gives up, or close(), must not leave a timer keeping jest alive.
		res.once('close', () => clearTimeout(timer));
	}

	function failureReply({ status, body, retryAfterSeconds }: Failure): Reply {
		const headers: Record<string, string> =
			retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
		return { status, body, headers };
	}

	async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const at = Date.now();
		const method = req.method ?? 'GET';
		const path = (req.url ?? '/').split('?')[0];
		const authorization = req.headers.authorization;
		const idempotencyKey = readHeaderValue(req.headers['idempotency-key']);
		const parsed = parseBody(await readBody(req));
		const request = { method, path, body: parsed.value, authorization, idempotencyKey, status: 0, applied: false, at };
		mock.requests.push(request);
		trackProduct(parsed, res);

		const failure = method === 'POST' && path === stockPath ? failures.shift() : null;
		if (failure) {
			if (failure.applied) request.applied = appliedBy(() => route(method, path, authorization, idempotencyKey, parsed));
			// The body was read: the client cannot tell whether it was applied
			if (failure.reset) {
				req.socket.destroy();
				return;
			}
			request.status = failure.status;
			// Status 0 simulates a timeout: never answer; close() ends the connection.
			if (failure.status !== 0) answer(res, failureReply(failure), failure.delayMs);
			return;
		}
		let reply: Reply | undefined;
		request.applied = appliedBy(() => (reply = route(method, path, authorization, idempotencyKey, parsed)));
		request.status = reply!.status;
		answer(res, reply!);
	}

	/** Whether handling the request added to what was applied. */
	function appliedBy(handle: () => unknown): boolean {
		const before = mock.received.length;
		handle();
		return mock.received.length > before;
	}

	function track(res: http.ServerResponse): void {
		inFlight++;
		mock.maxConcurrent = Math.max(mock.maxConcurrent, inFlight);
		whenDone(res, () => inFlight--);
	}

	const inFlightByProduct = new Map<string, number>();

	function trackProduct(parsed: Parsed, res: http.ServerResponse): void {
		const productId = isObject(parsed.value) ? parsed.value.supplierProductId : undefined;
		if (typeof productId !== 'string') return;
		const unanswered = inFlightByProduct.get(productId) ?? 0;
		if (unanswered > 0) mock.sameProductOverlaps++;
		inFlightByProduct.set(productId, unanswered + 1);
		whenDone(res, () => inFlightByProduct.set(productId, (inFlightByProduct.get(productId) ?? 1) - 1));
	}

	const server = http.createServer((req, res) => {
		track(res);
		handle(req, res).catch(() => res.destroy());
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;

	const mock: SupplierApiMock = {
		apiUrl: `http://127.0.0.1:${port}${stockPath}`,
		token,
		received: [],
		requests: [],
		failNext(status, options) {
			mock.failAfter(0, status, options);
		},
		failAfter(answered, status, { count = 1, retryAfterSeconds, delayMs = 0, body, applied = false } = {}) {
			const failure = {
				status,
				retryAfterSeconds,
				delayMs,
				body: body ?? { error: http.STATUS_CODES[status] ?? 'Injected failure' },
				applied,
				reset: false,
			};
			for (let i = 0; i < answered; i++) failures.push(null);
			for (let i = 0; i < count; i++) failures.push(failure);
		},
		passNext(count = 1) {
			for (let i = 0; i < count; i++) failures.push(null);
		},
		resetNext({ count = 1, applied = false } = {}) {
			for (let i = 0; i < count; i++) failures.push({ status: 0, body: undefined, delayMs: 0, applied, reset: true });
		},
		setLatency(ms) {
			latency = ms;
		},
		maxConcurrent: 0,
		sameProductOverlaps: 0,
		close() {
			return new Promise((resolve) => {
				server.close(() => resolve());
				// Keep-alive, held (status 0) and delayed connections would otherwise keep jest alive.
				server.closeAllConnections();
			});
		},
	};
	return mock;
}
