import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ShopkitApi } from '../../../credentials/ShopkitApi.credentials';
import { ShopkitTrigger } from '../../../nodes/Shopkit/ShopkitTrigger/ShopkitTrigger.node';
import { secretDigest } from '../../../nodes/shared/inbound/secrets';
import { NodeInN8nCore, staticDataWith } from '../../../dev/nodeInN8nCore';

export const SHOPKIT_TEST_SECRET = 'a'.repeat(64);

export function shopkitTrigger(
	parameters: INodeParameters = {},
	options: { baseUrl?: string; apiKey?: string; appClientSecret?: string; staticData?: IDataObject; workflowId?: string } = {},
	node: { nodeName?: string; webhookBaseUrl?: string; instanceId?: string } = {},
): NodeInN8nCore {
	return new NodeInN8nCore({
		...node,
		nodeType: new ShopkitTrigger(),
		typeName: 'n8n-nodes-marketplace-webhooks.shopkitTrigger',
		parameters: { events: ['order_created'], ...parameters },
		credentials: {
			shopkitApi: {
				apiKey: options.apiKey ?? 'shopkit-test-key',
				baseUrl: options.baseUrl ?? 'http://127.0.0.1:1/v1',
				...(options.appClientSecret === undefined ? {} : { appClientSecret: options.appClientSecret }),
			},
		},
		credentialTypes: { shopkitApi: new ShopkitApi() },
		staticData: options.staticData,
		workflowId: options.workflowId,
	});
}

/**
 * A trigger as activation leaves it: its webhook and the digest of the secret in its URL in the node's state;
 * with `appClientSecret`, its credential holds the Shopkit app's client secret.
 */
export function activatedShopkitTrigger(parameters: INodeParameters = {}, workflowId?: string, appClientSecret?: string): NodeInN8nCore {
	const webhook = { id: 1337, event: 'order_created', url: 'https://n8n.example.com/webhook/hook-id/webhook', secretDigest: secretDigest(SHOPKIT_TEST_SECRET) };
	return shopkitTrigger(parameters, { staticData: staticDataWith({ webhooks: [webhook] }), workflowId, appClientSecret });
}
