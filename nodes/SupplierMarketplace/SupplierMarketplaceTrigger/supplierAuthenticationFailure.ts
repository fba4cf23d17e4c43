import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { AuthenticationFailure } from '../../shared/inbound/authenticationFailure';
import { basicFailure, secretFailure } from '../../shared/inbound/authenticationFailure';
import { readHeader } from '../../shared/inbound/headers';
import type { SupplierWebhookCredential } from '../../../credentials/platforms/supplierMarketplace';
import type { SupplierWebhookAuthentication } from './supplierWebhookAuthentication';
import { URL_SECRET_PARAMETER } from './supplierWebhookAuthentication';

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
