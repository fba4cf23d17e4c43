import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SUPPLIER_MARKETPLACE } from '../../../credentials/platforms/supplierMarketplace';
import type { SupplierWebhookCredential } from '../../../credentials/platforms/supplierMarketplace';
import type { AuthenticationFailure } from '../../shared/inbound/authenticationFailure';
import { basicFailure, secretFailure } from '../../shared/inbound/authenticationFailure';
import { basicCredentialsMatch, secretsMatch } from '../../shared/inbound/secrets';
import { readHeader } from '../../shared/inbound/headers';
import { recentCredentials } from '../../shared/inbound/recentCredentials';

const URL_SECRET_PARAMETER = 'secret';
const MINIMUM_SECRET_LENGTH = 16;

export type SupplierWebhookAuthentication = 'headerSecret' | 'basicAuth' | 'urlSecret' | 'none';

/** What is missing from the credential for `authentication`, or undefined when it is usable. */
function missingForAuthentication(
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

/**
 * The credential for the node's authentication, or a configuration error saying what to add. A delivery reads it
 * through recentCredentials (`refresh` reads one changed within the reuse window).
 */
export async function supplierWebhookCredential(
	context: IHookFunctions | IWebhookFunctions,
	authentication: SupplierWebhookAuthentication,
	refresh = false,
): Promise<SupplierWebhookCredential> {
	if (authentication === 'none') return {};
	const credential =
		'getRequestObject' in context
			? await recentCredentials<SupplierWebhookCredential>(context, SUPPLIER_MARKETPLACE.webhookCredential, { refresh })
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
function supplierDeliveryIsAuthentic(
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

/**
 * Whether a delivery authenticates, and the credential it was checked against last. One that does not match the
 * copy at hand is checked again against the credential read anew (at most once a second, a read in flight shared),
 * so a secret changed in the credential a moment ago is accepted at once and forged deliveries cost one read a second.
 */
export async function authenticateSupplierDelivery(
	context: IWebhookFunctions,
	authentication: SupplierWebhookAuthentication,
): Promise<{ authentic: boolean; credential: SupplierWebhookCredential }> {
	const credential = await supplierWebhookCredential(context, authentication);
	if (supplierDeliveryIsAuthentic(context, authentication, credential)) return { authentic: true, credential };
	const current = await supplierWebhookCredential(context, authentication, true);
	return { authentic: supplierDeliveryIsAuthentic(context, authentication, current), credential: current };
}

/**
 * The marketplace offers no endpoint to confirm these values, so the test says which of the trigger's
 * authentication methods the credential can serve, and what is missing when it serves none.
 */
export async function testSupplierWebhookCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as SupplierWebhookCredential;
	const methods = [
		['Header Secret', missingForAuthentication('headerSecret', data)],
		['Secret in URL', missingForAuthentication('urlSecret', data)],
		['Basic Auth', missingForAuthentication('basicAuth', data)],
	] as const;
	const usable = methods.filter(([, missing]) => missing === undefined).map(([name]) => name);
	if (usable.length === 0) {
		return {
			status: 'Error',
			message: `No authentication method is usable: Header Secret and Secret in URL need ${methods[0][1]}, Basic Auth needs ${methods[2][1]}`,
		};
	}
	return { status: 'OK', message: `Usable for: ${usable.join(', ')}` };
}

const CREDENTIAL = 'the Supplier Marketplace Webhook API credential';

/** What a delivery lacked for the node's authentication, by the credential field it is compared with. */
export function supplierAuthenticationFailure(
	context: IWebhookFunctions,
	authentication: SupplierWebhookAuthentication,
	credential: SupplierWebhookCredential,
): AuthenticationFailure {
	switch (authentication) {
		case 'headerSecret': {
			const header = (credential.headerName ?? '').trim();
			return secretFailure(readHeader(context.getHeaderData(), header), `${header} header`, `the Secret of ${CREDENTIAL}`, `Set the marketplace's supplier dashboard to send the header ${header} with the Secret saved in the credential.`);
		}
		case 'urlSecret': {
			const value = (context.getQueryData() as IDataObject)[URL_SECRET_PARAMETER];
			return secretFailure(typeof value === 'string' ? value : undefined, `${URL_SECRET_PARAMETER} URL parameter`, `the Secret of ${CREDENTIAL}`, `Paste the node's URL into the dashboard with ?${URL_SECRET_PARAMETER}= and the credential's Secret appended.`);
		}
		case 'basicAuth':
			return basicFailure(readHeader(context.getHeaderData(), 'authorization'), credential.username ?? '', {
				userField: `the Username of ${CREDENTIAL}`,
				passwordField: `the Password of ${CREDENTIAL}`,
				fix: "Enter in the marketplace's supplier dashboard the Username and Password saved in the credential.",
			});
		case 'none':
			return { reason: 'the node accepts every delivery', fix: '' };
	}
}
