/**
 * Kinguin as the Kinguin Trigger and its credentials know it: the webhook secret it checks, and the eCommerce
 * API it asks for the order, keys or product a delivery points at (PROVIDERS.md, Kinguin).
 */
export const KINGUIN = {
	credential: 'kinguinWebhookApi',
	apiCredential: 'kinguinApi',
	apiCredentialDisplayName: 'Kinguin API',
	/** The eCommerce API per environment; the old api2.kinguin.net host was removed on 2025-05-12. */
	hosts: {
		production: 'https://gateway.kinguin.net/esa/api',
		sandbox: 'https://gateway.sandbox.kinguin.net/esa/api',
	},
} as const;

export interface KinguinWebhookCredential {
	secret?: string;
}

export type KinguinEnvironment = keyof typeof KINGUIN.hosts | 'custom';

export interface KinguinApiCredential {
	apiKey?: string;
	environment?: KinguinEnvironment;
	/** Only for the Custom environment: a proxy or a test server. */
	baseUrl?: string;
}

/** The eCommerce API the credential points at, without a trailing slash; every route hangs below it. */
export function kinguinApiBaseUrl(credential: KinguinApiCredential): string {
	const url = credential.environment === 'custom' ? (credential.baseUrl ?? '') : KINGUIN.hosts[credential.environment === 'sandbox' ? 'sandbox' : 'production'];
	return url.trim().replace(/\/+$/, '');
}
