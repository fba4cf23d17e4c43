import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** The API URL and API Token from the supplier dashboard's settings. */
export class SupplierMarketplaceApi implements ICredentialType {
	name = 'supplierMarketplaceApi';

	displayName = 'Supplier Marketplace API';

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

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			url: '={{$credentials.apiUrl}}',
			method: 'GET',
		},
	};
}
