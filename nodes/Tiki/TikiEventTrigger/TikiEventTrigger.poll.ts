import type { IDataObject, INodeExecutionData, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { concurrencyLimit } from '../../shared/transport/concurrencyLimit';
import { fetchRelatedRecord } from '../../shared/related/relatedRecord';
import type { RelatedRecord } from '../../shared/related/relatedRecord';
import { ORDER_FETCH_POLLS, OrderFetchAttempts } from './orderFetchAttempts';
import { RecentEventIds } from './recentEventIds';
import { ORDER_FETCH_WITHIN_MS, TikiEventQueueApi } from './TikiEventTrigger.api';
import type { TikiEventItem, TikiEventType } from './TikiEventTrigger.schemas';
import { isTikiEventType, TIKI_ORDER_EVENT_TYPES } from './TikiEventTrigger.schemas';
import type { TikiEventReading } from './tikiEventItem';
import { readTikiEvent } from './tikiEventItem';
import { DEFAULT_MAX_EVENTS_PER_POLL } from './TikiEventTrigger.description';
import { ensureTikiEventQueue, forgetTikiQueue, tikiEventQueueForTest } from './TikiEventTrigger.lifecycle';
import { keepTikiEventQueueStateCopy, tikiEventQueueState } from './TikiEventTrigger.state';
import type { TikiEventQueueState } from './TikiEventTrigger.state';
import { TikiQueueCursor } from './tikiQueueCursor';
import { onePollAtATime } from './onePollAtATime';

/** Event ids remembered to drop Tiki's redeliveries: several polls' worth at the default limit. */
export const EVENT_IDS_REMEMBERED = 2000;
/**
 * The most pulls of one poll: each pull after the first acknowledges a batch that held nothing to hand over (events
 * handed over before, types not selected), so a poll goes on past such batches to one with new events, this far.
 */
export const PULLS_PER_POLL = 10;
/** Orders fetched at once with "Fetch Full Order"; Tiki allows 200 requests a second per seller. */
export const ORDER_FETCH_CONCURRENCY = 5;

interface PollOptions {
	fetchFullOrder?: boolean;
	maxEventsPerPoll?: number;
}

function selectedTypes(context: IPollFunctions): TikiEventType[] {
	const types = (context.getNodeParameter('events', []) as string[]).filter(isTikiEventType);
	if (types.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No event type is selected', {
			description: 'Select at least one event type in "Events": the node subscribes its Tiki queue to exactly those.',
		});
	}
	return types;
}

/** Selected types, types Tiki added after this node was written (passed on untyped), and events whose type cannot be read. */
function wanted(event: TikiEventReading, types: readonly TikiEventType[]): boolean {
	return event.type === undefined || !isTikiEventType(event.type) || types.includes(event.type);
}

/** What every pull of one poll shares. */
interface PollRun {
	context: IPollFunctions;
	api: TikiEventQueueApi;
	state: TikiEventQueueState;
	types: TikiEventType[];
	fetchOrders: boolean;
}

/**
 * One poll. Tiki's pull acknowledges the batch whose ack_id it sends, so a pull is sent only with the ack_id of a
 * batch whose events n8n already has: a poll hands over at most one batch, which the next poll's pull
 * acknowledges with the ack_id kept at the hand-over (in the node's state, which n8n saves with the execution of
 * the items, in one transaction with durable poll cursors). A crash at any moment leaves every event either handed
 * over and remembered or unacknowledged at Tiki, which delivers it again. Batches with nothing to hand over (events
 * handed over before, types not selected) are acknowledged by the next pull of the same poll, up to PULLS_PER_POLL
 * pulls. A batch with more new events than "Max Events per Poll" is handed over in parts, one per poll, and
 * acknowledged after its last part. A failed pull fails the poll and keeps the previous ack_id, so the next poll
 * pulls the same events again. Each event is read on its own: a malformed one is emitted with its payloadIssues and
 * acknowledged with its batch. With "Fetch Full Order", a batch whose order cannot be fetched is left for the next
 * poll, up to ORDER_FETCH_POLLS polls; then its events are emitted with the fetch error. In manual mode ("Fetch Test
 * Event") it pulls one batch from the node's queue without an ack_id, so it acknowledges nothing, and shows it,
 * fetch errors included, without keeping anything or changing the queue's subscriptions (see
 * tikiEventQueueForTest): the active workflow's next poll gets the same events.
 */
