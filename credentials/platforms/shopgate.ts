/**
 * Shopgate as the Shopgate Trigger and the Shopgate API credential both know it: its hosts per environment
 * (staging is not settled in Shopgate's docs, so every host stays overridable in the credential).
 */
export const SHOPGATE = {
	credential: 'shopgateApi',
	credentialDisplayName: 'Shopgate API',
	hosts: {
		production: { auth: 'https://auth.shopgate.io', webhook: 'https://webhook.shopgate.io', order: 'https://order.shopgate.io', ip: '35.195.40.181' },
		staging: { auth: 'https://auth.shopgatepg.io', webhook: 'https://webhook.shopgatepg.io', order: 'https://order.shopgatepg.io', ip: '35.205.144.206' },
	},
} as const;

export type ShopgateEnvironment = keyof typeof SHOPGATE.hosts;

export interface ShopgateCredential {
	environment?: ShopgateEnvironment;
	authUrl?: string;
	webhookUrl?: string;
	orderUrl?: string;
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

/** The order service: the credential's Order Service Base URL, else the environment's. */
export function shopgateOrderBaseUrl(credential: ShopgateCredential): string {
	return trimmed(credential.orderUrl || hostsOf(credential).order);
}

/**
 * How long the token request may take. Shopgate's auth service answers within a second; one that has not
 * answered in 10 s is hung, where n8n would wait 300 s for it (its default request timeout).
 */
export const SHOPGATE_TOKEN_TIMEOUT_MS = 10_000;

export function shopgateTokenUrl(credential: ShopgateCredential): string {
	return `${shopgateAuthBaseUrl(credential)}/oauth/token`;
}

/** `https://webhook.shopgate.io/v1/merchants/{merchantCode}`: every webhook route hangs below it. */
export function shopgateWebhookServiceUrl(credential: ShopgateCredential): string {
	return `${shopgateWebhookBaseUrl(credential)}/v1/merchants/${encodeURIComponent(credential.merchantCode ?? '')}`;
}

/** `https://order.shopgate.io/v1/merchants/{merchantCode}`: the order routes hang below it. */
export function shopgateOrderServiceUrl(credential: ShopgateCredential): string {
	return `${shopgateOrderBaseUrl(credential)}/v1/merchants/${encodeURIComponent(credential.merchantCode ?? '')}`;
}

/** The address Shopgate delivers from, for the environment. */
export function shopgateSourceIp(credential: ShopgateCredential): string {
	return hostsOf(credential).ip;
}
