import type { AuthenticationFailure } from '../../shared/inbound/authenticationFailure';
import { secretFailure } from '../../shared/inbound/authenticationFailure';

export function kinguinSecretFailure(received: string | undefined): AuthenticationFailure {
	return secretFailure(
		received,
		'X-Event-Secret header',
		'the Secret Key of the Kinguin Webhook API credential',
		'Enter in the Kinguin dashboard (My Stores → your store → Webhooks) exactly the secret key saved in the credential, then send the test again.',
	);
}