export async function pollTikiEvents(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const types = selectedTypes(this);
	const options = this.getNodeParameter('options', {}) as PollOptions;
	const limit = Math.max(1, options.maxEventsPerPoll ?? DEFAULT_MAX_EVENTS_PER_POLL);
	const fetchOrders = options.fetchFullOrder === true && types.some((type) => TIKI_ORDER_EVENT_TYPES.includes(type));
	const state = tikiEventQueueState(this);
	const api = await TikiEventQueueApi.connect(this, types);
	const run: PollRun = { context: this, api, state, types, fetchOrders };
	const items = this.getMode() === 'manual' ? await fetchTestEvents(run) : await onePollAtATime(this, async () => await pullQueue(run, limit));
	return items && items.length > 0 ? [this.helpers.returnJsonArray(items)] : null;
}

/** "Fetch Test Event": one batch of what the queue holds, including events the active workflow already emitted; nothing kept. */
async function fetchTestEvents(run: PollRun): Promise<TikiEventItem[]> {
	const { context, api, state, types } = run;
	const queueCode = await tikiEventQueueForTest(context, api, state, types);
	try {
		const batch = await api.pull(queueCode, null);
		const fresh = unique((batch?.events ?? []).map(readTikiEvent).filter((event) => wanted(event, types)));
		if (fresh.length === 0) return [];
		return run.fetchOrders ? ((await withOrders(context, api, fresh, undefined)) ?? []) : fresh.map((event) => event.item);
	} catch (error) {
		throw asNodeError(context, error);
	}
}

/** The active workflow's poll: the items of at most one batch; the ack_id and the ids handed over kept in the state with them. */
async function pullQueue(run: PollRun, limit: number): Promise<TikiEventItem[]> {
	const { context, state } = run;
	const recent = new RecentEventIds(state, EVENT_IDS_REMEMBERED);
	const attempts = new OrderFetchAttempts(state);
	try {
		const cursor = new TikiQueueCursor(await ensureTikiEventQueue(context, run.api, state, run.types), state.ackId ?? null);
		let items: TikiEventItem[] | 'pullAgain' = 'pullAgain';
		for (let pull = 0; pull < PULLS_PER_POLL && items === 'pullAgain'; pull++) {
			items = await pullBatch(run, cursor, { recent, attempts, limit });
		}
		if (cursor.ackId) state.ackId = cursor.ackId;
		recent.commit();
		return items === 'pullAgain' ? [] : items;
	} catch (error) {
		throw asNodeError(context, error);
	} finally {
		keepTikiEventQueueStateCopy(context, state);
	}
}

/** What a pull of the active workflow's poll remembers and how many events it may hand over. */
interface PullLimits {
	recent: RecentEventIds;
	attempts: OrderFetchAttempts;
	limit: number;
}

/**
 * One pull of the active workflow's poll: the items to hand over (none when the queue is empty or gone a second
 * time, or holds its batch for its orders), or 'pullAgain' when the batch holds nothing to hand over (it is settled,
 * so the next pull acknowledges it) or the queue was just made anew.
 */
async function pullBatch(run: PollRun, cursor: TikiQueueCursor, { recent, attempts, limit }: PullLimits): Promise<TikiEventItem[] | 'pullAgain'> {
	const batch = await run.api.pull(cursor.queueCode, cursor.ackId);
	if (batch === undefined) {
		// Tiki no longer has the queue: a new one gets only events from now on (README, "Tiki Event Trigger")
		if (cursor.recreated) return [];
		forgetTikiQueue(run.state);
		cursor.restart(await ensureTikiEventQueue(run.context, run.api, run.state, run.types));
		return 'pullAgain';
	}
	const events = batch.events ?? [];
	const fresh = unique(events.map(readTikiEvent).filter((event) => wanted(event, run.types) && (event.id === undefined || !recent.has(event.id))));
	if (fresh.length === 0) {
		cursor.settled(batch.ack_id);
		return events.length === 0 ? [] : 'pullAgain';
	}
	const part = partOf(fresh, limit);
	const items = run.fetchOrders ? await withOrders(run.context, run.api, part, attempts) : part.map((event) => event.item);
	if (items === undefined) return [];
	recent.take(part.flatMap((event) => (event.id === undefined ? [] : [event.id])));
	if (part.length === fresh.length) cursor.settled(batch.ack_id);
	return items;
}

