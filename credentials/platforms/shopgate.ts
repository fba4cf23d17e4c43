/**
 * Shopgate as the Shopgate Trigger and the Shopgate API credential both know it: its hosts per environment
 * (staging is not settled in Shopgate's docs, so both hosts stay overridable in the credential).
 */
export const SHOPGATE = {
	credential: 'shopgateApi',
	credentialDisplayName: 'Shopgate API',
	hosts: {
		production: { auth: 'https://auth.shopgate.io', webhook: 'https://webhook.shopgate.io', ip: '35.195.40.181' },
		staging: { auth: 'https://auth.shopgatepg.io', webhook: 'https://webhook.shopgatepg.io', ip: '35.205.144.206' },
	},
} as const;

export type ShopgateEnvironment = keyof typeof SHOPGATE.hosts;

export interface ShopgateCredential {
	environment?: ShopgateEnvironment;
	authUrl?: string;
	webhookUrl?: string;
	merchantCode?: string;
	clientId?: string;
	clientSecret?: string;
	username?: string;
	password?: string;
	accessToken?: string;
}

function hostsOf(credential: ShopgateCredential) {
	return SHOPGATE.hosts[credential.environment === 'staging' ? 'staging' : 'production'];
}

const trimmed = (url: string) => url.replace(/\/+$/, '');

/** The auth service: the credential's Auth Base URL, else the environment's. */
export function shopgateAuthBaseUrl(credential: ShopgateCredential): string {
	return trimmed(credential.authUrl || hostsOf(credential).auth);
}

/** The webhook service: the credential's Webhook Service Base URL, else the environment's. */
export function shopgateWebhookBaseUrl(credential: ShopgateCredential): string {
	return trimmed(credential.webhookUrl || hostsOf(credential).webhook);
}

export function shopgateTokenUrl(credential: ShopgateCredential): string {
	return `${shopgateAuthBaseUrl(credential)}/oauth/token`;
}

/** `https://webhook.shopgate.io/v1/merchants/{merchantCode}`: every webhook route hangs below it. */
export function shopgateWebhookServiceUrl(credential: ShopgateCredential): string {
	return `${shopgateWebhookBaseUrl(credential)}/v1/merchants/${encodeURIComponent(credential.merchantCode ?? '')}`;
}

/** The address Shopgate delivers from, for the environment. */
export function shopgateSourceIp(credential: ShopgateCredential): string {
	return hostsOf(credential).ip;
}
