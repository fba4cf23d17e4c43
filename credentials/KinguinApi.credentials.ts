import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { KINGUIN } from './platforms/kinguin';

/**
 * The API key of a Kinguin store's eCommerce API (Kinguin dashboard, My Stores), sent as `X-Api-Key`. The
 * Kinguin Trigger uses it only to fetch the order, keys or product a delivery points at.
 */
export class KinguinApi implements ICredentialType {
	name = KINGUIN.apiCredential;

	displayName = KINGUIN.apiCredentialDisplayName;

	icon = { light: 'file:../nodes/Kinguin/kinguin.svg', dark: 'file:../nodes/Kinguin/kinguin.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-marketplace-webhooks#kinguin-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The API key of your store in the Kinguin dashboard (My Stores → your store). Sandbox stores have keys of their own.',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'production',
			options: [
				{ name: 'Production', value: 'production', description: KINGUIN.hosts.production },
				{ name: 'Sandbox', value: 'sandbox', description: KINGUIN.hosts.sandbox },
				{ name: 'Custom', value: 'custom', description: 'A proxy or a test server' },
			],
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: KINGUIN.hosts.production,
			description: 'The address every route of the eCommerce API hangs below (…/v1/order/{orderId})',
			displayOptions: { show: { environment: ['custom'] } },
		},
	];

	/**
	 * A function, not a generic block: n8n resolves a generic block in the workflow's expression sandbox on every
	 * request, and the records of a delivery may still be fetched after the platform was answered.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...requestOptions.headers, 'X-Api-Key': String(credentials.apiKey ?? '') } };
	}

	/** The balance is the cheapest route that needs the key: one number, no side effect. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ($credentials.environment === "custom" ? $credentials.baseUrl : ($credentials.environment === "sandbox" ? "${KINGUIN.hosts.sandbox}" : "${KINGUIN.hosts.production}")).trim().replace(/\\/+$/, "") }}`,
			url: '/v1/balance',
			method: 'GET',
		},
	};
}
