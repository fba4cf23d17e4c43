import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { TIKI } from './platforms/tiki';

const HOST = `{{ $self["environment"] === "sandbox" ? "${TIKI.hosts.sandbox}" : $self["environment"] === "custom" ? $self["customBaseUrl"].replace(/\\/+$/, "") : "${TIKI.hosts.production}" }}`;

/**
 * Tiki's Open API uses OAuth 2.0 client credentials: n8n fetches the token and fetches a new one when it
 * expires. The pair Tiki uses to authenticate its webhook deliveries is derived from this credential
 * unless set here, so every Tiki Trigger of one seller grants and expects the same pair.
 */
export class TikiOAuth2Api implements ICredentialType {
	name = TIKI.credential;

	extends = ['oAuth2Api'];

	displayName = TIKI.credentialDisplayName;

	icon = { light: 'file:../nodes/Tiki/tiki.svg', dark: 'file:../nodes/Tiki/tiki.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-marketplace-webhooks#tiki-oauth2-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'production',
			options: [
				{ name: `Production (${new URL(TIKI.hosts.production).host})`, value: 'production' },
				{ name: `Sandbox (${new URL(TIKI.hosts.sandbox).host})`, value: 'sandbox' },
				{ name: 'Custom', value: 'custom' },
			],
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://tiki-proxy.example.com',
			description: 'The host that serves /sc/oauth2/token and /integration/v1/… instead of Tiki\'s',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'hidden',
			default: `=${HOST}`,
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'clientCredentials',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `=${HOST}/sc/oauth2/token`,
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: '',
			description: 'Space-separated scopes to request, e.g. "product order". Empty asks for the scopes the app was granted.',
		},
		{
			displayName: 'Client Authentication',
			name: 'authentication',
			type: 'options',
			default: 'header',
			description: 'How the app authenticates when it asks for a token; Tiki registers an app for exactly one of the two',
			options: [
				{ name: 'Basic Auth Header (client_secret_basic)', value: 'header' },
				{ name: 'In the Body (client_secret_post)', value: 'body' },
			],
		},
		{
			displayName: 'Webhook Basic ID',
			name: 'webhookId',
			type: 'string',
			default: '',
			description: 'The ID Tiki sends with every webhook delivery. Leave empty to derive it from the Client ID.',
		},
		{
			displayName: 'Webhook Basic Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The secret Tiki sends with every webhook delivery. Leave empty to derive it from the Client Secret (it then changes when the Client Secret does).',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/integration/v1/webhooks',
			method: 'GET',
		},
	};
}
