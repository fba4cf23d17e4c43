import type { INodeExecutionData, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { concurrencyLimit } from '../../shared';
import { RecentEventIds } from './recentEventIds';
import { TikiEventQueueApi } from './TikiEventQueueApi';
import type { TikiEventItem, TikiEventType, TikiQueueEvent } from './TikiEventSchemas';
import { isTikiEventType, TIKI_ORDER_EVENT_TYPES } from './TikiEventSchemas';
import { tikiEventItem } from './tikiEventItem';
import type { TikiEventQueueState } from './tikiEventQueueLifecycle';
import { ensureTikiEventQueue, forgetTikiQueue } from './tikiEventQueueLifecycle';

/** Event ids remembered to drop Tiki's redeliveries: several polls' worth at the default limit. */
export const EVENT_IDS_REMEMBERED = 2000;
/** Orders fetched at once with "Fetch Full Order"; Tiki allows 200 requests a second per seller. */
export const ORDER_FETCH_CONCURRENCY = 5;
export const DEFAULT_MAX_EVENTS_PER_POLL = 500;

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

/** Selected types, and types Tiki added after this node was written (passed on untyped). */
function wanted(event: TikiQueueEvent, types: readonly TikiEventType[]): boolean {
	return !isTikiEventType(event.type) || types.includes(event.type);
}

/**
 * One poll: pulls batch after batch with the ack_id of the previous one until a batch comes back empty or the
 * per-poll limit of emitted events is reached, and emits one item per event not handed to n8n before. Each
 * pull acknowledges the batch before it (the pull that finds the queue empty, the last one; a poll stopped by
 * the limit leaves its last batch for the next poll to acknowledge). The ack_id kept for the next poll is that
 * of the last batch whose items this poll hands over, written only when poll() returns them. A failure before
 * any item is ready fails the poll and keeps the previous ack_id, so the next poll pulls the same events again;
 * a failure after batches were pulled (and, all but the last, acknowledged) hands their items over instead of
 * losing them. In manual mode ("Fetch Test Event") it pulls one batch and shows it without keeping its ack_id
 * or its ids.
 */
export async function pollTikiEvents(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const types = selectedTypes(this);
	const options = this.getNodeParameter('options', {}) as PollOptions;
	const limit = Math.max(1, options.maxEventsPerPoll ?? DEFAULT_MAX_EVENTS_PER_POLL);
	const fetchOrders = options.fetchFullOrder === true && types.some((type) => TIKI_ORDER_EVENT_TYPES.includes(type));
	const manual = this.getMode() === 'manual';
	const state = this.getWorkflowStaticData('node') as TikiEventQueueState;
	const api = await TikiEventQueueApi.connect(this, types);
	const recent = new RecentEventIds(state, EVENT_IDS_REMEMBERED);

	let queueCode = await ensureTikiEventQueue(this, api, state, types);
	let recreated = false;
	let ackId = state.ackId ?? null;
	let handedAckId = ackId;
	const items: TikiEventItem[] = [];

	while (items.length < limit) {
		try {
			const batch = await api.pull(queueCode, ackId);
			if (batch === undefined) {
				// Tiki no longer has the queue: a new one gets only events from now on (README, "Tiki Event Trigger")
				if (recreated || items.length > 0) break;
				forgetTikiQueue(state);
				queueCode = await ensureTikiEventQueue(this, api, state, types);
				recreated = true;
				ackId = handedAckId = null;
				continue;
			}
			const events = batch.events ?? [];
			if (events.length === 0) {
				handedAckId = batch.ack_id ?? handedAckId;
				break;
			}
			const fresh = unique(events.filter((event) => wanted(event, types) && !recent.has(event.id)));
			items.push(...(await itemsOf(api, fresh, fetchOrders)));
			if (!manual) recent.take(fresh.map((event) => event.id));
			ackId = batch.ack_id ?? ackId;
			handedAckId = ackId;
		} catch (error) {
			if (items.length === 0) {
				throw error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeApiError(this.getNode(), error as JsonObject);
			}
			this.logger.warn(`Tiki Event Trigger handed over ${items.length} events and stopped pulling: ${(error as Error).message}`);
			break;
		}
		if (manual) break;
	}

	if (!manual) {
		if (handedAckId) state.ackId = handedAckId;
		recent.commit();
	}
	return items.length > 0 ? [this.helpers.returnJsonArray(items)] : null;
}

/** The first of events that share an id: Tiki may repeat one within a batch. */
function unique(events: TikiQueueEvent[]): TikiQueueEvent[] {
	const byId = new Map<string, TikiQueueEvent>();
	for (const event of events) if (!byId.has(event.id)) byId.set(event.id, event);
	return [...byId.values()];
}

/** The batch's items; with "Fetch Full Order", each order event carries the order Tiki has now under `order`. */
async function itemsOf(api: TikiEventQueueApi, events: TikiQueueEvent[], fetchOrders: boolean): Promise<TikiEventItem[]> {
	const items = events.map(tikiEventItem);
	if (!fetchOrders) return items;
	const bounded = concurrencyLimit(ORDER_FETCH_CONCURRENCY);
	return await Promise.all(
		items.map(async (item) =>
			isTikiEventType(item.type) && TIKI_ORDER_EVENT_TYPES.includes(item.type) && typeof item.order_code === 'string'
				? { ...item, order: await bounded(() => api.getOrder(item.order_code as string)) }
				: item,
		),
	);
}
