/** Shopgate's hosts per environment; staging is not settled in Shopgate's docs, so both stay overridable. */
export const SHOPGATE_HOSTS = {
	production: { auth: 'https://auth.shopgate.io', webhook: 'https://webhook.shopgate.io', ip: '35.195.40.181' },
	staging: { auth: 'https://auth.shopgatepg.io', webhook: 'https://webhook.shopgatepg.io', ip: '35.205.144.206' },
} as const;

export type ShopgateEnvironment = keyof typeof SHOPGATE_HOSTS;

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
	return SHOPGATE_HOSTS[credential.environment === 'staging' ? 'staging' : 'production'];
}

const trimmed = (url: string) => url.replace(/\/+$/, '');

export function shopgateTokenUrl(credential: ShopgateCredential): string {
	return `${trimmed(credential.authUrl || hostsOf(credential).auth)}/oauth/token`;
}

/** `https://webhook.shopgate.io/v1/merchants/{merchantCode}`: every webhook route hangs below it. */
export function shopgateWebhookServiceUrl(credential: ShopgateCredential): string {
	return `${trimmed(credential.webhookUrl || hostsOf(credential).webhook)}/v1/merchants/${encodeURIComponent(credential.merchantCode ?? '')}`;
}

/** The address Shopgate delivers from, for the environment. */
export function shopgateSourceIp(credential: ShopgateCredential): string {
	return hostsOf(credential).ip;
}
