import type { INodeParameters } from 'n8n-workflow';

import { ShopkitApi } from '../../../credentials/ShopkitApi.credentials';
import { Shopkit } from '../../../nodes/Shopkit/Shopkit/Shopkit.node';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import { NodeInN8nCore } from '../../../dev/nodeInN8nCore';

/** The Shopkit node in n8n-core's real execute context, against the mock that speaks Shopkit's API. */
export function shopkitNode(api: ShopkitApiMock, parameters: INodeParameters): NodeInN8nCore {
	return new NodeInN8nCore({
		nodeType: new Shopkit(),
		typeName: 'n8n-nodes-marketplace-webhooks.shopkit',
		parameters: { resource: 'order', ...parameters },
		credentials: { shopkitApi: { apiKey: api.apiKey, baseUrl: api.baseUrl } },
		credentialTypes: { shopkitApi: new ShopkitApi() },
	});
}
