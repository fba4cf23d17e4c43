import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { SUPPLIER_MARKETPLACE } from './platforms/supplierMarketplace';

/**
 * What the marketplace must send for a delivery to count as its own. The marketplace defines no
 * signature, so this is whatever the supplier configures there: a secret header, Basic credentials, or a
 * secret in the URL. The Supplier Marketplace Trigger tests it (the marketplace has no API for that).
 */
export class SupplierMarketplaceWebhookApi implements ICredentialType {
	name = SUPPLIER_MARKETPLACE.webhookCredential;

	displayName = 'Supplier Marketplace Webhook API';

	icon = {
		light: 'file:../nodes/SupplierMarketplace/supplierMarketplace.svg',
		dark: 'file:../nodes/SupplierMarketplace/supplierMarketplace.dark.svg',
	} as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-marketplace-webhooks#supplier-marketplace-webhook-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Webhook-Secret',
			description: 'For "Header Secret": the header that carries the secret',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'For "Header Secret" and "Secret in URL": at least 16 random characters',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			description: 'For "Basic Auth"',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'For "Basic Auth": at least 16 random characters',
		},
	];
}
