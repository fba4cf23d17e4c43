import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class ShopkitApi implements ICredentialType {
	name = 'shopkitApi';

	displayName = 'Shopkit API';

	icon = { light: 'file:../nodes/Shopkit/shopkit.svg', dark: 'file:../nodes/Shopkit/shopkit.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-marketplace-webhooks#shopkit-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Created in the Shopkit store under Account settings → Developers → API',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.shopk.it/v1',
			description: "Shopkit's public API. Change it only to go through a proxy or a test server.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-API-KEY': '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/store',
			method: 'GET',
		},
	};
}
