import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { TikiOAuth2Api } from '../../../credentials/TikiOAuth2Api.credentials';
import { TikiTrigger } from '../../../nodes/Tiki/TikiTrigger/TikiTrigger.node';
import { TIKI_CLIENT } from '../../../dev/fixtures/tiki';
import { tikiGrantDigest } from '../../../nodes/Tiki/TikiTrigger/TikiTrigger.authentication';
import { NodeInN8nCore, staticDataWith } from '../../../dev/nodeInN8nCore';

/** A Tiki Trigger whose credential points at `baseUrl` (n8n resolves the credential's hidden URLs the same way). */
export function tikiTrigger(
	parameters: INodeParameters = {},
	options: { baseUrl?: string; staticData?: IDataObject; credential?: IDataObject; workflowId?: string } = {},
	node: { nodeName?: string; nodeId?: string; webhookId?: string; webhookBaseUrl?: string; instanceId?: string } = {},
): NodeInN8nCore {
	const baseUrl = options.baseUrl ?? 'http://127.0.0.1:1';
	return new NodeInN8nCore({
		...node,
		nodeType: new TikiTrigger(),
		typeName: 'n8n-nodes-marketplace-webhooks.tikiTrigger',
		parameters: { events: ['product:request:approved', 'product:request:rejected'], ...parameters },
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
		workflowId: options.workflowId,
	});
}

export const GRANT = { id: 'tiki-basic-id', secret: 'tiki-basic-secret-0123456789abcdef' };

/** A trigger as activation leaves it, with a credential that sets the pair GRANT: the grant's digest in the node's state. */
export function activatedTikiTrigger(parameters: INodeParameters = {}, workflowId?: string): NodeInN8nCore {
	return tikiTrigger(parameters, {
		staticData: staticDataWith({ events: [], grantDigest: tikiGrantDigest(GRANT) }),
		credential: { webhookId: GRANT.id, webhookSecret: GRANT.secret },
		workflowId,
	});
}

export function basic(id = GRANT.id, secret = GRANT.secret): string {
	return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}
