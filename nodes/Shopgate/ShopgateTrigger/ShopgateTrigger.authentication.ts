import type { IWebhookFunctions } from 'n8n-workflow';

import type { AuthenticationFailure } from '../../shared/inbound/authenticationFailure';
import { secretFailure, shown } from '../../shared/inbound/authenticationFailure';
import { matchesDigest, secretDigest } from '../../shared/inbound/secrets';
import { fetchShopgateWebhookToken } from '../Shopgate.api';
import { isShopgateToken, shopgateState } from './ShopgateTrigger.state';
import { nodeScope, nodeScopedMap } from '../../shared/memory/nodeMemory';

/** A merchant's token can be rotated at Shopgate; a mismatch may re-read it this often at most. */
const REFETCH_INTERVAL_MS = 60_000;

/** Per node and mode, in this process: a burst of forged deliveries must not turn into a burst of API calls. */
const lastRefetch = nodeScopedMap<number>();
/** Per node and mode, in this process: the digest of the token Shopgate gave when last asked. */
const refetchedDigest = nodeScopedMap<string>();

/**
 * Whether the delivery's `shopgate-token` is the merchant's token. When it differs from the one the node's state
 * knows (or the state knows none yet: a test delivery that came before n8n recorded the test listen's state), the
 * token is read again from Shopgate (at most once a minute per node) in case it was rotated, and kept in this
 * process. It is never written to the state: only the webhook methods write registration state, as n8n saves a
 * delivery's copy of the static data whole, over what other processes or a registration saved meanwhile.
 */
export async function shopgateTokenMatches(context: IWebhookFunctions, received: string | undefined): Promise<boolean> {
	const state = shopgateState(context);
	if (isShopgateToken(state, received)) return true;
	if (received === undefined) return false;

	const scope = nodeScope(context);
	const known = refetchedDigest.get(scope);
	if (known !== undefined && matchesDigest([known], received)) return true;
	const now = Date.now();
	if (now - (lastRefetch.get(scope) ?? 0) < REFETCH_INTERVAL_MS) return false;
	lastRefetch.set(scope, now);
	let current: string;
	try {
		current = await fetchShopgateWebhookToken(context, true);
	} catch (error) {
		// Shopgate's API being unreachable must not turn a refused delivery into a 500 for the sender.
		context.logger.warn(`Shopgate Trigger: could not re-read the merchant's webhook token: ${(error as Error).message}`);
		return false;
	}
	const digest = secretDigest(current);
	refetchedDigest.set(scope, digest);
	return matchesDigest([digest], received);
}

export function shopgateAddressFailure(address: string, expected: string): AuthenticationFailure {
	return {
		reason: `it comes from ${shown(address)}, not from Shopgate's address ${expected} for the credential's environment`,
		fix: "Behind a reverse proxy, set N8N_PROXY_HOPS so that n8n sees the sender's address, or turn off Only Accept Shopgate's IPs.",
	};
}

export function shopgateTokenFailure(received: string | undefined): AuthenticationFailure {
	return secretFailure(
		received,
		'shopgate-token header',
		"the merchant's webhook token (read again from Shopgate)",
		"Shopgate's webhook service sends the merchant's token with every delivery: this one came from elsewhere, or from another merchant. Check the Merchant Code and Environment of the Shopgate API credential.",
	);
}
