import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forgetServedUrl, rememberServedUrl, servedUrlIsCurrent } from '../shared';

/**
 * Kinguin has no webhook API: the user pastes the URL into the dashboard. Activation still checks what
 * can be checked here, so that a credential without a secret fails at once instead of answering every
 * delivery with 401.
 */
export async function kinguinWebhookExists(this: IHookFunctions): Promise<boolean> {
	return servedUrlIsCurrent(this);
}

export async function activateKinguinWebhook(this: IHookFunctions): Promise<boolean> {
	const { secret } = await this.getCredentials<{ secret?: string }>('kinguinWebhookApi');
	if (!secret) {
		throw new NodeOperationError(this.getNode(), 'The Kinguin Webhook credential has no secret key', {
			description:
				'Open the credential, enter the secret key you set in the Kinguin dashboard (My Stores → store → Webhooks) and activate the workflow again.',
		});
	}
	rememberServedUrl(this);
	return true;
}

export async function deactivateKinguinWebhook(this: IHookFunctions): Promise<boolean> {
	forgetServedUrl(this);
	return true;
}
