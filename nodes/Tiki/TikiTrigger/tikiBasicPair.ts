import { createHash, createHmac } from 'crypto';
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TIKI } from '../../../credentials/platforms/tiki';
import type { TikiCredential } from '../../../credentials/platforms/tiki';

export interface TikiBasicPair {
	id: string;
	secret: string;
}

/** Fixed label of the derivation; changing it would change every derived secret. */
const DERIVATION_LABEL = 'n8n-nodes-marketplace-webhooks/tiki-webhook-basic/v1';

/**
 * The Basic pair Tiki sends with every delivery. Tiki keeps one pair per seller, not per webhook, so a
 * random pair per node would lock out every other Tiki Trigger of the seller: the pair is derived from the
 * credential instead (id from the client id, secret a keyed HMAC of the client secret), unless set in it.
 */
export async function tikiBasicPair(context: IHookFunctions | IWebhookFunctions): Promise<TikiBasicPair> {
	const credential = await context.getCredentials<TikiCredential>(TIKI.credential);
	const id = credential.webhookId || (credential.clientId && `n8n-${createHash('sha256').update(credential.clientId).digest('hex').slice(0, 16)}`);
	const secret =
		credential.webhookSecret ||
		(credential.clientSecret && createHmac('sha256', credential.clientSecret).update(DERIVATION_LABEL).digest('hex'));
	if (!id || !secret) {
		throw new NodeOperationError(context.getNode(), 'The Tiki OAuth2 API credential has no Client ID or Client Secret', {
			description: 'Enter the Client ID and Client Secret of your Tiki app in the credential, or set the Webhook Basic ID and Secret.',
		});
	}
	return { id, secret };
}
