import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { TikiEventQueueApi } from './TikiEventQueueApi';
import type { TikiEventType } from './TikiEventSchemas';

/** What the node keeps between polls in its static data. */
export interface TikiEventQueueState extends IDataObject {
	/** The code of this node's queue on Tiki. */
	queueCode?: string;
	/** The event types whose subscriptions were last made to match the selection, sorted. */
	subscribedTypes?: string[];
	/** The ack_id of the last batch handed to n8n: the next pull acknowledges it. */
	ackId?: string;
	/** Ids of the events handed to n8n most recently, oldest first (see RecentEventIds). */
	recentEventIds?: string[];
	/** Per event id, the polls in a row in which its order could not be fetched (see OrderFetchAttempts). */
	orderFetchFailures?: Record<string, number>;
}

/** One queue per trigger node: the workflow and node ids do not change when either is renamed. */
export function tikiQueueName(context: Pick<IPollFunctions, 'getWorkflow' | 'getNode'>): string {
	return `n8n-${context.getWorkflow().id}-${context.getNode().id}`;
}

function sameTypes(a: readonly string[] | undefined, b: readonly string[]): boolean {
	return a !== undefined && a.length === b.length && a.every((type, index) => type === b[index]);
}

/** Forgets a queue Tiki no longer has, and the ack_id that belonged to it. */
export function forgetTikiQueue(state: TikiEventQueueState): void {
	delete state.queueCode;
	delete state.subscribedTypes;
	delete state.ackId;
}

/**
 * The code of this node's queue, with subscriptions matching `types`: the queue is found by its name (or
 * created) when none is stored, missing subscriptions are created, inactive ones for selected types are
 * activated and those for types no longer selected are deactivated. When the subscriptions already matched
 * at the last poll, nothing is asked of Tiki. A stored queue that Tiki no longer has is replaced by a new one.
 */
export async function ensureTikiEventQueue(
	context: IPollFunctions,
	api: TikiEventQueueApi,
	state: TikiEventQueueState,
	types: readonly TikiEventType[],
): Promise<string> {
	const wanted: string[] = [...types].sort();
	if (state.queueCode && sameTypes(state.subscribedTypes, wanted)) return state.queueCode;

	let queueCode = state.queueCode;
	let subscriptions = queueCode ? await api.listSubscriptions(queueCode) : undefined;
	if (!queueCode || subscriptions === undefined) {
		forgetTikiQueue(state);
		const name = tikiQueueName(context);
		const existing = (await api.listQueues()).find((queue) => queue.name === name && (queue.status ?? 'ACTIVE') === 'ACTIVE');
		queueCode = existing?.code ?? (await api.createQueue(name)).code;
		subscriptions = existing ? ((await api.listSubscriptions(queueCode)) ?? []) : [];
	}

	for (const type of wanted) {
		const current = subscriptions.filter((subscription) => subscription.event_type === type);
		if (current.length === 0) await api.subscribe(queueCode, type);
		else if (!current.some((subscription) => subscription.active !== false)) await api.setSubscriptionActive(queueCode, current[0].code, true);
	}
	for (const subscription of subscriptions) {
		if (subscription.active !== false && !wanted.includes(subscription.event_type)) {
			await api.setSubscriptionActive(queueCode, subscription.code, false);
		}
	}

	state.queueCode = queueCode;
	state.subscribedTypes = wanted;
	return queueCode;
}
