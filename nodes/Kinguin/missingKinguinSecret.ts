import type { IHookFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { KINGUIN } from '../../credentials/platforms/kinguin';
import type { KinguinWebhookCredential } from '../../credentials/platforms/kinguin';

/** A credential without a secret is a configuration fault, at activation and at a delivery alike. */
export function missingKinguinSecret(node: INode): NodeOperationError {
	return new NodeOperationError(node, 'The Kinguin Webhook API credential has no secret key', {
		description:
			'Open the credential, enter the secret key you set in the Kinguin dashboard (My Stores → store → Webhooks), save it and activate the workflow again.',
	});
}

/** Fails activation at once when the credential has no secret, instead of answering every delivery with 401. */
export async function requireKinguinSecret(context: IHookFunctions): Promise<void> {
	const { secret } = await context.getCredentials<KinguinWebhookCredential>(KINGUIN.credential);
	if (!secret) throw missingKinguinSecret(context.getNode());
}
