/**
 * What both Tiki triggers know of Tiki: the credential they share and where Tiki's Open API lives when the
 * credential names no other host.
 */
export const TIKI_CREDENTIAL = 'tikiOAuth2Api';

export const TIKI_DEFAULT_BASE_URL = 'https://api.tiki.vn';

export interface TikiCredential {
	baseUrl?: string;
	clientId?: string;
	clientSecret?: string;
	webhookId?: string;
	webhookSecret?: string;
}
