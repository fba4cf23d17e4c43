import { PollContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

import { TikiOAuth2Api } from '../../../credentials/TikiOAuth2Api.credentials';
import { instanceTag } from '../../../nodes/shared/lifecycle/instanceIdentity';
import { TikiEventTrigger } from '../../../nodes/Tiki/TikiEventTrigger/TikiEventTrigger.node';
import type { TikiEventQueueState } from '../../../nodes/Tiki/TikiEventTrigger/TikiEventTrigger.state';
import { TIKI_CLIENT } from '../../../dev/fixtures/tiki';
import { NodeInN8nCore, stateIn } from '../../../dev/nodeInN8nCore';

export const WORKFLOW_ID = 'wf-tiki-events';
export const NODE_ID = 'tiki-event-node';

/** One credential store per workflow (per static data), so the OAuth2 token n8n fetched is used by later polls. */
const credentialStores = new WeakMap<IDataObject, Record<string, ICredentialDataDecryptedObject>>();

/** The trigger of each activation, by static data and parameters: n8n polls one activation with one context. */
const activations = new WeakMap<IDataObject, Map<string, NodeInN8nCore>>();

/**
 * A Tiki Event Trigger whose credential points at `baseUrl`. Pass the same `staticData` to run successive polls
 * of one workflow: they share the static data and the credential with its token, and polls with the same
 * parameters are ticks of one activation unless `activation: 'new'` (as after n8n restarts or the workflow is
 * activated again).
 */
export function tikiEventTrigger(
	baseUrl: string,
	parameters: INodeParameters = {},
	options: { staticData?: IDataObject; credential?: IDataObject; activation?: 'same' | 'new'; nodeName?: string; instanceId?: string } = {},
): NodeInN8nCore {
	const { staticData } = options;
	const key = JSON.stringify([baseUrl, parameters, options.credential ?? null, options.nodeName ?? null, options.instanceId ?? null]);
	const known = staticData ? activations.get(staticData) : undefined;
	if (known?.has(key) && options.activation !== 'new') return known.get(key)!;
	const trigger = newTikiEventTrigger(baseUrl, parameters, options);
	if (staticData) activations.set(staticData, (known ?? new Map()).set(key, trigger));
	return trigger;
}

function newTikiEventTrigger(
	baseUrl: string,
	parameters: INodeParameters,
	options: { staticData?: IDataObject; credential?: IDataObject; nodeName?: string; instanceId?: string },
): NodeInN8nCore {
	const { staticData } = options;
	const credentials = (staticData && credentialStores.get(staticData)) || tikiCredentials(baseUrl, options.credential);
	if (staticData && !credentialStores.has(staticData)) credentialStores.set(staticData, credentials);
	return tikiNode(parameters, credentials, options);
}

/** The credential store of a Tiki OAuth2 API credential pointing at `baseUrl`: n8n keeps the token it fetches there. */
function tikiCredentials(baseUrl: string, credential?: IDataObject): Record<string, ICredentialDataDecryptedObject> {
	return {
		tikiOAuth2Api: {
			...TIKI_CLIENT,
			grantType: 'clientCredentials',
			authentication: 'header',
			scope: '',
			baseUrl,
			accessTokenUrl: `${baseUrl}/sc/oauth2/token`,
			...credential,
		},
	};
}

function tikiNode(
	parameters: INodeParameters,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	options: { staticData?: IDataObject; nodeName?: string; instanceId?: string },
): NodeInN8nCore {
	return new NodeInN8nCore({
		nodeType: new TikiEventTrigger(),
		typeName: 'n8n-nodes-marketplace-webhooks.tikiEventTrigger',
		parameters: { events: ['ORDER_CREATED_SUCCESSFULLY', 'ORDER_STATUS_UPDATED'], ...parameters },
		credentials,
		credentialTypes: { tikiOAuth2Api: new TikiOAuth2Api() },
		staticData: options.staticData,
		workflowId: WORKFLOW_ID,
		nodeId: NODE_ID,
		nodeName: options.nodeName,
		instanceId: options.instanceId,
	});
}

/**
 * The node's state in a workflow's static data, as the node reads it: its own static data (keyed by the node's
 * name, 'Trigger' unless given), else the copy kept under the node's id.
 */
export function nodeState(staticData: IDataObject, nodeName = 'Trigger'): TikiEventQueueState {
	const own = staticData[`node:${nodeName}`] as TikiEventQueueState | undefined;
	if (own && Object.keys(own).length > 0) return own;
	const { nodeName: _writer, ...copy } = stateIn(staticData, NODE_ID) as TikiEventQueueState;
	return copy;
}

/** The queue's name: this n8n instance's tag (instanceIdentity.ts), the workflow and the node. */
export const QUEUE_NAME = `n8n-${instanceTag({ getInstanceId: () => tikiEventTrigger('http://127.0.0.1:1').instanceId() })}-${WORKFLOW_ID}-${NODE_ID}`;

/**
 * Where n8n stops during a poll, beyond a request held at Tiki: after poll() returned and before anything is
 * saved ('beforeReturn'), or, with durable poll cursors, after n8n saved the workflow's static data and before it
 * committed the cursor with the execution ('betweenSaveAndCommit': the two are separate writes).
 */
export type CrashPoint = 'beforeReturn' | 'betweenSaveAndCommit';

/**
 * n8n 2.41.1 around a Tiki Event Trigger, as far as a crash is concerned: what it saved (the workflow's static
 * data and, with durable poll cursors, the node's cursor) and the executions it created. Without durable cursors
 * (n8n's default) one activation polls with one context and one workflow whose static data lives on between polls;
 * n8n saves it when a poll returns items, as it creates their execution. With durable cursors
 * (N8N_POLLER_DURABLE_CURSORS_ENABLED and the scheduler), every poll gets a workflow loaded from the saved static
 * data and the node's own static data is a snapshot of the cursor, committed with the execution of the items in
 * one transaction, or alone after a poll that returns none (trigger-execution-context.factory.js,
 * poll-cursor.service.js). A crash forgets all that was not saved; the next poll is a new activation.
 */
export class PollingN8n {
	/** The items of each execution n8n created, in order. */
	readonly executions: IDataObject[][] = [];
	/** How many times n8n died. */
	crashes = 0;
	private staticData: IDataObject = {};
	private cursor: IDataObject | undefined;
	private activation: { trigger: NodeInN8nCore; context: PollContext } | undefined;
	private readonly credentials: Record<string, ICredentialDataDecryptedObject>;

	constructor(
		baseUrl: string,
		private readonly parameters: INodeParameters,
		private readonly options: { durableCursors?: boolean; nodeName?: string } = {},
	) {
		this.credentials = tikiCredentials(baseUrl);
	}

	/** n8n dies: what it did not save is gone, and its next poll is the first of a new activation. */
	crash(): void {
		this.crashes++;
		this.activation = undefined;
	}

	/** The node's state as n8n saved it: the committed cursor with durable cursors, else the saved static data. */
	savedState(): TikiEventQueueState {
		return (this.cursor as TikiEventQueueState | undefined) ?? nodeState(this.staticData, this.options.nodeName);
	}

	/**
	 * One poll: the items it emitted, or null. `crash` makes n8n die at that point of it; a crash() while the poll
	 * runs (a test kills n8n during a request) leaves whatever the poll goes on to do unsaved. `atActivation`: the
	 * poll n8n runs as it activates the workflow, which with durable cursors commits no cursor when it returns null
	 * (poll-trigger-executor.js, `testingTrigger`).
	 */
	async poll(crash?: CrashPoint, { atActivation = false } = {}): Promise<IDataObject[] | null> {
		const life = this.crashes;
		const { trigger, context, snapshot } = this.tick();
		const seed = deepCopy(snapshot);
		const result = await new TikiEventTrigger().poll.call(context);
		if (this.crashes !== life) return null;
		if (crash === 'beforeReturn') return this.died();
		const items = result?.[0]?.map((item) => item.json) ?? null;
		const cursorChanged = snapshot !== undefined && JSON.stringify(snapshot) !== JSON.stringify(seed);
		if (items === null) {
			if (cursorChanged && !atActivation) this.cursor = deepCopy(snapshot);
			return null;
		}
		// n8n starts saving the static data, then creates the execution (committed with the cursor when durable)
		this.staticData = JSON.parse(JSON.stringify(trigger.workflow.staticData)) as IDataObject;
		if (crash === 'betweenSaveAndCommit') return this.died();
		if (cursorChanged) this.cursor = deepCopy(snapshot);
		this.executions.push(items);
		return items;
	}

	private died(): null {
		this.crash();
		return null;
	}

	/** The context of this poll: the activation's, or with durable cursors one of its own around a snapshot of the cursor. */
	private tick(): { trigger: NodeInN8nCore; context: PollContext; snapshot?: IDataObject } {
		if (!this.options.durableCursors) {
			this.activation ??= this.activate();
			return this.activation;
		}
		const { trigger } = this.activate();
		// the cursor's row is made from the node's own static data at its first poll, in a transaction of its own
		this.cursor ??= deepCopy(trigger.workflow.getStaticData('node', trigger.node));
		const snapshot = deepCopy(this.cursor);
		const context = new PollContext(trigger.workflow, trigger.node, trigger.additionalData(), 'trigger', 'activate', undefined, undefined, undefined, undefined, () => snapshot);
		return { trigger, context, snapshot };
	}

	private activate(): { trigger: NodeInN8nCore; context: PollContext } {
		const staticData = JSON.parse(JSON.stringify(this.staticData)) as IDataObject;
		const trigger = tikiNode(this.parameters, this.credentials, { staticData, nodeName: this.options.nodeName });
		return { trigger, context: new PollContext(trigger.workflow, trigger.node, trigger.additionalData(), 'trigger', 'activate') };
	}
}
