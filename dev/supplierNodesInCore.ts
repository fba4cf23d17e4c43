import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { SupplierMarketplaceApi } from '../credentials/SupplierMarketplaceApi.credentials';
import { SupplierMarketplace } from '../nodes/SupplierMarketplace/SupplierMarketplace/SupplierMarketplace.node';
import { SupplierMarketplaceTrigger } from '../nodes/SupplierMarketplace/SupplierMarketplaceTrigger/SupplierMarketplaceTrigger.node';
import { SUPPLIER_WEBHOOK_SECRET } from './fixtures/supplierMarketplace';
import { NodeInN8nCore } from './nodeInN8nCore';

export const WEBHOOK_CREDENTIAL = {
	headerName: 'X-Webhook-Secret',
	secret: SUPPLIER_WEBHOOK_SECRET,
	username: 'marketplace',
	password: 'basic-password-0123456789',
};

export function supplierTrigger(
	parameters: INodeParameters = {},
	credential: ICredentialDataDecryptedObject = WEBHOOK_CREDENTIAL,
	node: { webhookBaseUrl?: string } = {},
): NodeInN8nCore {
	return new NodeInN8nCore({
		...node,
		nodeType: new SupplierMarketplaceTrigger(),
		typeName: 'n8n-nodes-marketplace-webhooks.supplierMarketplaceTrigger',
		parameters,
		credentials: { supplierMarketplaceWebhookApi: credential },
	});
}

export function supplierAction(parameters: INodeParameters, api: { apiUrl: string; token: string }): NodeInN8nCore {
	return new NodeInN8nCore({
		nodeType: new SupplierMarketplace(),
		typeName: 'n8n-nodes-marketplace-webhooks.supplierMarketplace',
		parameters,
		credentials: { supplierMarketplaceApi: { apiUrl: api.apiUrl, apiToken: api.token } },
		credentialTypes: { supplierMarketplaceApi: new SupplierMarketplaceApi() },
	});
}
