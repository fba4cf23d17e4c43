import http from 'http';
import { randomBytes, randomUUID } from 'crypto';
import type { AddressInfo } from 'net';

import { basicPair, credentialFor, isObject, objectOf, parseBody, readBody, send } from './mockHttp';
import type { Parsed, Reply } from './mockHttp';

/** An in-memory stand-in for Shopgate retail.red's auth, Webhook Service and order service APIs, for tests. */

export const SHOPGATE_EVENT_CODES: readonly string[] = [
	'cartReminderTimeReached',
	'customerDeleted',
	'fulfillmentOrderAdded',
	'fulfillmentOrderStatusUpdated',
	'fulfillmentOrderUpdated',
	'importCompleted',
	'inventoryReservationCreated',
	'inventoryReservationDeleted',
	'inventoryReservationSettled',
	'inventoryReservationUpdated',
	'locationCreated',
	'locationDeleted',
	'locationUpdated',
	'orderNotPickedUp',
	'productCreated',
	'productUpdated',
	'returnOrderAdded',
	'returnOrderStatusUpdated',
	'salesOrderAdded',
	'salesOrderFulfillmentAdded',
	'salesOrderStatusUpdated',
	'salesOrderUpdated',
	'schedulePickTimeReached',
	'schedulePickupReminderTimeReached',
];

export interface ShopgateWebhook {
	id: string;
	code: string;
	name: string;
	endpoint: string;
	active: boolean;
	events: Array<{ code: string }>;
}

export interface ShopgateDeliveryAttempt {
	/** 0 when the endpoint gave no answer within the timeout, or the connection failed. */
	status: number;
	body: string;
	ms: number;
}

export interface ShopgateApiMock {
	/** e.g. http://127.0.0.1:PORT (no trailing slash, no path) */
	baseUrl: string;
	/** `${baseUrl}/oauth/token` */
	authUrl: string;
	/** `${baseUrl}/v1/merchants/${merchantCode}` */
	webhookServiceUrl: string;
	/** `${baseUrl}/v1/merchants/${merchantCode}`: the order service answers on the same server, as a test's Order Service Base URL. */
	orderServiceUrl: string;
	merchantCode: string;
	clientId: string;
	clientSecret: string;
	username: string;
	password: string;
	/** Sent in the shopgate-token header of every delivery and test call; tests may change it (token rotation). */
	webhookToken: string;
	/** Keyed by id. Live state; tests read it and may pre-fill it. */
	webhooks: Map<string, ShopgateWebhook>;
	/** The order service's sales orders by order number (`GET orders/{orderNumber}`); tests fill it. */
	orders: Map<string, object>;
	/** The order service's fulfillment orders by order number (`GET fulfillmentOrders/{orderNumber}`); tests fill it. */
	fulfillmentOrders: Map<string, object>;
	tokensIssued: number;
	/** Every request received (token requests too), in order. Deliveries are not recorded. */
	requests: Array<{
		method: string;
		path: string;
		query: Record<string, string>;
		body: unknown;
		authorization: string | undefined;
	}>;
	/**
	 * The next `count` requests under /v1/ are answered with this status and body instead of normally
	 * (for fault tests). Status 0 holds the request open unanswered until close(). Token requests are never failed.
	 */
	failNext(status: number, body?: unknown, count?: number): void;
	/**
	 * The next `count` requests to the order routes are answered with this status (and `Retry-After` when given)
	 * before the token is checked, as Shopgate's gateway would rate limit or fail. Other routes are not affected.
	 */
	failOrderRequests(status: number, options?: { body?: unknown; retryAfterSeconds?: number; count?: number }): void;
	/**
	 * Holds every request to the order routes unanswered until the returned function is called, which answers
	 * them (and any later one) normally. `held()` tells how many are waiting.
	 */
	holdOrderRequests(): HeldRequests;
	/**
	 * Holds every request whose path `matches` (every request when omitted, the token route `/oauth/token`
	 * included), as a hung service would: accepted, and unanswered until release(), which answers them (and lets
	 * later ones through) normally. Never released, they are never answered: close() drops their connections.
	 */
	hold(matches?: (path: string) => boolean): HeldRequests;
	/** Holds every request (token requests too) unanswered until released, then answers them normally (a registration that takes its time). */
	holdRequests(): HeldRequests;
	/** Forgets every access token issued so far, as when they expire: a request with one is answered 401. */
	revokeTokens(): void;
	/** Answers the next `answered` /v1/ requests normally, then fails one with this status and body. */
	failAfter(answered: number, status: number, body?: unknown): void;
	/** One delivery as Shopgate sends it, to the endpoint of the (first active) webhook subscribed to eventCode. */
	deliver(
		eventCode: string,
		payload?: unknown,
		options?: { id?: string; token?: string | null; endpoint?: string; timeoutMs?: number },
	): Promise<ShopgateDeliveryAttempt>;
	/**
	 * Delivers, and while the answer is not accepted (2xx, 301, 302, 303, 305, 307, 308) retries the SAME id after
	 * each delay of `ladderMs` (Shopgate's ladder is 60,180,300,600,900,1800,3600,7200,21600,50400 s; tests pass a
	 * shortened one). Returns every attempt.
	 */
	deliverWithRetries(
		eventCode: string,
		payload: unknown,
		ladderMs: number[],
		options?: { id?: string; token?: string | null; timeoutMs?: number },
	): Promise<ShopgateDeliveryAttempt[]>;
	close(): Promise<void>;
}

