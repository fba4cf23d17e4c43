import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

import { isPlainObject } from '../../shared/inbound/payloadReading';

/** What the node keeps between polls, in its state. */
export interface TikiEventQueueState extends IDataObject {
	/** The code of this node's queue on Tiki. */
	queueCode?: string;
	/** The event types whose subscriptions were last made to match the selection, sorted. */
	subscribedTypes?: string[];
	/** The ack_id of the last batch with nothing left to hand to n8n: the next pull acknowledges it. */
	ackId?: string;
	/** Ids of the events handed to n8n most recently, oldest first (see RecentEventIds). */
	recentEventIds?: string[];
	/** Per event id, the polls in a row in which its order could not be fetched (see OrderFetchAttempts). */
	orderFetchFailures?: Record<string, number>;
}

/** The copy of the state kept under the node's id, with the name of the node that wrote it. */
interface StateCopy extends TikiEventQueueState {
	nodeName?: string;
}

type StateContext = Pick<IPollFunctions, 'getWorkflowStaticData' | 'getNode' | 'getMode'>;

function copyKey(context: StateContext): string {
	const node = context.getNode();
	// every node n8n 1.x or later saved has an id; without one, the name is what tells nodes apart
	return `node:${node.id || node.name}`;
}

/**
 * The copy under the node's id, when the node may start from it: written under another name (the node was
 * renamed) or by a version that kept its whole state there. Under the same name an empty state of the node's own
 * is not replaced by it: with n8n's durable poll cursors that state is committed with the execution and the copy
 * is saved apart, so the copy may record a hand-over whose execution never came to be.
 */
function adoptableCopy(context: StateContext): TikiEventQueueState | undefined {
	const kept = context.getWorkflowStaticData('global')[copyKey(context)];
	if (!isPlainObject(kept)) return undefined;
	const { nodeName, ...state } = deepCopy(kept) as StateCopy;
	return nodeName === context.getNode().name ? undefined : state;
}

/**
 * The node's state, in its own static data (`getWorkflowStaticData('node')`): what n8n 2.41's durable poll
 * cursors stage during a poll and commit in one transaction with the execution of the items the poll returns
 * (and alone after a poll that returns none). n8n keys that static data by the node's name, so a copy is kept
 * under the node's id in the workflow's global static data (keepTikiEventQueueStateCopy): a renamed node starts
 * from it. A manual run ("Fetch Test Event") keeps nothing: it gets the copy detached.
 */
export function tikiEventQueueState(context: StateContext): TikiEventQueueState {
	const own = context.getWorkflowStaticData('node') as TikiEventQueueState;
	if (Object.keys(own).length > 0) return own;
	const copy = adoptableCopy(context);
	if (copy === undefined) return own;
	if (context.getMode() === 'manual') return copy;
	return Object.assign(own, copy);
}

/** Writes the copy of the state under the node's id, when it differs from the one kept. */
export function keepTikiEventQueueStateCopy(context: StateContext, state: TikiEventQueueState): void {
	const global = context.getWorkflowStaticData('global');
	const copy: StateCopy = { ...deepCopy(state), nodeName: context.getNode().name };
	if (JSON.stringify(global[copyKey(context)]) !== JSON.stringify(copy)) global[copyKey(context)] = copy;
}
