import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { SHOPGATE, shopgateTokenUrl } from './platforms/shopgate';
import type { ShopgateCredential } from './platforms/shopgate';

/**
 * Shopgate's API uses the OAuth 2.0 password grant, which n8n's OAuth2 credential does not offer: the
 * token is fetched here in preAuthentication, kept in an expirable field, and fetched again when Shopgate
 * answers 401.
 */
export class ShopgateApi implements ICredentialType {
	name = SHOPGATE.credential;

	displayName = SHOPGATE.credentialDisplayName;

	icon = { light: 'file:../nodes/Shopgate/shopgate.svg', dark: 'file:../nodes/Shopgate/shopgate.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-marketplace-webhooks#shopgate-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'production',
			description: 'Also decides which address Shopgate delivers webhooks from',
			options: [
				{ name: 'Production', value: 'production' },
				{ name: 'Staging', value: 'staging' },
			],
		},
		{
			displayName: 'Merchant Code',
			name: 'merchantCode',
			type: 'string',
			required: true,
			default: '',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			required: true,
			default: '',
			description: 'Issued by Shopgate for your integration',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'api-user@merchant.example',
			description: 'The email of the "Api Credentials" user in Shopgate Next Admin',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
		{
			displayName: 'Auth Base URL',
			name: 'authUrl',
			type: 'string',
			default: '',
			placeholder: SHOPGATE.hosts.production.auth,
			description: 'Leave empty for the environment\'s auth service; set it for a proxy or a test server',
		},
		{
			displayName: 'Webhook Service Base URL',
			name: 'webhookUrl',
			type: 'string',
			default: '',
			placeholder: SHOPGATE.hosts.production.webhook,
			description: 'Leave empty for the environment\'s webhook service; set it for a proxy or a test server',
		},
		{
			displayName: 'Order Service Base URL',
			name: 'orderUrl',
			type: 'string',
			default: '',
			placeholder: SHOPGATE.hosts.production.order,
			description: 'Leave empty for the environment\'s order service, which the Shopgate Trigger\'s Fetch Full Order reads; set it for a proxy or a test server',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const credential = credentials as ShopgateCredential;
		const basic = Buffer.from(`${credential.clientId ?? ''}:${credential.clientSecret ?? ''}`).toString('base64');
		let answer: { access_token?: string };
		try {
			answer = (await this.helpers.httpRequest({
				method: 'POST',
				url: shopgateTokenUrl(credential),
				headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({
					grant_type: 'password',
					username: credential.username ?? '',
					password: credential.password ?? '',
					tenantType: 'merchant',
					tenantId: credential.merchantCode ?? '',
				}).toString(),
				json: true,
			})) as { access_token?: string };
		} catch (error) {
			const status = (error as { response?: { status?: number } }).response?.status;
			if (status !== 400 && status !== 401) throw error;
			// The token endpoint answers 400 (invalid_grant) or 401 (invalid_client): both mean the login
			// fields are wrong, which the nodes report as a refused credential.
			throw Object.assign(new Error(`Shopgate refused the login (HTTP ${status})`), { httpCode: '401' });
		}
		return { accessToken: answer.access_token ?? '' };
	}

	/**
	 * A function, not a generic block: n8n resolves a generic block's expressions in the calling workflow's
	 * expression sandbox, which a trigger no longer holds once its create() has returned (the Shopgate Trigger
	 * asks for a test delivery then).
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken ?? '')}` } };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				`={{ ($credentials.webhookUrl || ($credentials.environment === "staging" ? "${SHOPGATE.hosts.staging.webhook}" : "${SHOPGATE.hosts.production.webhook}")).replace(/\\/+$/, "") + "/v1/merchants/" + encodeURIComponent($credentials.merchantCode) }}`,
			url: '/webhookToken',
			method: 'GET',
		},
	};
}
