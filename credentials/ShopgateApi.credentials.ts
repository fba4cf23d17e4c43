import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { SHOPGATE, SHOPGATE_TOKEN_TIMEOUT_MS, shopgateTokenUrl } from './platforms/shopgate';
import type { ShopgateCredential } from './platforms/shopgate';

/** Codes of a token request that ended without an answer in time: the request's timeout, or its signal. */
const NO_TOKEN_IN_TIME = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);

/** What a failed token request is to the nodes: a refused login, no token in time, or else the failure as n8n reported it. */
function tokenFailure(error: unknown, url: string): unknown {
	const { response, code } = error as { response?: { status?: number }; code?: string };
	const status = response?.status;
	// The token endpoint answers 400 (invalid_grant) or 401 (invalid_client): both mean the login
	// fields are wrong, which the nodes report as a refused credential.
	if (status === 400 || status === 401) return Object.assign(new Error(`Shopgate refused the login (HTTP ${status})`), { httpCode: '401' });
	if (status !== undefined || code === undefined || !NO_TOKEN_IN_TIME.has(code)) return error;
	// a timeout's code, so that the nodes retry it as they retry any request that got no answer
	const seconds = SHOPGATE_TOKEN_TIMEOUT_MS / 1000;
	return Object.assign(new Error(`Shopgate's auth service gave no access token within ${seconds} s (POST ${url})`), { code: 'ETIMEDOUT' });
}

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

	/**
	 * The token, fetched within SHOPGATE_TOKEN_TIMEOUT_MS: the signal ends the request then whatever its socket
	 * does (connecting, or an answer that trickles in); the timeout is n8n's own, which stops at the answer's headers.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const credential = credentials as ShopgateCredential;
		const basic = Buffer.from(`${credential.clientId ?? ''}:${credential.clientSecret ?? ''}`).toString('base64');
		const url = shopgateTokenUrl(credential);
		let answer: { access_token?: string };
		try {
			answer = (await this.helpers.httpRequest({
				method: 'POST',
				url,
				headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({
					grant_type: 'password',
					username: credential.username ?? '',
					password: credential.password ?? '',
					tenantType: 'merchant',
					tenantId: credential.merchantCode ?? '',
				}).toString(),
				json: true,
				timeout: SHOPGATE_TOKEN_TIMEOUT_MS,
				abortSignal: AbortSignal.timeout(SHOPGATE_TOKEN_TIMEOUT_MS),
			})) as { access_token?: string };
		} catch (error) {
			throw tokenFailure(error, url);
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
