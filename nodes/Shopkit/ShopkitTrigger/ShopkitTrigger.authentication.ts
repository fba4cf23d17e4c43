import type { IWebhookFunctions } from 'n8n-workflow';

import type { AuthenticationFailure } from '../../shared/inbound/authenticationFailure';
import { secretFailure, shown } from '../../shared/inbound/authenticationFailure';
import { matchesDigest, secretDigest } from '../../shared/inbound/secrets';
import { listShopkitWebhooks } from '../Shopkit.api';
import { isShopkitSecret, SHOPKIT_RETRY_HORIZON_MS, shopkitState } from './ShopkitTrigger.state';
import { ownShopkitWebhooks } from './ShopkitTrigger.lifecycle';
import { nodeScope, nodeScopedMap } from '../../shared/memory/nodeMemory';

/** A secret the node does not know may make it ask Shopkit this often at most, per node. */
const RECHECK_INTERVAL_MS = 60_000;

/** Per node and mode, in this process: when Shopkit was last asked. */
const lastRecheck = nodeScopedMap<number>();
/** Per node and mode, in this process: digests of secrets Shopkit's webhooks of this node carried, and when they were last seen. */
const confirmed = nodeScopedMap<Map<string, number>>();

/**
 * Whether the delivery's URL secret is one that a webhook of this node carries. The node's state says which,
 * but a delivery's copy of it may be older than the last registration (n8n saves a request's static data whole,
 * so a delivery answered while n8n re-registered writes its older copy back). So a secret the state does not
 * know is looked up at Shopkit (at most once a minute per node): one that a webhook of this node carries is
 * accepted, and stays accepted in this process until 6 hours after Shopkit last listed it. Nothing
 * is written to the state.
 */
export async function shopkitSecretMatches(context: IWebhookFunctions, received: string | undefined): Promise<boolean> {
	const now = Date.now();
	if (isShopkitSecret(shopkitState(context), received, now)) return true;
	if (received === undefined) return false;

	const scope = nodeScope(context);
	const seen = confirmed.get(scope) ?? new Map<string, number>();
	const seenAt = seen.get(secretDigest(received));
	if (seenAt !== undefined && now - seenAt < SHOPKIT_RETRY_HORIZON_MS) return true;
	if (now - (lastRecheck.get(scope) ?? 0) < RECHECK_INTERVAL_MS) return false;
	lastRecheck.set(scope, now);

	let carried: string[];
	try {
		const own = ownShopkitWebhooks(context, await listShopkitWebhooks(context, true));
		carried = own.map((webhook) => webhook.secret).filter((secret): secret is string => Boolean(secret));
	} catch (error) {
		// Shopkit's API being unreachable must not turn a refused delivery into a 500 for the sender.
		context.logger.warn(`Shopkit Trigger: could not ask Shopkit which secrets its webhooks carry: ${(error as Error).message}`);
		return false;
	}
	for (const secret of carried) seen.set(secretDigest(secret), now);
	confirmed.set(scope, seen);
	return matchesDigest(carried.map(secretDigest), received);
}

export function shopkitUrlSecretFailure(received: string | undefined): AuthenticationFailure {
	return secretFailure(
		received,
		'secret URL parameter',
		'the secret this node registered with Shopkit',
		'Only the webhooks this node registers with Shopkit carry it: do not paste the node’s URL into the Shopkit dashboard by hand. To test, make the event happen in your store (create, pay or update an order) while the node listens.',
	);
}

export function shopkitUserAgentFailure(userAgent: string | undefined): AuthenticationFailure {
	return {
		reason: `its User-Agent header is ${shown(userAgent)}, not "Shopkit-Webhook"`,
		fix: 'Shopkit sends User-Agent: Shopkit-Webhook. If a proxy in front of n8n rewrites it, turn off the node’s Check User-Agent option.',
	};
}
