/** The supplier marketplace as its two nodes and their two credentials know it. */
export const SUPPLIER_MARKETPLACE = {
	apiCredential: 'supplierMarketplaceApi',
	apiCredentialDisplayName: 'Supplier Marketplace API',
	webhookCredential: 'supplierMarketplaceWebhookApi',
} as const;

/** The supplier dashboard's Settings: where stock updates go, and the token they carry. */
export interface SupplierApiCredential {
	apiUrl?: string;
	apiToken?: string;
}

/** What the marketplace must send with a delivery, for each of the trigger's authentication methods. */
export interface SupplierWebhookCredential {
	headerName?: string;
	secret?: string;
	username?: string;
	password?: string;
}
