import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import type { SupplierWebhookCredential } from '../../../credentials/platforms/supplierMarketplace';
import { missingForAuthentication } from './supplierWebhookAuthentication';

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
