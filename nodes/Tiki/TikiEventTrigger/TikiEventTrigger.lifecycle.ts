import type { IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { instanceTag } from '../../shared/lifecycle/instanceIdentity';
import type { TikiEventQueueApi } from './TikiEventTrigger.api';
import type { TikiEventType, TikiSubscription } from './TikiEventTrigger.schemas';
import type { TikiEventQueueState } from './TikiEventTrigger.state';

type NameContext = Pick<IPollFunctions, 'getWorkflow' | 'getNode' | 'getInstanceId'>;

/**
 * One queue per trigger node and n8n instance: the workflow and node ids do not change when either is renamed,
 * and the instance's tag keeps a copy of the workflow in another n8n (same ids) from polling, and so acknowledging,
 * this instance's queue.
 */
export function tikiQueueName(context: NameContext): string {
	return `n8n-${instanceTag(context)}-${context.getWorkflow().id}-${context.getNode().id}`;
}

/** The name versions before instance tags gave the queue. */
function untaggedQueueName(context: NameContext): string {
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
 * n8n builds one poll context per activation (and so per n8n start) and polls with it until the workflow is
 * deactivated: the first poll of each checks the subscriptions against Tiki's list, whatever the node stored.
 */
const verifiedActivations = new WeakSet<IPollFunctions>();

/**
 * The node's queue, as Tiki lists it: the one stored when it carries this node's name (or the name of versions
 * before instance tags), else the active one with this node's name; undefined when Tiki has neither. A stored code
 * alone is not trusted: a copy of the workflow's static data in another n8n carries it too.
 */
async function findQueue(
	context: IPollFunctions,
	api: TikiEventQueueApi,
	state: TikiEventQueueState,
): Promise<{ code: string; subscriptions: TikiSubscription[] } | undefined> {
	const queues = await api.listQueues();
	const names = [tikiQueueName(context), untaggedQueueName(context)];
	const stored = queues.find((queue) => queue.code === state.queueCode && names.includes(queue.name ?? ''));
	const named = queues.find((queue) => queue.name === names[0] && (queue.status ?? 'ACTIVE') === 'ACTIVE');
	const found = stored ?? named;
	if (!found) return undefined;
	const subscriptions = await api.listSubscriptions(found.code);
	return subscriptions === undefined ? undefined : { code: found.code, subscriptions };
}

const isActive = (subscription: TikiSubscription) => subscription.active !== false;

/**
 * The code of this node's queue, with subscriptions matching `types`: the queue is found by its name (or created)
 * when none is stored, missing subscriptions are created, inactive ones for selected types are activated and those
 * for types no longer selected are deactivated. The first poll of every activation and n8n start checks this
 * against Tiki's list, so a subscription deactivated or removed on Tiki (or changed by anything else) is repaired;
 * later polls ask Tiki nothing while the selection stays as it was. A stored queue that Tiki no longer has is
 * replaced by a new one.
 */
export async function ensureTikiEventQueue(
	context: IPollFunctions,
	api: TikiEventQueueApi,
	state: TikiEventQueueState,
	types: readonly TikiEventType[],
): Promise<string> {
	const wanted: string[] = [...types].sort();
	if (state.queueCode && sameTypes(state.subscribedTypes, wanted) && verifiedActivations.has(context)) return state.queueCode;

	const found = await findQueue(context, api, state);
	if (found?.code !== state.queueCode) forgetTikiQueue(state);
	const queueCode = found?.code ?? (await api.createQueue(tikiQueueName(context))).code;
	const subscriptions = found?.subscriptions ?? [];

	for (const type of wanted) {
		const current = subscriptions.filter((subscription) => subscription.event_type === type);
		if (current.length === 0) await api.subscribe(queueCode, type);
		else if (!current.some(isActive)) await api.setSubscriptionActive(queueCode, current[0].code, true);
	}
	for (const subscription of subscriptions) {
		if (isActive(subscription) && !wanted.includes(subscription.event_type)) {
			await api.setSubscriptionActive(queueCode, subscription.code, false);
		}
	}

	state.queueCode = queueCode;
	state.subscribedTypes = wanted;
	verifiedActivations.add(context);
	return queueCode;
}

/**
 * The queue "Fetch Test Event" reads: the node's own, the one the active workflow polls (n8n runs a manual poll
 * on the saved draft, with production's static data, and keeps none of its changes). It never changes that
 * queue's subscriptions: a draft whose events the queue is not subscribed to is told to publish them first. Only
 * when Tiki has no queue for the node yet does the test create it, subscribed to the selection, as the node's
 * first poll would: nothing polls it before then, and events from now on can be fetched.
 */
export async function tikiEventQueueForTest(
	context: IPollFunctions,
	api: TikiEventQueueApi,
	state: TikiEventQueueState,
	types: readonly TikiEventType[],
): Promise<string> {
	const found = await findQueue(context, api, state);
	if (!found) {
		const { code } = await api.createQueue(tikiQueueName(context));
		for (const type of types) await api.subscribe(code, type);
		return code;
	}
	const subscribed = (type: string) => found.subscriptions.some((subscription) => subscription.event_type === type && isActive(subscription));
	const missing = types.filter((type) => !subscribed(type));
	if (missing.length > 0) {
		throw new NodeOperationError(context.getNode(), `The node's Tiki queue is not subscribed to ${missing.join(', ')}`, {
			description:
				'"Fetch Test Event" reads the queue that the active workflow polls and never changes its subscriptions. Publish (or activate) the workflow with these events, so that its next poll subscribes the queue to them; events from then on can be fetched here.',
		});
	}
	return found.code;
}
