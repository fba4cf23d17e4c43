import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { kinguinSecretProblem } from './kinguinSecretProblem';

/**
 * Kinguin offers no endpoint that could confirm a webhook secret, so the credential test checks what
 * a delivery will need: a secret that is set and long enough to keep forged deliveries out.
 */
export async function testKinguinWebhookSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problem = kinguinSecretProblem(String(credential.data?.secret ?? ''));
	if (problem) return { status: 'Error', message: problem };
	return { status: 'OK', message: 'Secret Key is set; deliveries must carry it in X-Event-Secret' };
}
