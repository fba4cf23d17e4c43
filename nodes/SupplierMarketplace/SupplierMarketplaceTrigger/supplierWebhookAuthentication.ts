import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SUPPLIER_MARKETPLACE } from '../../../credentials/platforms/supplierMarketplace';
import type { SupplierWebhookCredential } from '../../../credentials/platforms/supplierMarketplace';
import { basicCredentialsMatch, secretsMatch } from '../../shared/inbound/secrets';
import { readHeader } from '../../shared/inbound/headers';
import { recentCredentials } from '../../shared/inbound/recentCredentials';

export const URL_SECRET_PARAMETER = 'secret';
export const MINIMUM_SECRET_LENGTH = 16;

export type SupplierWebhookAuthentication = 'headerSecret' | 'basicAuth' | 'urlSecret' | 'none';

/** What is missing from the credential for `authentication`, or undefined when it is usable. */
export function missingForAuthentication(
	authentication: SupplierWebhookAuthentication,
	credential: SupplierWebhookCredential,
): string | undefined {
	switch (authentication) {
		case 'headerSecret':
			if (!credential.headerName?.trim()) return 'a Header Name';
			return (credential.secret ?? '').length < MINIMUM_SECRET_LENGTH ? `a Secret of at least ${MINIMUM_SECRET_LENGTH} characters` : undefined;
		case 'urlSecret':
			return (credential.secret ?? '').length < MINIMUM_SECRET_LENGTH ? `a Secret of at least ${MINIMUM_SECRET_LENGTH} characters` : undefined;
		case 'basicAuth':
			if (!credential.username) return 'a Username';
			return (credential.password ?? '').length < MINIMUM_SECRET_LENGTH ? `a Password of at least ${MINIMUM_SECRET_LENGTH} characters` : undefined;
		case 'none':
			return undefined;
	}
}

/** The credential for the node's authentication, or a configuration error saying what to add. */
export async function supplierWebhookCredential(
	context: IHookFunctions | IWebhookFunctions,
	authentication: SupplierWebhookAuthentication,
): Promise<SupplierWebhookCredential> {
	if (authentication === 'none') return {};
	const credential =
		'getRequestObject' in context
			? await recentCredentials<SupplierWebhookCredential>(context, SUPPLIER_MARKETPLACE.webhookCredential)
			: await context.getCredentials<SupplierWebhookCredential>(SUPPLIER_MARKETPLACE.webhookCredential);
	const missing = missingForAuthentication(authentication, credential);
	if (missing) {
		throw new NodeOperationError(context.getNode(), `The Supplier Marketplace Webhook credential needs ${missing}`, {
			description: 'Open the credential, fill it in, use the same values in the marketplace dashboard, and activate the workflow again.',
		});
	}
	return credential;
}

/** Fails activation at once, naming what is missing, when the credential cannot serve the chosen authentication. */
export async function requireSupplierWebhookCredential(context: IHookFunctions): Promise<void> {
	await supplierWebhookCredential(context, context.getNodeParameter('authentication', 'headerSecret') as SupplierWebhookAuthentication);
}

/** Whether a delivery carries what the chosen authentication asks for; every comparison is constant-time. */
export function supplierDeliveryIsAuthentic(
	context: IWebhookFunctions,
	authentication: SupplierWebhookAuthentication,
	credential: SupplierWebhookCredential,
): boolean {
	const headers = context.getHeaderData();
	switch (authentication) {
		case 'headerSecret':
			return secretsMatch(credential.secret ?? '', readHeader(headers, credential.headerName ?? ''));
		case 'basicAuth':
			return basicCredentialsMatch(readHeader(headers, 'authorization'), credential.username ?? '', credential.password ?? '');
		case 'urlSecret': {
			const value = (context.getQueryData() as Record<string, unknown>)[URL_SECRET_PARAMETER];
			return secretsMatch(credential.secret ?? '', typeof value === 'string' ? value : undefined);
		}
		case 'none':
			return true;
	}
}
