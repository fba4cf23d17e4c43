/** Tiki as both Tiki triggers and the Tiki OAuth2 API credential know it. */
export const TIKI = {
	credential: 'tikiOAuth2Api',
	credentialDisplayName: 'Tiki OAuth2 API',
	hosts: { production: 'https://api.tiki.vn', sandbox: 'https://api-sandbox.tiki.vn' },
} as const;

export type TikiEnvironment = keyof typeof TIKI.hosts | 'custom';

/** What the nodes read; `baseUrl` is the credential's hidden field, resolved by n8n from the environment. */
export interface TikiCredential {
	environment?: TikiEnvironment;
	baseUrl?: string;
	clientId?: string;
	clientSecret?: string;
	webhookId?: string;
	webhookSecret?: string;
}
