import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { SHOPKIT } from '../../../credentials/platforms/shopkit';
import type { ShopkitCredential } from '../../../credentials/platforms/shopkit';
import type { AuthenticationFailure } from '../../shared/inbound/authenticationFailure';
import { refuseUnauthenticated, secretFailure } from '../../shared/inbound/authenticationFailure';
import type { WebhookRequestBody } from '../../shared/inbound/body';
import { readBodyBytes } from '../../shared/inbound/body';
import { readHeader } from '../../shared/inbound/headers';
import { recentCredentials } from '../../shared/inbound/recentCredentials';
import { rejectBadRequest } from '../../shared/inbound/responses';
import { hmacSha256HexMatches } from '../../shared/inbound/secrets';

async function appClientSecret(context: IWebhookFunctions, refresh: boolean): Promise<string> {
	const credential = await recentCredentials<ShopkitCredential>(context, SHOPKIT.credential, { refresh });
	return typeof credential.appClientSecret === 'string' ? credential.appClientSecret : '';
}

export function shopkitSignatureFailure(received: string | undefined): AuthenticationFailure {
	return secretFailure(
		received,
		'X-Webhook-Signature header',
		'the HMAC-SHA256 of its body keyed with the App Client Secret of the Shopkit API credential',
		'Shopkit signs each delivery with the client secret of the store’s Shopkit app. Copy that secret into the credential’s App Client Secret, or empty that field if the store has no app (the URL secret then authenticates deliveries alone).',
	);
}

/**
 * The answer to a delivery whose signature does not hold, when the credential has an App Client Secret: its
 * `X-Webhook-Signature` must be the hex HMAC-SHA256 of the raw body keyed with it (Shopkit's
 * `hash_hmac('sha256', payload, client_secret)`). Undefined when it holds, or when no secret is set. Before
 * refusing, the credential is read again (at most once a second), so a secret changed a moment ago applies.
 */
export async function shopkitSignatureRefusal(context: IWebhookFunctions): Promise<IWebhookResponseData | undefined> {
	let secret = await appClientSecret(context, false);
	if (!secret) return undefined;
	const bytes = await readBodyBytes(context.getRequestObject() as WebhookRequestBody);
	if (!bytes.ok) return rejectBadRequest(context, bytes.reason, 413);
	const raw = bytes.raw ?? Buffer.alloc(0);
	const received = readHeader(context.getHeaderData(), 'x-webhook-signature');
	if (hmacSha256HexMatches(secret, raw, received)) return undefined;
	secret = await appClientSecret(context, true);
	if (!secret || hmacSha256HexMatches(secret, raw, received)) return undefined;
	return refuseUnauthenticated(context, () => shopkitSignatureFailure(received));
}
