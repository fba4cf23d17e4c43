import { createHash, createHmac } from 'crypto';
import type { IHookFunctions, INode, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AuthenticationFailure } from '../../shared/inbound/authenticationFailure';
import { basicFailure } from '../../shared/inbound/authenticationFailure';
import { matchesDigest, secretDigest } from '../../shared/inbound/secrets';
import { recentCredentials } from '../../shared/inbound/recentCredentials';
import { TIKI } from '../../../credentials/platforms/tiki';
import type { TikiCredential } from '../../../credentials/platforms/tiki';

export interface TikiBasicPair {
	id: string;
	secret: string;
}

/** Fixed label of the derivation; changing it would change every derived secret. */
const DERIVATION_LABEL = 'n8n-nodes-marketplace-webhooks/tiki-webhook-basic/v1';

/** Pairs derived per decrypted credential object: recentCredentials hands out the same one for a while. */
const derived = new WeakMap<TikiCredential, TikiBasicPair>();

/**
 * The Basic pair Tiki sends with every delivery. Tiki keeps one pair per seller, not per webhook, so a random
 * pair per node would lock out every other Tiki Trigger of the seller: the pair is derived from the credential
 * instead (id from the client id, secret a keyed HMAC of the client secret), unless set in it. Every trigger of
 * one credential therefore grants and accepts the same pair, and a new client secret gives a new pair.
 */
function pairOf(credential: TikiCredential, node: INode): TikiBasicPair {
	const known = derived.get(credential);
	if (known) return known;
	const id = credential.webhookId || (credential.clientId && `n8n-${createHash('sha256').update(credential.clientId).digest('hex').slice(0, 16)}`);
	const secret =
		credential.webhookSecret ||
		(credential.clientSecret && createHmac('sha256', credential.clientSecret).update(DERIVATION_LABEL).digest('hex'));
	if (!id || !secret) {
		throw new NodeOperationError(node, 'The Tiki OAuth2 API credential has no Client ID or Client Secret', {
			description: 'Enter the Client ID and Client Secret of your Tiki app in the credential, or set the Webhook Basic ID and Secret.',
		});
	}
	const pair = { id, secret };
	derived.set(credential, pair);
	return pair;
}

/** The pair the node's credential gives now, for activation. */
export async function tikiBasicPair(context: IHookFunctions): Promise<TikiBasicPair> {
	return pairOf(await context.getCredentials<TikiCredential>(TIKI.credential), context.getNode());
}

/**
 * The pair a delivery must carry: the one the credential gives now, read through recentCredentials (`refresh`
 * reads a credential changed within the reuse window).
 */
export async function currentTikiBasicPair(context: IWebhookFunctions, refresh = false): Promise<TikiBasicPair> {
	return pairOf(await recentCredentials<TikiCredential>(context, TIKI.credential, { refresh }), context.getNode());
}

/** What the node keeps of a granted pair: its digest. */
export function tikiGrantDigest(pair: TikiBasicPair): string {
	return secretDigest(`${pair.id}:${pair.secret}`);
}

/** Whether `pair` is the one whose digest was kept at the grant; constant-time. */
export function isGrantedPair(grantDigest: string, pair: TikiBasicPair): boolean {
	return matchesDigest([grantDigest], `${pair.id}:${pair.secret}`);
}

export function tikiBasicFailure(authorization: string | undefined, grant: TikiBasicPair): AuthenticationFailure {
	return basicFailure(authorization, grant.id, {
		userField: 'the Basic ID the Tiki OAuth2 API credential gives',
		passwordField: 'the Basic secret the Tiki OAuth2 API credential gives',
		fix: 'Tiki sends the one Basic pair last granted for the seller; every Tiki Trigger of one credential grants the same pair, derived from it. If a Tiki Trigger with another credential (or another Webhook Basic ID / Secret) granted its pair since, listen again or re-activate this workflow so that its pair is granted; check that no proxy removes the Authorization header.',
	});
}
