import { randomUUID } from 'crypto';

import { objectOf } from './mockHttp';
import type { Parsed, Reply } from './mockHttp';
import { startTikiApi } from './tikiApi';
import type { TikiApiMock } from './tikiApi';

/**
 * An in-memory stand-in for Tiki's event queue, served beside the OAuth2 token route and webhook API of the
 * Tiki mock (tikiApi.ts). Queues keep their events in order; a pull delivers the next batch and the next pull
 * acknowledges it by sending that batch's ack_id back. Until then, every pull (with any other ack_id) delivers
 * the same batch again. `restart()` stops the server and starts it on the same port: tokens and ack_ids issued
 * before are forgotten, so an unacknowledged batch is delivered again, as Tiki's at-least-once queue does.
 * `hold()` keeps the answer to a chosen request (a pull, an order fetch) back after Tiki has acted on it: a test
 * kills its client there.
 *
 * Routes Tiki documents without details are answered as the node assumes them (README, "Tiki Event Trigger"):
 * `GET …/queues/{code}/subscriptions` lists, `PUT …/subscriptions/{subscription code}` `{active}` (de)activates,
 * and a queue that does not exist is answered 404.
 */

export interface TikiQueueEvent {
	id: string;
	sid: string;
	created_at: number;
	type: string;
	version: number;
	payload: Record<string, unknown>;
}

export interface TikiMockSubscription {
	code: string;
	active: boolean;
	event_type: string;
	sid: string;
}

export interface TikiMockQueue {
	code: string;
	name: string;
	status: 'ACTIVE';
	subscriptions: TikiMockSubscription[];
	/** Every event routed to the queue, in order. */
	events: TikiQueueEvent[];
	/** How many of `events` are acknowledged. */
	acknowledged: number;
	/** The batch delivered and not yet acknowledged. */
	outstanding?: { ackId: string; end: number };
}

/** Which requests a hold waits for: pulls, order fetches, or any request to Tiki's Open API (/integration/…). */
export type TikiRequestKind = 'pull' | 'order' | 'any';

/**
 * The answer to one request, held back: Tiki has done what the request asked (a pull's acknowledgement applied and
 * its batch handed out) and the answer has not left. What a process that dies while waiting for it leaves at Tiki.
 */
export interface HeldAnswer {
	/** Resolves once the request has arrived and its answer is held. */
	readonly reached: Promise<{ method: string; path: string }>;
	/** Sends the answer. */
	release(): void;
	/** Closes the connection without an answer (after a kill there is nobody left to answer). */
	drop(): void;
}

export interface TikiEventQueueMock {
	readonly baseUrl: string;
	readonly clientId: string;
	readonly clientSecret: string;
	/** The token, webhook and fault-injection side of the current server (replaced by restart()). */
	readonly tiki: TikiApiMock;
	/** Keyed by queue code. Live state; kept across restarts. */
	queues: Map<string, TikiMockQueue>;
	/** Full orders by order code, as GET /integration/v2/orders/{code} answers them. */
	orders: Map<string, Record<string, unknown>>;
	/** How long GET /integration/v2/orders/{code} takes to answer, to observe how many the node asks at once. */
	orderDelayMs: number;
	/** Order codes whose GET /integration/v2/orders/{code} keeps failing with 500. */
	failingOrders: Set<string>;
	/** Order codes whose GET /integration/v2/orders/{code} is accepted and never answered (close() drops the connection). */
	hangingOrders: Set<string>;
	/** The most order requests that were in flight at once. */
	maxOrdersInFlight: number;
	/** Events per pull. */
	batchSize: number;
	/** How many pulls delivered a batch again instead of the next one. */
	redeliveries: number;
	/** Pull requests received, in order, with the ack_id each sent. */
	pulls: Array<{ queue: string; ackId: string | null }>;
	/** Holds the answer to the `nth` request of that kind from now on (the first unless given). */
	hold(kind?: TikiRequestKind, nth?: number): HeldAnswer;
	/** Routes an event to every queue with an active subscription to its type, as Tiki does. */
	publish(type: string, payload: Record<string, unknown>, options?: { version?: number; id?: string }): TikiQueueEvent;
	/** Stores an order and publishes ORDER_CREATED_SUCCESSFULLY for it. */
	createOrder(code?: string): Record<string, unknown>;
	restart(): Promise<void>;
	close(): Promise<void>;
}

interface Hold {
	matches(method: string, path: string): boolean;
	arrived(request: { method: string; path: string }): void;
	gate: Promise<void>;
	drop(): void;
}

