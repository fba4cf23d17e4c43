import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { isOwnOfThisKind, urlOwnerFor } from '../../shared/lifecycle/ownWebhookUrl';
import { registeringInstance, withInstanceTag } from '../../shared/lifecycle/instanceIdentity';
import type { UrlOwner } from '../../shared/lifecycle/ownWebhookUrl';
import type { ShopkitListedWebhook } from '../Shopkit.api';
import { SHOPKIT_SECRET_PARAMETER } from './ShopkitTrigger.state';

/** A webhook at Shopkit that this node registered, with the secret its URL carries. */
export interface OwnShopkitWebhook extends ShopkitListedWebhook {
	owner: UrlOwner;
	secret: string | undefined;
}

/**
 * Shopkit signs nothing, so the only proof that a delivery comes from Shopkit is a secret that only Shopkit
 * knows: 256 random bits in the URL it was given, beside the tag of the n8n instance that registered it.
 */
export function registeredShopkitUrl(context: IHookFunctions, url: string, secret: string): string {
	const registered = new URL(withInstanceTag(url, context));
	registered.searchParams.set(SHOPKIT_SECRET_PARAMETER, secret);
	return registered.toString();
}

export function secretIn(url: string): string | undefined {
	try {
		return new URL(url).searchParams.get(SHOPKIT_SECRET_PARAMETER) ?? undefined;
	} catch {
		return undefined;
	}
}

export function withoutQuery(url: string): string {
	return url.split(/[?#]/)[0];
}

/**
 * The webhooks among `listed` that are this node's, of the kind (production or test) the context serves: sent to
 * its URL (this one or an older one), registered by this n8n instance. One without an instance tag (registered
 * before tags) is this node's at its current URL, or where the node recorded its id; a copy of the workflow in
 * another n8n (same path, another host and tag) never counts one of these as its own.
 */
export function ownShopkitWebhooks(
	context: IHookFunctions | IWebhookFunctions,
	listed: ShopkitListedWebhook[],
	recordedIds: ReadonlySet<number> = new Set(),
): OwnShopkitWebhook[] {
	const ownerOf = urlOwnerFor(context);
	const own: OwnShopkitWebhook[] = [];
	for (const webhook of listed) {
		const owner = ownerOf(webhook.url);
		if (!isOwnOfThisKind(owner)) continue;
		const instance = registeringInstance(webhook.url, context);
		if (instance === 'another') continue;
		if (instance === 'untagged' && owner !== 'current' && !recordedIds.has(webhook.id)) continue;
		own.push({ ...webhook, owner, secret: secretIn(webhook.url) });
	}
	return own;
}
