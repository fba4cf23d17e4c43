import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { SHOPKIT } from './platforms/shopkit';

export class ShopkitApi implements ICredentialType {
	name = SHOPKIT.credential;

	displayName = SHOPKIT.credentialDisplayName;

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
			displayName: 'App Client Secret',
			name: 'appClientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional. The client secret of the store's Shopkit app, with which Shopkit signs every delivery (X-Webhook-Signature). When set, the Shopkit Trigger refuses deliveries whose signature does not match, on top of its URL secret. Leave empty if the store has no app.",
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: SHOPKIT.defaultBaseUrl,
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