function kindOf(method: string, path: string): TikiRequestKind {
	if (method === 'POST' && path.endsWith('/events/pull')) return 'pull';
	if (method === 'GET' && path.startsWith('/integration/v2/orders/')) return 'order';
	return 'any';
}

function newHold(kind: TikiRequestKind, nth: number): HeldAnswer & Hold {
	let seen = 0;
	let arrived!: (request: { method: string; path: string }) => void;
	let open!: () => void;
	let shut!: (error: Error) => void;
	const reached = new Promise<{ method: string; path: string }>((resolve) => (arrived = resolve));
	const gate = new Promise<void>((resolve, reject) => {
		open = resolve;
		shut = reject;
	});
	// a hold dropped before its request arrived must not count as an unhandled rejection
	gate.catch(() => undefined);
	return {
		matches: (method, path) => (kind === 'any' || kindOf(method, path) === kind) && ++seen === nth,
		arrived,
		reached,
		gate,
		release: () => open(),
		drop: () => shut(new Error('the answer was never sent')),
	};
}

const SELLER_SID = '969BEA7515A1A27FF4F456C782653F854E6B5D2D';
const QUEUE_NOT_FOUND: Reply = { status: 404, body: { errors: ['Queue not found'] } };

export async function startTikiEventQueueApi(options: { batchSize?: number } = {}): Promise<TikiEventQueueMock> {
	let orderNumber = 0;

	function queueOf(code: string): TikiMockQueue | undefined {
		return mock.queues.get(code);
	}

	function createQueue(parsed: Parsed): Reply {
		const { name } = objectOf(parsed.value);
		if (typeof name !== 'string' || name === '') return { status: 400, body: { errors: ['name is required'] } };
		const queue: TikiMockQueue = { code: randomUUID(), name, status: 'ACTIVE', subscriptions: [], events: [], acknowledged: 0 };
		mock.queues.set(queue.code, queue);
		return { status: 200, body: describeQueue(queue) };
	}

	function subscribe(queue: TikiMockQueue, parsed: Parsed): Reply {
		const { event_type: eventType } = objectOf(parsed.value);
		if (typeof eventType !== 'string' || eventType === '') return { status: 400, body: { errors: ['event_type is required'] } };
		const subscription = { code: randomUUID(), active: true, event_type: eventType, sid: SELLER_SID };
		queue.subscriptions.push(subscription);
		return { status: 200, body: { ...subscription } };
	}

	function updateSubscription(queue: TikiMockQueue, code: string, parsed: Parsed): Reply {
		const subscription = queue.subscriptions.find((candidate) => candidate.code === code);
		if (!subscription) return { status: 404, body: { errors: ['Subscription not found'] } };
		const { active } = objectOf(parsed.value);
		if (typeof active !== 'boolean') return { status: 400, body: { errors: ['active must be true or false'] } };
		subscription.active = active;
		return { status: 200, body: { ...subscription } };
	}

	function pull(queue: TikiMockQueue, parsed: Parsed): Reply {
		const { ack_id: ackId = null } = objectOf(parsed.value);
		mock.pulls.push({ queue: queue.code, ackId: typeof ackId === 'string' ? ackId : null });
		if (queue.outstanding && ackId === queue.outstanding.ackId) {
			queue.acknowledged = queue.outstanding.end;
			queue.outstanding = undefined;
		}
		if (queue.outstanding) {
			mock.redeliveries++;
			const { ackId: again, end } = queue.outstanding;
			return { status: 200, body: { events: queue.events.slice(queue.acknowledged, end), ack_id: again } };
		}
		const batch = queue.events.slice(queue.acknowledged, queue.acknowledged + mock.batchSize);
		if (batch.length === 0) return { status: 200, body: { events: [], ack_id: null } };
		queue.outstanding = { ackId: randomUUID(), end: queue.acknowledged + batch.length };
		return { status: 200, body: { events: batch, ack_id: queue.outstanding.ackId } };
	}

	let ordersInFlight = 0;

	async function getOrder(code: string): Promise<Reply> {
		if (mock.hangingOrders.has(code)) return await new Promise<Reply>(() => {});
		ordersInFlight++;
		mock.maxOrdersInFlight = Math.max(mock.maxOrdersInFlight, ordersInFlight);
		await new Promise((resolve) => setTimeout(resolve, mock.orderDelayMs));
		ordersInFlight--;
		if (mock.failingOrders.has(code)) return { status: 500, body: { errors: ['Order service unavailable'] } };
		const found = mock.orders.get(code);
		return found ? { status: 200, body: found } : { status: 404, body: { errors: ['Order not found'] } };
	}

	function routes(method: string, path: string, _query: Record<string, string>, parsed: Parsed): Reply | undefined | Promise<Reply> {
		if (path === '/integration/v1/queues') {
			if (method === 'GET') return { status: 200, body: [...mock.queues.values()].map(describeQueue) };
			if (method === 'POST') return createQueue(parsed);
		}
		const order = /^\/integration\/v2\/orders\/([^/]+)$/.exec(path);
		if (order && method === 'GET') return getOrder(decodeURIComponent(order[1]));
		const route = /^\/integration\/v1\/queues\/([^/]+)\/(subscriptions|events\/pull)(?:\/([^/]+))?$/.exec(path);
		if (!route) return undefined;
		const queue = queueOf(decodeURIComponent(route[1]));
		if (!queue) return QUEUE_NOT_FOUND;
		if (route[2] === 'events/pull' && method === 'POST' && !route[3]) return pull(queue, parsed);
		if (route[2] === 'subscriptions' && !route[3]) {
			if (method === 'GET') return { status: 200, body: queue.subscriptions.map((subscription) => ({ ...subscription })) };
			if (method === 'POST') return subscribe(queue, parsed);
		}
		if (route[2] === 'subscriptions' && route[3] && method === 'PUT') return updateSubscription(queue, decodeURIComponent(route[3]), parsed);
		return { status: 404, body: { errors: ['Not found'] } };
	}

	const holds: Array<HeldAnswer & Hold> = [];

	/** Tiki's answer, once any hold on it is released; a dropped hold ends the connection without one. */
	async function answer(method: string, path: string, query: Record<string, string>, parsed: Parsed): Promise<Reply | undefined> {
		const reply = await routes(method, path, query, parsed);
		// every hold counts the request; the first it completes holds it
		const [held] = holds.filter((hold) => hold.matches(method, path));
		if (held) {
			holds.splice(holds.indexOf(held), 1);
			held.arrived({ method, path });
			await held.gate;
		}
		return reply;
	}

	let tiki = await startTikiApi({ routes: answer });
	const port = Number(new URL(tiki.baseUrl).port);

	const mock: TikiEventQueueMock = {
		get baseUrl() {
			return tiki.baseUrl;
		},
		get clientId() {
			return tiki.clientId;
		},
		get clientSecret() {
			return tiki.clientSecret;
		},
		get tiki() {
			return tiki;
		},
		queues: new Map(),
		orders: new Map(),
		orderDelayMs: 0,
		failingOrders: new Set(),
		hangingOrders: new Set(),
		maxOrdersInFlight: 0,
		batchSize: options.batchSize ?? 2,
		redeliveries: 0,
		pulls: [],
		hold(kind = 'any', nth = 1) {
			const hold = newHold(kind, nth);
			holds.push(hold);
			return hold;
		},
		publish(type, payload, { version = 1, id = randomUUID() } = {}) {
			const event: TikiQueueEvent = { id, sid: SELLER_SID, created_at: Date.now(), type, version, payload };
			for (const queue of mock.queues.values()) {
				if (queue.subscriptions.some((subscription) => subscription.active && subscription.event_type === type)) {
					queue.events.push({ ...event, payload: { ...payload } });
				}
			}
			return event;
		},
		createOrder(code = String(239545064 + ++orderNumber)) {
			const order = {
				id: 100000 + orderNumber,
				code,
				status: 'queueing',
				items: [{ product: { id: 2162835, sku: '7062617941818' }, qty: 1, price: 150000 }],
			};
			mock.orders.set(code, order);
			mock.publish('ORDER_CREATED_SUCCESSFULLY', { order_code: code });
			return order;
		},
		async restart() {
			await tiki.close();
			// lets clients in this process (fetch's keep-alive pool) see their connections closed before reuse
			await new Promise((resolve) => setTimeout(resolve, 20));
			for (const queue of mock.queues.values()) {
				if (queue.outstanding) queue.outstanding = { ...queue.outstanding, ackId: randomUUID() };
			}
			tiki = await startTikiApi({ routes: answer, port });
		},
		close() {
			for (const hold of holds.splice(0)) hold.drop();
			return tiki.close();
		},
	};
	return mock;
}

function describeQueue({ code, name, status }: TikiMockQueue) {
	return { code, name, status };
}
