import type { IHookFunctions } from 'n8n-workflow';

import { KINGUIN } from '../../credentials/platforms/kinguin';
import type { KinguinWebhookCredential } from '../../credentials/platforms/kinguin';
import { forgetServedUrl, rememberServedUrl, servedUrlIsCurrent } from '../shared';
import { missingKinguinSecret } from './missingKinguinSecret';

/**
 * Kinguin has no webhook API: the user pastes the URL into the dashboard. Activation still checks what
 * can be checked here, so that a credential without a secret fails at once instead of answering every
 * delivery with 401.
 */
export async function kinguinWebhookExists(this: IHookFunctions): Promise<boolean> {
	return servedUrlIsCurrent(this);
}

export async function activateKinguinWebhook(this: IHookFunctions): Promise<boolean> {
	const { secret } = await this.getCredentials<KinguinWebhookCredential>(KINGUIN.credential);
	if (!secret) {
		throw missingKinguinSecret(this.getNode());
	}
	rememberServedUrl(this);
	return true;
}

export async function deactivateKinguinWebhook(this: IHookFunctions): Promise<boolean> {
	forgetServedUrl(this);
	return true;
}
