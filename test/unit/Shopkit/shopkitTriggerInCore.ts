import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ShopkitApi } from '../../../credentials/ShopkitApi.credentials';
import { ShopkitTrigger } from '../../../nodes/Shopkit/ShopkitTrigger.node';
import { NodeInN8nCore } from '../../../dev/nodeInN8nCore';

export const SHOPKIT_TEST_SECRET = 'a'.repeat(64);

export function shopkitTrigger(
	parameters: INodeParameters = {},
	options: { baseUrl?: string; apiKey?: string; staticData?: IDataObject; workflowId?: string } = {},
): NodeInN8nCore {
	return new NodeInN8nCore({
		nodeType: new ShopkitTrigger(),
		typeName: 'n8n-nodes-marketplace-webhooks.shopkitTrigger',
		parameters: { events: ['order_created'], ...parameters },
		credentials: { shopkitApi: { apiKey: options.apiKey ?? 'shopkit-test-key', baseUrl: options.baseUrl ?? 'http://127.0.0.1:1/v1' } },
		credentialTypes: { shopkitApi: new ShopkitApi() },
		staticData: options.staticData,
		workflowId: options.workflowId,
	});
}

/** A trigger as activation leaves it: its secret in static data. */
export function activatedShopkitTrigger(parameters: INodeParameters = {}, workflowId?: string): NodeInN8nCore {
	return shopkitTrigger(parameters, { staticData: { 'node:Trigger': { secret: SHOPKIT_TEST_SECRET, webhooks: [] } }, workflowId });
}
