import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { TikiOAuth2Api } from '../../../credentials/TikiOAuth2Api.credentials';
import { TikiEventTrigger } from '../../../nodes/Tiki/TikiEventTrigger.node';
import type { TikiEventQueueState } from '../../../nodes/Tiki/tikiEventQueueLifecycle';
import { TIKI_CLIENT } from '../../fixtures/tiki';
import { NodeHarness } from '../../support/n8nContexts';

export const WORKFLOW_ID = 'wf-tiki-events';
export const NODE_ID = 'tiki-event-node';
export const QUEUE_NAME = `n8n-${WORKFLOW_ID}-${NODE_ID}`;

/**
 * A Tiki Event Trigger whose credential points at `baseUrl`. Pass the same `staticData` to several harnesses to
 * run successive polls of one workflow.
 */
export function tikiEventTrigger(
	baseUrl: string,
	parameters: INodeParameters = {},
	options: { staticData?: IDataObject; credential?: IDataObject } = {},
): NodeHarness {
	return new NodeHarness({
		nodeType: new TikiEventTrigger(),
		typeName: 'n8n-nodes-marketplace-webhooks.tikiEventTrigger',
		parameters: { events: ['ORDER_CREATED_SUCCESSFULLY', 'ORDER_STATUS_UPDATED'], ...parameters },
		credentials: {
			tikiOAuth2Api: {
				...TIKI_CLIENT,
				grantType: 'clientCredentials',
				authentication: 'header',
				scope: '',
				baseUrl,
				accessTokenUrl: `${baseUrl}/sc/oauth2/token`,
				...options.credential,
			},
		},
		credentialTypes: { tikiOAuth2Api: new TikiOAuth2Api() },
		staticData: options.staticData,
		workflowId: WORKFLOW_ID,
		nodeId: NODE_ID,
	});
}

/** The node's own static data inside the workflow's. */
export function nodeState(staticData: IDataObject): TikiEventQueueState {
	return (staticData['node:Trigger'] ?? {}) as TikiEventQueueState;
}
