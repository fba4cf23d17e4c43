import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

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
	const credentials = {
		tikiOAuth2Api: {
			...TIKI_CLIENT,
			grantType: 'clientCredentials',
			authentication: 'header',
			scope: '',
			baseUrl,
			accessTokenUrl: `${baseUrl}/sc/oauth2/token`,
			...options.credential,
		},
	};
	const { staticData } = options;
	if (staticData && !credentialStores.has(staticData)) credentialStores.set(staticData, credentials);
	return new NodeInN8nCore({
		nodeType: new TikiEventTrigger(),
		typeName: 'n8n-nodes-marketplace-webhooks.tikiEventTrigger',
		parameters: { events: ['ORDER_CREATED_SUCCESSFULLY', 'ORDER_STATUS_UPDATED'], ...parameters },
		credentials: (staticData && credentialStores.get(staticData)) || credentials,
		credentialTypes: { tikiOAuth2Api: new TikiOAuth2Api() },
		staticData,
		workflowId: WORKFLOW_ID,
		nodeId: NODE_ID,
		nodeName: options.nodeName,
		instanceId: options.instanceId,
	});
}

/** The node's state inside the workflow's static data. */
export function nodeState(staticData: IDataObject): TikiEventQueueState {
	return stateIn(staticData, NODE_ID) as TikiEventQueueState;
}

/** The queue's name: this n8n instance's tag (instanceIdentity.ts), the workflow and the node. */
export const QUEUE_NAME = `n8n-${instanceTag({ getInstanceId: () => tikiEventTrigger('http://127.0.0.1:1').instanceId() })}-${WORKFLOW_ID}-${NODE_ID}`;
