import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { SUPPLIER_MARKETPLACE } from './platforms/supplierMarketplace';

/** The API URL and API Token from the supplier dashboard's settings. */
export class SupplierMarketplaceApi implements ICredentialType {
	name = SUPPLIER_MARKETPLACE.apiCredential;

	displayName = SUPPLIER_MARKETPLACE.apiCredentialDisplayName;

	icon = {
		light: 'file:../nodes/SupplierMarketplace/supplierMarketplace.svg',
		dark: 'file:../nodes/SupplierMarketplace/supplierMarketplace.dark.svg',
	} as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-marketplace-webhooks#supplier-marketplace-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://marketplace.example.com/api/v1/stock',
			description: 'Copied from the supplier dashboard: Settings → API URL. Stock updates are posted to it.',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Copied from the supplier dashboard: Settings → API Token. Sent as Authorization: Bearer.',
		},
	];

	/**
	 * A function rather than a generic `={{$credentials.apiToken}}` block: n8n evaluates a generic block in
	 * its expression sandbox for every request, which bounded the action node at ~700 updates/s and grew
	 * n8n's memory by ~290 MB over 10,000 updates (bench/RESULTS.md).
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiToken)}` },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			url: '={{$credentials.apiUrl}}',
			method: 'GET',
		},
	};
}
