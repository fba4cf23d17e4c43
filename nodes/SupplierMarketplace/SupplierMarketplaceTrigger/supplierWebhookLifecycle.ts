import type { IHookFunctions } from 'n8n-workflow';

import { forgetServedUrl, rememberServedUrl, servedUrlIsCurrent } from '../../shared';
import type { SupplierWebhookAuthentication } from './supplierWebhookAuthentication';
import { supplierWebhookCredential } from './supplierWebhookAuthentication';

/** The marketplace has no webhook API: the user pastes the URL into its dashboard. */
export async function supplierWebhookExists(this: IHookFunctions): Promise<boolean> {
	return servedUrlIsCurrent(this);
}

/** Fails at once, naming what is missing, when the credential cannot serve the chosen authentication. */
export async function activateSupplierWebhook(this: IHookFunctions): Promise<boolean> {
	await supplierWebhookCredential(this, this.getNodeParameter('authentication', 'headerSecret') as SupplierWebhookAuthentication);
	rememberServedUrl(this);
	return true;
}

export async function deactivateSupplierWebhook(this: IHookFunctions): Promise<boolean> {
	forgetServedUrl(this);
	return true;
}
