/** Below this a secret can be guessed by anyone who finds the webhook URL. */
export const MINIMUM_SECRET_LENGTH = 16;

/**
 * What is wrong with a Kinguin secret key, in words that say what to do, or undefined when it can keep forged
 * deliveries out. One rule for the credential test, activation and every delivery.
 */
export function kinguinSecretProblem(secret: string): string | undefined {
	if (secret.length === 0) return 'Secret Key is empty: enter the key you set in the Kinguin dashboard';
	if (/^\s|\s$/.test(secret)) {
		return 'Secret Key starts or ends with a space: Kinguin sends the key exactly as typed in its dashboard';
	}
	if (secret.length < MINIMUM_SECRET_LENGTH) {
		return `Secret Key has ${secret.length} character${secret.length === 1 ? '' : 's'}: use at least ${MINIMUM_SECRET_LENGTH} random characters, here and in the Kinguin dashboard`;
	}
	return undefined;
}
