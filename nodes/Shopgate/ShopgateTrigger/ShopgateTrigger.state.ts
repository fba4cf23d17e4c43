import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { Unregistered } from '../../shared/inbound/registering';
import { matchesDigest, secretsMatch } from '../../shared/inbound/secrets';
import { nodeState } from '../../shared/memory/nodeState';

/** What activation leaves between create() and webhook(), in the node's state. */
export interface ShopgateState extends IDataObject {
	webhookId?: string;
	/** The code the webhook was created with (shopgateWebhookCode), so that delete finds it without its id. */
	code?: string;
	/** The SHA-256 of the merchant's webhook token (secretDigest), which every delivery carries. */
	tokenDigest?: string;
	/**
	 * The token itself, as versions before digests kept it. Accepted until the next registration or token
	 * re-read, which replace it by its digest.
	 */
	webhookToken?: string;
}

export function shopgateState(context: IHookFunctions | IWebhookFunctions): ShopgateState {
	return nodeState<ShopgateState>(context);
}

/** What n8n's log says of a request that comes before activation read the token (registering.ts). */
export const SHOPGATE_UNREGISTERED: Unregistered = {
	lacks: 'webhook token',
	guidance: 'The token is fetched from Shopgate when the workflow is activated: if no activation is under way, deactivate the workflow and activate it again.',
};

/** Whether activation left anything a delivery's token could be checked against. */
export function hasShopgateToken(state: ShopgateState): boolean {
	return Boolean(state.tokenDigest || state.webhookToken);
}

/** Whether `received` is the merchant token the node knows; constant-time. */
export function isShopgateToken(state: ShopgateState, received: string | undefined): boolean {
	if (state.tokenDigest) return matchesDigest([state.tokenDigest], received);
	return secretsMatch(state.webhookToken ?? '', received);
}
