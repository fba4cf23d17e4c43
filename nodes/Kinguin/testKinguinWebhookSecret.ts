import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

/** Below this a secret can be guessed by anyone who finds the webhook URL. */
const MINIMUM_SECRET_LENGTH = 16;

/**
 * Kinguin offers no endpoint that could confirm a webhook secret, so the credential test checks what
 * a delivery will need: a secret that is set and long enough to keep forged deliveries out.
 */
export async function testKinguinWebhookSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = String(credential.data?.secret ?? '');
	if (secret.length === 0) {
		return { status: 'Error', message: 'Secret Key is empty: enter the key you set in the Kinguin dashboard' };
	}
	if (/^\s|\s$/.test(secret)) {
		return {
			status: 'Error',
			message: 'Secret Key starts or ends with a space: Kinguin sends the key exactly as typed in its dashboard',
		};
	}
	if (secret.length < MINIMUM_SECRET_LENGTH) {
		return {
			status: 'Error',
			message: `Secret Key has ${secret.length} characters: use at least ${MINIMUM_SECRET_LENGTH} random characters, here and in the Kinguin dashboard`,
		};
	}
	return { status: 'OK', message: 'Secret Key is set; deliveries must carry it in X-Event-Secret' };
}