/** Requests a mock keeps unanswered until released. */
export interface HeldRequests {
	release(): void;
	/** How many requests are waiting now. */
	held(): number;
	/** Resolves once the first request has been held. */
	reached: Promise<void>;
}

/** A sales order as the order service answers `GET orders/{orderNumber}` (Connect SDK, Dto/Order/Order/Get.php). */
export function shopgateSalesOrder(orderNumber: string, customer = { firstName: 'Jane', lastName: 'Doe', emailAddress: 'jane.doe@example.com' }) {
	return {
		orderNumber,
		externalCode: null,
		type: 'standard',
		customerId: '7b196c58-a689-49fe-b056-91dd902694d2',
		status: 'new',
		localeCode: 'en-us',
		currencyCode: 'USD',
		fulfillmentStatus: 'open',
		primaryBillToAddressSequenceIndex: 0,
		primaryShipToAddressSequenceIndex: 0,
		addressSequences: [{ type: 'billing', ...customer, company: 'Example Inc.', address1: '804 Congress Ave', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US', phone: '+15125550100' }],
		subTotal: 49.9,
		taxAmount: 4.12,
		shippingTotal: 5,
		total: 59.02,
		submitDate: '2021-03-02T10:52:20.952Z',
		lineItems: [{ code: 'line-1', quantity: 2, fulfillmentMethod: 'directShip', product: { code: '24-MB01', name: 'Joust Duffle Bag' }, currencyCode: 'USD', price: 24.95, extendedPrice: 49.9 }],
	};
}

/** A fulfillment order as the order service answers `GET fulfillmentOrders/{orderNumber}` (SimpleFulfillmentOrder.php, FulfillmentOrder.php). */
export function shopgateFulfillmentOrder(orderNumber: string, salesOrderNumber: string) {
	return {
		orderNumber,
		salesOrderNumber,
		locationCode: '1',
		type: 'BOPIS',
		routeType: 'standardPickup',
		customerId: '7b196c58-a689-49fe-b056-91dd902694d2',
		status: 'new',
		currencyCode: 'USD',
		subTotal: 49.9,
		total: 59.02,
		submitDate: '2021-03-02T10:52:20.952Z',
		fulfillmentOrderAddress: { firstName: 'Jane', lastName: 'Doe', emailAddress: 'jane.doe@example.com' },
		lineItems: [{ code: 'line-1', quantity: 2, product: { code: '24-MB01', name: 'Joust Duffle Bag' } }],
	};
}

type WebhookInput = Omit<ShopgateWebhook, 'id' | 'code'> & { code?: string };
type Sent = { attempt: ShopgateDeliveryAttempt; error: string | null };

const TOKEN_PATH = '/oauth/token';
const ORDER_ROUTE = /^\/v1\/merchants\/[^/]+\/(orders|fulfillmentOrders)\/[^/]+$/;
/** Shopgate gives up on an endpoint that has not answered within 10 seconds. */
const DELIVERY_TIMEOUT_MS = 10000;
const ACCEPTED_REDIRECTS = [301, 302, 303, 305, 307, 308];
const WEBHOOK_FIELDS = ['code', 'name', 'endpoint', 'active', 'events'];
const REQUIRED_FIELDS = ['name', 'endpoint', 'active', 'events'];
const MAX_STRING_LENGTH = 255;

const NOT_FOUND: Reply = { status: 404, body: { code: 'NotFound', message: 'Not found' } };
const WEBHOOK_NOT_FOUND: Reply = { status: 404, body: { code: 'NotFound', message: 'Merchant or Webhook not found' } };
const UNAUTHORIZED: Reply = { status: 401, body: { code: 'Unauthorized', message: 'Unauthorized' } };
const INVALID_GRANT: Reply = { status: 400, body: { error: 'invalid_grant' } };
const CODE_EXISTS = 'Webhook code already exists';

function badRequest(message: string): Reply {
	return { status: 400, body: { code: 'BadRequest', message } };
}

function accepted(status: number): boolean {
	return (status >= 200 && status < 300) || ACCEPTED_REDIRECTS.includes(status);
}

function eventsReason(events: unknown): string | undefined {
	if (!Array.isArray(events)) return "'events' must be an array";
	for (const [index, event] of events.entries()) {
		if (!isObject(event) || Object.keys(event).some((key) => key !== 'code')) {
			return `'events[${index}]' must be an object with only a 'code'`;
		}
		if (typeof event.code !== 'string' || !SHOPGATE_EVENT_CODES.includes(event.code)) {
			return `'events[${index}].code' is not a known event code`;
		}
	}
	return undefined;
}

/** Why a webhook body is invalid, or undefined when it is valid; `partial` allows missing fields (updates). */
function invalidReason(input: unknown, partial: boolean): string | undefined {
	if (!isObject(input)) return 'A webhook must be an object';
	const extra = Object.keys(input).find((key) => !WEBHOOK_FIELDS.includes(key));
	if (extra !== undefined) return `Unknown property '${extra}'`;
	const missing = partial ? undefined : REQUIRED_FIELDS.find((field) => input[field] === undefined);
	if (missing !== undefined) return `'${missing}' is required`;
	for (const field of ['code', 'name', 'endpoint']) {
		const value = input[field];
		if (value === undefined) continue;
		if (typeof value !== 'string' || value === '' || value.length > MAX_STRING_LENGTH) {
			return `'${field}' must be a string of 1 to ${MAX_STRING_LENGTH} characters`;
		}
	}
	if (input.active !== undefined && typeof input.active !== 'boolean') return "'active' must be a boolean";
	return input.events === undefined ? undefined : eventsReason(input.events);
}

/** A predicate for the `filters` query (only `$eq` on code and endpoint), or undefined when it is not supported. */
function filterFrom(raw: string | undefined): ((webhook: ShopgateWebhook) => boolean) | undefined {
	if (raw === undefined || raw === '') return () => true;
	let filters: unknown;
	try {
		filters = JSON.parse(raw);
	} catch {
		return undefined;
	}
	if (!isObject(filters)) return undefined;
	const conditions: Array<[field: 'code' | 'endpoint', value: string]> = [];
	for (const [field, condition] of Object.entries(filters)) {
		if (field !== 'code' && field !== 'endpoint') return undefined;
		if (!isObject(condition) || Object.keys(condition).join() !== '$eq' || typeof condition.$eq !== 'string') {
			return undefined;
		}
		conditions.push([field, condition.$eq]);
	}
	return (webhook) => conditions.every(([field, value]) => webhook[field] === value);
}

/** POSTs JSON as Shopgate does; never throws: a timeout or network failure is status 0 with an error message. */
async function post(url: string, body: string, token: string | null, timeoutMs: number): Promise<Sent> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (token !== null) headers['shopgate-token'] = token;
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeoutMs);
	const started = Date.now();
	try {
		// Shopgate counts a redirect as delivered, so it must be seen, not followed.
		const response = await fetch(url, { method: 'POST', headers, body, signal: controller.signal, redirect: 'manual' });
		const text = await response.text();
		const error = accepted(response.status) ? null : `Endpoint answered with status ${response.status}`;
		return { attempt: { status: response.status, body: text, ms: Date.now() - started }, error };
	} catch (error) {
		const message = controller.signal.aborted
			? `Endpoint did not answer within ${timeoutMs} ms`
			: error instanceof Error
				? error.message
				: String(error);
		return { attempt: { status: 0, body: '', ms: Date.now() - started }, error: message };
	} finally {
		clearTimeout(timer);
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startShopgateApi(
	options: {
		merchantCode?: string;
		clientId?: string;
		clientSecret?: string;
		username?: string;
		password?: string;
		webhookToken?: string;
	} = {},
): Promise<ShopgateApiMock> {
	const merchantCode = options.merchantCode ?? 'theMerchant';
	const clientId = options.clientId ?? 'shopgate-client';
	const clientSecret = options.clientSecret ?? 'shopgate-secret';
	const username = options.username ?? 'api@merchant.example';
	const password = options.password ?? 'Api-Passw0rd';
	const accessTokens = new Set<string>();
	const refreshTokens = new Set<string>();
	/** Queued answers for /v1/*: a failure to give, or null to answer normally. */
	const failures: Array<Reply | null> = [];
	/** Queued failures of the order routes alone. */
	const orderFailures: Reply[] = [];
	/** Unreleased holds, oldest first: a request waits for the first one it matches. */
	const holds: Array<{ matches: (path: string) => boolean; waiting: Array<() => void>; reached: () => void }> = [];

	function issueToken(authorization: string | undefined, parsed: Parsed): Reply {
		const client = basicPair(authorization);
		if (client?.id !== clientId || client.secret !== clientSecret) {
			return { status: 401, body: { error: 'invalid_client' } };
		}
		const form = parsed.kind === 'form' ? objectOf(parsed.value) : {};
		const tenantOk = form.tenantType === 'merchant' && form.tenantId === merchantCode;
		if (form.grant_type === 'password') {
			if (!tenantOk || form.username !== username || form.password !== password) return INVALID_GRANT;
		} else if (form.grant_type === 'refresh_token') {
			if (!tenantOk || typeof form.refresh_token !== 'string' || !refreshTokens.has(form.refresh_token)) {
				return INVALID_GRANT;
			}
		} else {
			return { status: 400, body: { error: 'unsupported_grant_type' } };
		}
		const accessToken = randomBytes(32).toString('hex');
		const refreshToken = randomBytes(32).toString('hex');
		accessTokens.add(accessToken);
		refreshTokens.add(refreshToken);
		mock.tokensIssued++;
		return {
			status: 200,
			body: { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, refresh_token: refreshToken },
		};
	}

	function codeTaken(code: string, exceptId?: string): boolean {
		return [...mock.webhooks.values()].some((webhook) => webhook.code === code && webhook.id !== exceptId);
	}

	function createWebhooks(parsed: Parsed): Reply {
		const entries = parsed.kind === 'json' ? objectOf(parsed.value).webhooks : undefined;
		if (!Array.isArray(entries)) return badRequest("The body must be JSON with a 'webhooks' array");
		const ids: string[] = [];
		const errors: Array<{ code: number; entity: 'webhook'; entityIndex: number; reason: string }> = [];
		for (const [entityIndex, entry] of entries.entries()) {
			const reason = invalidReason(entry, false);
			if (reason !== undefined) {
				errors.push({ code: 400, entity: 'webhook', entityIndex, reason });
				continue;
			}
			const { code: givenCode, name, endpoint, active, events } = entry as WebhookInput;
			const id = randomUUID();
			const code = givenCode ?? id;
			if (codeTaken(code)) {
				errors.push({ code: 409, entity: 'webhook', entityIndex, reason: CODE_EXISTS });
				continue;
			}
			mock.webhooks.set(id, {
				id,
				code,
				name,
				endpoint,
				active,
				events: events.map((event) => ({ code: event.code })),
			});
			ids.push(id);
		}
		return { status: 200, body: { ids, errors } };
	}

	function updateWebhook(id: string, parsed: Parsed): Reply {
		const webhook = mock.webhooks.get(id);
		if (!webhook) return WEBHOOK_NOT_FOUND;
		if (parsed.kind !== 'json') return badRequest('The body must be JSON');
		const reason = invalidReason(parsed.value, true);
		if (reason !== undefined) return badRequest(reason);
		const changes = parsed.value as Partial<ShopgateWebhook>;
		if (changes.code !== undefined && codeTaken(changes.code, id)) {
			return { status: 409, body: { code: 'Conflict', message: CODE_EXISTS } };
		}
		Object.assign(webhook, changes);
		return { status: 204 };
	}

	async function testWebhook(id: string): Promise<Reply> {
		const webhook = mock.webhooks.get(id);
		if (!webhook) return WEBHOOK_NOT_FOUND;
		// Shopgate's test call carries a sample, not the envelope of a real delivery.
		const body = JSON.stringify({
			message: 'This is a test webhook call',
			webhookCode: webhook.code,
			sample: { productCode: 'SAMPLE-1', catalogCode: 'SAMPLE' },
		});
		const { attempt, error } = await post(webhook.endpoint, body, mock.webhookToken, DELIVERY_TIMEOUT_MS);
		return { status: 200, body: { error, body: attempt.body, statusCode: attempt.status } };
	}

	function orderAnswer(route: string, orderNumber: string): Reply {
		const [records, field, named] = route === 'orders' ? [mock.orders, 'order', 'Order'] : [mock.fulfillmentOrders, 'fulfillmentOrder', 'Fulfillment order'];
		const record = records.get(orderNumber);
		if (!record) return { status: 404, body: { code: 'NotFound', message: `${named} ${orderNumber} not found` } };
		return { status: 200, body: { [field]: record } };
	}

	async function merchantRoute(
		method: string,
		path: string,
		query: Record<string, string>,
		parsed: Parsed,
	): Promise<Reply> {
		const match = /^\/v1\/merchants\/([^/]+)(\/.*)?$/.exec(path);
		if (!match) return NOT_FOUND;
		if (match[1] !== merchantCode) return WEBHOOK_NOT_FOUND;
		const route = match[2] ?? '';
		if (route === '/webhooks') {
			if (method === 'POST') return createWebhooks(parsed);
			if (method === 'GET') {
				const matches = filterFrom(query.filters);
				if (!matches) return badRequest('Unsupported filters: only $eq on code and endpoint');
				return { status: 200, body: { webhooks: [...mock.webhooks.values()].filter(matches) } };
			}
		}
		const [, orderRoute, orderNumber] = /^\/(orders|fulfillmentOrders)\/([^/]+)$/.exec(route) ?? [];
		if (method === 'GET' && orderRoute !== undefined) return orderAnswer(orderRoute, decodeURIComponent(orderNumber));
		if (method === 'GET' && route === '/webhookToken') {
			return { status: 200, body: { webhookToken: mock.webhookToken } };
		}
		const [, id, test] = /^\/webhooks\/([^/]+)(\/test)?$/.exec(route) ?? [];
		if (id !== undefined && method === 'POST') return test ? testWebhook(id) : updateWebhook(id, parsed);
		if (id !== undefined && !test && method === 'DELETE') {
			return mock.webhooks.delete(id) ? { status: 204 } : WEBHOOK_NOT_FOUND;
		}
		return NOT_FOUND;
	}

	/** Waits while a hold matching the path is not released. */
	async function heldBack(path: string): Promise<void> {
		const hold = holds.find((candidate) => candidate.matches(path));
		if (!hold) return;
		hold.reached();
		await new Promise<void>((resolve) => hold.waiting.push(resolve));
	}

	function hold(matches: (path: string) => boolean = () => true): HeldRequests {
		let reached!: () => void;
		const first = new Promise<void>((resolve) => (reached = resolve));
		const entry = { matches, waiting: [] as Array<() => void>, reached };
		holds.push(entry);
		return {
			release() {
				const index = holds.indexOf(entry);
				if (index >= 0) holds.splice(index, 1);
				for (const resume of entry.waiting.splice(0)) resume();
			},
			held: () => entry.waiting.length,
			reached: first,
		};
	}

	async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const parsed = parseBody(await readBody(req), req.headers['content-type']);
		const method = req.method ?? 'GET';
		const [path, search = ''] = (req.url ?? '/').split(/\?(.*)/s);
		const query = Object.fromEntries(new URLSearchParams(search));
		const authorization = req.headers.authorization;
		mock.requests.push({ method, path, query, body: parsed.value, authorization });
		await heldBack(path);

		if (path === TOKEN_PATH && method === 'POST') return send(res, issueToken(authorization, parsed));
		if (!path.startsWith('/v1/')) return send(res, NOT_FOUND);

		if (ORDER_ROUTE.test(path)) {
			const orderFailure = orderFailures.shift();
			if (orderFailure) return send(res, orderFailure);
		}
		const failure = failures.shift();
		if (failure) {
			// Status 0 simulates a timeout: never answer; close() ends the connection.
			if (failure.status !== 0) send(res, failure);
			return;
		}
		const token = credentialFor('bearer', authorization);
		if (token === undefined || !accessTokens.has(token)) return send(res, UNAUTHORIZED);
		send(res, await merchantRoute(method, path, query, parsed));
	}

	/** The URL and body of a delivery; the body is built once so that retries resend it unchanged. */
	function envelope(eventCode: string, payload: unknown, id: string, endpoint: string | undefined) {
		const webhook = [...mock.webhooks.values()].find(
			(candidate) => candidate.active && candidate.events.some((event) => event.code === eventCode),
		);
		const url = endpoint ?? webhook?.endpoint;
		if (url === undefined) throw new Error(`No active Shopgate webhook is subscribed to ${eventCode}`);
		// An explicit endpoint may have no webhook behind it; it gets an id, and the id as code as a created one would.
		const webhookId = webhook?.id ?? randomUUID();
		const body = {
			id,
			date: new Date().toISOString(),
			webhookId,
			webhookCode: webhook?.code ?? webhookId,
			eventCode,
			tenantId: merchantCode,
			tenantType: 'merchant',
			payload: payload ?? {},
		};
		return { url, body: JSON.stringify(body) };
	}

	function tokenFor(token: string | null | undefined): string | null {
		return token === undefined ? mock.webhookToken : token;
	}

	async function deliver(
		eventCode: string,
		payload?: unknown,
		options: { id?: string; token?: string | null; endpoint?: string; timeoutMs?: number } = {},
	): Promise<ShopgateDeliveryAttempt> {
		const { url, body } = envelope(eventCode, payload, options.id ?? randomUUID(), options.endpoint);
		const sent = await post(url, body, tokenFor(options.token), options.timeoutMs ?? DELIVERY_TIMEOUT_MS);
		return sent.attempt;
	}

	async function deliverWithRetries(
		eventCode: string,
		payload: unknown,
		ladderMs: number[],
		options: { id?: string; token?: string | null; timeoutMs?: number } = {},
	): Promise<ShopgateDeliveryAttempt[]> {
		const { url, body } = envelope(eventCode, payload, options.id ?? randomUUID(), undefined);
		const attempt = async () =>
			(await post(url, body, tokenFor(options.token), options.timeoutMs ?? DELIVERY_TIMEOUT_MS)).attempt;
		const attempts = [await attempt()];
		for (const delay of ladderMs) {
			if (accepted(attempts[attempts.length - 1].status)) break;
			await sleep(delay);
			attempts.push(await attempt());
		}
		return attempts;
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch(() => res.destroy());
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const baseUrl = `http://127.0.0.1:${port}`;

	const mock: ShopgateApiMock = {
		baseUrl,
		authUrl: `${baseUrl}${TOKEN_PATH}`,
		webhookServiceUrl: `${baseUrl}/v1/merchants/${merchantCode}`,
		orderServiceUrl: `${baseUrl}/v1/merchants/${merchantCode}`,
		merchantCode,
		clientId,
		clientSecret,
		username,
		password,
		webhookToken: options.webhookToken ?? randomBytes(32).toString('hex'),
		webhooks: new Map(),
		orders: new Map(),
		fulfillmentOrders: new Map(),
		tokensIssued: 0,
		requests: [],
		failNext(status, body = { code: 'InternalServerError', message: 'Injected failure' }, count = 1) {
			for (let i = 0; i < count; i++) failures.push({ status, body });
		},
		failAfter(answered, status, body = { code: 'InternalServerError', message: 'Injected failure' }) {
			for (let i = 0; i < answered; i++) failures.push(null);
			failures.push({ status, body });
		},
		failOrderRequests(status, { body = { code: 'Failure', message: `Injected ${status}` }, retryAfterSeconds, count = 1 } = {}) {
			const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
			for (let i = 0; i < count; i++) orderFailures.push({ status, body, headers });
		},
		holdOrderRequests: () => hold((path) => ORDER_ROUTE.test(path)),
		hold,
		holdRequests: () => hold(),
		revokeTokens() {
			accessTokens.clear();
		},
		deliver,
		deliverWithRetries,
		close() {
			return new Promise((resolve) => {
				server.close(() => resolve());
				// Keep-alive, held and never-answered (status 0) connections would otherwise keep jest alive.
				server.closeAllConnections();
			});
		},
	};
	return mock;
}
