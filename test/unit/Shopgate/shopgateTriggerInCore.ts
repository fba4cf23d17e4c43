import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { ShopgateApi } from '../../../credentials/ShopgateApi.credentials';
import { ShopgateTrigger } from '../../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node';
import { SHOPGATE_CREDENTIAL_FIELDS, SHOPGATE_WEBHOOK_ID } from '../../../dev/fixtures/shopgate';
import { secretDigest } from '../../../nodes/shared/inbound/secrets';
import { NodeInN8nCore, staticDataWith } from '../../../dev/nodeInN8nCore';

export const TOKEN = 'merchant-webhook-token-0123456789';

export function shopgateTrigger(
	parameters: INodeParameters = {},
	options: { baseUrl?: string; staticData?: IDataObject; credential?: IDataObject; workflowId?: string; nodeType?: INodeType } = {},
	node: { nodeName?: string; webhookBaseUrl?: string; webhookTestBaseUrl?: string; instanceId?: string } = {},
): NodeInN8nCore {
	const baseUrl = options.baseUrl ?? 'http://127.0.0.1:1';
	return new NodeInN8nCore({
		...node,
		nodeType: options.nodeType ?? new ShopgateTrigger(),
		typeName: 'n8n-nodes-marketplace-webhooks.shopgateTrigger',
		parameters: { events: ['productCreated', 'fulfillmentOrderAdded'], ...parameters },
		credentials: {
			shopgateApi: { environment: 'production', authUrl: baseUrl, webhookUrl: baseUrl, orderUrl: baseUrl, ...SHOPGATE_CREDENTIAL_FIELDS, accessToken: '', ...options.credential },
		},
		credentialTypes: { shopgateApi: new ShopgateApi() },
		staticData: options.staticData,
		workflowId: options.workflowId,
	});
}

export function activatedShopgateTrigger(parameters: INodeParameters = {}, options: { baseUrl?: string; credential?: IDataObject } = {}) {
	return shopgateTrigger(parameters, { ...options, staticData: staticDataWith({ webhookId: SHOPGATE_WEBHOOK_ID, tokenDigest: secretDigest(TOKEN) }) });
}
