import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { matchesDigest, nodeState, secretsMatch } from '../shared';

/** The query parameter of the registered URL that carries the secret. */
export const SHOPKIT_SECRET_PARAMETER = 'secret';

/** One webhook registered at Shopkit. */
export interface ShopkitRegistration extends IDataObject {
	id: number;
	event: string;
	/** The URL registered, without its secret. */
	url: string;
	/** The SHA-256 of the secret in the registered URL (secretDigest). */
	secretDigest: string;
}

/** What activation leaves between create() and webhook(), in the node's state. */
export interface ShopkitState extends IDataObject {
	webhooks?: ShopkitRegistration[];
	/**
	 * The secret itself, as versions before digests kept it (their webhooks' `url` carried it too). Accepted
	 * until the next registration, which replaces those webhooks and removes it.
	 */
	secret?: string;
}

export function shopkitState(context: IHookFunctions | IWebhookFunctions): ShopkitState {
	return nodeState<ShopkitState>(context);
}

/** Whether activation left anything a delivery could be authenticated with. */
export function hasShopkitSecret(state: ShopkitState): boolean {
	return Boolean(state.secret) || (state.webhooks ?? []).some((webhook) => Boolean(webhook.secretDigest));
}

/** Whether `received` is the secret of one of the node's registered webhooks; constant-time. */
export function isShopkitSecret(state: ShopkitState, received: string | undefined): boolean {
	const digests = [...new Set((state.webhooks ?? []).map((webhook) => webhook.secretDigest).filter(Boolean))];
	const current = matchesDigest(digests, received);
	return state.secret ? secretsMatch(state.secret, received) || current : current;
}