/**
 * The events of a batch this poll hands over: the first `limit` when every one has an id, so that the rest, which
 * Tiki delivers again until the batch is acknowledged, is told from what was handed over; all of them otherwise.
 */
function partOf(fresh: TikiEventReading[], limit: number): TikiEventReading[] {
	return fresh.length > limit && fresh.every((event) => event.id !== undefined) ? fresh.slice(0, limit) : fresh;
}

function asNodeError(context: IPollFunctions, error: unknown): Error {
	return error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeApiError(context.getNode(), error as JsonObject);
}

/** The first of events that share an id: Tiki may repeat one within a batch. Events without a readable id are all kept. */
function unique(events: TikiEventReading[]): TikiEventReading[] {
	const seen = new Set<string>();
	return events.filter((event) => {
		if (event.id === undefined) return true;
		if (seen.has(event.id)) return false;
		seen.add(event.id);
		return true;
	});
}

function isOrderEvent(item: TikiEventItem): item is TikiEventItem & { order_code: string } {
	return item.type !== null && isTikiEventType(item.type) && TIKI_ORDER_EVENT_TYPES.includes(item.type) && typeof item.order_code === 'string';
}

/** Tiki's order of an order event, fetched the way every trigger fetches the records its events point at. */
function tikiOrder(api: TikiEventQueueApi, orderCode: string): RelatedRecord {
	return { field: 'order', fetch: (deadline) => api.getOrder(orderCode, deadline), unknown: `Tiki has no order ${orderCode}` };
}

/**
 * The batch's items, each order event carrying the order Tiki has now under `order`. When an order cannot
 * be fetched, the batch is held (undefined: not emitted, not acknowledged) until its event has failed in
 * ORDER_FETCH_POLLS polls; then the event is emitted with `order: null` and `orderFetchError`. In manual mode
 * (no attempts kept) the error is shown at once.
 */
async function withOrders(
	context: IPollFunctions,
	api: TikiEventQueueApi,
	events: TikiEventReading[],
	attempts: OrderFetchAttempts | undefined,
): Promise<TikiEventItem[] | undefined> {
	const bounded = concurrencyLimit(ORDER_FETCH_CONCURRENCY);
	const deadline = Date.now() + ORDER_FETCH_WITHIN_MS;
	const fetched = await Promise.all(
		events.map(async ({ id, item }) => {
			if (!isOrderEvent(item)) return { id, item };
			const outcome = await bounded(() => fetchRelatedRecord(tikiOrder(api, item.order_code), deadline));
			if ('failed' in outcome) return { id, item: { ...item, order: null, orderFetchError: outcome.failed } as TikiEventItem, failed: true };
			// an order Tiki does not know (404) is null, as Tiki answers: the event itself says what happened
			return { id, item: { ...item, order: 'found' in outcome ? (outcome.found as IDataObject) : null } };
		}),
	);
	let held = false;
	for (const { id, item, failed } of fetched) {
		if (!failed || !attempts || id === undefined) continue;
		const { attempt, exhausted } = attempts.failed(id);
		if (exhausted) continue;
		held = true;
		context.logger.warn(
			`Tiki Event Trigger could not fetch order ${item.order_code} of event ${id} (poll ${attempt} of ${ORDER_FETCH_POLLS}): ${item.orderFetchError}; its batch stays in Tiki's queue for the next poll`,
		);
	}
	if (held) return undefined;
	for (const { id } of fetched) if (id !== undefined) attempts?.settled(id);
	return fetched.map(({ item }) => item);
}
