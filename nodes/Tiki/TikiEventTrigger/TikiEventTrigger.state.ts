import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { nodeState } from '../../shared/memory/nodeState';

/** What the node keeps between polls, in its state. */
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

export function tikiEventQueueState(context: IPollFunctions): TikiEventQueueState {
	return nodeState<TikiEventQueueState>(context);
}
