import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { Unregistered } from '../../shared/inbound/registering';
import { matchesDigest, secretsMatch } from '../../shared/inbound/secrets';
import { nodeState } from '../../shared/memory/nodeState';

/** The query parameter of the registered URL that carries the secret. */
export const SHOPKIT_SECRET_PARAMETER = 'secret';

/**
 * Shopkit retries a failed delivery 5 times an hour apart: a delivery made to a webhook may still come ~5 hours
 * after it, with the secret of that webhook's URL.
 */
export const SHOPKIT_RETRY_HORIZON_MS = 6 * 60 * 60 * 1000;

/** One webhook registered at Shopkit. */
export interface ShopkitRegistration extends IDataObject {
	id: number;
	event: string;
	/** The URL registered, without its secret. */
	url: string;
	/** The SHA-256 of the secret in the registered URL (secretDigest). */
	secretDigest: string;
}

/** The secret of a webhook the node removed, accepted until Shopkit can no longer retry deliveries made to it. */
export interface RetiredShopkitSecret extends IDataObject {
	secretDigest: string;
	/** Epoch ms. */
	until: number;
}

/**
 * What activation leaves between create() and webhook(), in the node's state. Only the webhook methods write it;
 * a delivery's copy may be older (n8n saves a request's copy whole), so a delivery whose secret is not here asks
 * Shopkit (ShopkitTrigger.authentication.ts).
 */
export interface ShopkitState extends IDataObject {
	webhooks?: ShopkitRegistration[];
	retired?: RetiredShopkitSecret[];
	/**
	 * The secret itself, as versions before digests kept it (their webhooks' `url` carried it too). Accepted
	 * until the next registration, which records the digest of what its webhooks carry and removes it.
	 */
	secret?: string;
}

export function shopkitState(context: IHookFunctions | IWebhookFunctions): ShopkitState {
	return nodeState<ShopkitState>(context);
}

/** What n8n's log says of a request that comes before activation left a secret (registering.ts). */
export const SHOPKIT_UNREGISTERED: Unregistered = {
	lacks: 'webhook secret',
	guidance:
		'The secret is created when the workflow is activated: if no activation is under way, deactivate the workflow and activate it again so the node registers its webhooks with Shopkit.',
};

/** Whether activation left anything a delivery could be authenticated with. */
export function hasShopkitSecret(state: ShopkitState): boolean {
	return Boolean(state.secret) || (state.webhooks ?? []).some((webhook) => Boolean(webhook.secretDigest));
}

/** Whether `received` is the secret of one of the node's webhooks, or of one removed too recently to be forgotten; constant-time. */
export function isShopkitSecret(state: ShopkitState, received: string | undefined, now = Date.now()): boolean {
	const current = (state.webhooks ?? []).map((webhook) => webhook.secretDigest);
	const retired = (state.retired ?? []).filter((secret) => secret.until > now).map((secret) => secret.secretDigest);
	const digests = [...new Set([...current, ...retired].filter(Boolean))];
	const recorded = matchesDigest(digests, received);
	return state.secret ? secretsMatch(state.secret, received) || recorded : recorded;
}
