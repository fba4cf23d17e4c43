/** Shopkit as the Shopkit Trigger and the Shopkit API credential both know it. */
export const SHOPKIT = {
	credential: 'shopkitApi',
	credentialDisplayName: 'Shopkit API',
	defaultBaseUrl: 'https://api.shopk.it/v1',
} as const;

export interface ShopkitCredential {
	apiKey?: string;
	baseUrl?: string;
	/** The client secret of the store's Shopkit app, which signs deliveries (X-Webhook-Signature); empty without an app. */
	appClientSecret?: string;
}
