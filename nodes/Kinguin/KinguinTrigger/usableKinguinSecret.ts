import type { IHookFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { KINGUIN } from '../../../credentials/platforms/kinguin';
import type { KinguinWebhookCredential } from '../../../credentials/platforms/kinguin';
import { kinguinSecretProblem } from './kinguinSecretProblem';

const WHAT_TO_DO =
	'Open the Kinguin Webhook API credential, enter in Secret Key the key you set in the Kinguin dashboard (My Stores → store → Webhooks), at least 16 random characters and the same in both places, save it and activate the workflow again.';

/** A credential without a secret is a configuration fault, at activation and at a delivery alike. */
function missingKinguinSecret(node: INode): NodeOperationError {
	return new NodeOperationError(node, 'The Kinguin Webhook API credential has no secret key', { description: WHAT_TO_DO });
}

/**
 * The credential's secret, or the configuration error a secret that could be guessed is refused with where it is
 * used, as a missing one is: at activation, and at a delivery should the credential be weakened while the
 * workflow is active.
 */
export function usableKinguinSecret(node: INode, secret: string | undefined): string {
	if (!secret) throw missingKinguinSecret(node);
	const problem = kinguinSecretProblem(secret);
	if (problem) throw new NodeOperationError(node, `The Kinguin Webhook API credential's ${problem}`, { description: WHAT_TO_DO });
	return secret;
}

/** Fails activation at once when the credential's secret is missing or weak, instead of accepting guessable deliveries. */
export async function requireKinguinSecret(context: IHookFunctions): Promise<void> {
	const { secret } = await context.getCredentials<KinguinWebhookCredential>(KINGUIN.credential);
	usableKinguinSecret(context.getNode(), secret);
}
