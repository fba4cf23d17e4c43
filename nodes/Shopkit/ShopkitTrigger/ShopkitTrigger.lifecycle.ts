import { randomBytes } from 'crypto';
import type { IHookFunctions, IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { guardedLifecycle } from '../../shared/lifecycle/registrationOutage';
import { isOwnOfThisKind, urlOwnerFor } from '../../shared/lifecycle/ownWebhookUrl';
import { registeringInstance, withInstanceTag } from '../../shared/lifecycle/instanceIdentity';
import type { UrlOwner } from '../../shared/lifecycle/ownWebhookUrl';
import { secretDigest } from '../../shared/inbound/secrets';
import { createShopkitWebhook, deleteShopkitWebhook, listShopkitWebhooks } from '../Shopkit.api';
import type { ShopkitListedWebhook } from '../Shopkit.api';
import { SHOPKIT_RETRY_HORIZON_MS, SHOPKIT_SECRET_PARAMETER, shopkitState } from './ShopkitTrigger.state';
import type { RetiredShopkitSecret, ShopkitRegistration, ShopkitState } from './ShopkitTrigger.state';

/** A webhook at Shopkit that this node registered, with the secret its URL carries. */
export interface OwnShopkitWebhook extends ShopkitListedWebhook {
	owner: UrlOwner;
	secret: string | undefined;
}

/**
 * Shopkit signs deliveries only for stores with an app (shopkitSignature.ts), so the proof every store has that
 * a delivery comes from Shopkit is a secret that only Shopkit knows: 256 random bits in the URL it was given,
 * beside the tag of the n8n instance that registered it.
 */
export function registeredShopkitUrl(context: IHookFunctions, url: string, secret: string): string {
	const registered = new URL(withInstanceTag(url, context));
	registered.searchParams.set(SHOPKIT_SECRET_PARAMETER, secret);
	return registered.toString();
}

function secretIn(url: string): string | undefined {
	try {
		return new URL(url).searchParams.get(SHOPKIT_SECRET_PARAMETER) ?? undefined;
	} catch {
		return undefined;
	}
}

function withoutQuery(url: string): string {
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

function selectedEvents(context: IHookFunctions): string[] {
	return context.getNodeParameter('events', []) as string[];
}

function currentUrl(context: IHookFunctions): string {
	return context.getNodeWebhookUrl('default') as string;
}

/** What Shopkit has of this node's: per selected event the webhook that works, the events without one, and the rest. */
interface Survey {
	working: OwnShopkitWebhook[];
	missing: string[];
	/** Suspended, without a secret, for an event no longer selected, at an older URL, or a second one for an event. */
	stale: OwnShopkitWebhook[];
}

/** Asks Shopkit (`GET /webhook`) which of its webhooks are this node's, and which of those work. */
async function surveyShopkit(context: IHookFunctions, state: ShopkitState): Promise<Survey> {
	const recordedIds = new Set((state.webhooks ?? []).map((webhook) => webhook.id));
	const own = ownShopkitWebhooks(context, await listShopkitWebhooks(context), recordedIds);
	const events = selectedEvents(context);
	const working = new Map<string, OwnShopkitWebhook>();
	for (const webhook of own) {
		const works = webhook.owner === 'current' && webhook.active && Boolean(webhook.secret) && events.includes(webhook.event);
		if (works && !working.has(webhook.event)) working.set(webhook.event, webhook);
	}
	return {
		working: [...working.values()],
		missing: events.filter((event) => !working.has(event)),
		stale: own.filter((webhook) => working.get(webhook.event) !== webhook),
	};
}

function recordOf(webhook: { id: number; event: string; url: string }, secret: string | undefined): ShopkitRegistration {
	return { id: webhook.id, event: webhook.event, url: withoutQuery(webhook.url), secretDigest: secret ? secretDigest(secret) : '' };
}

/**
 * Exists when Shopkit has, for every selected event, an active webhook of this node at its current URL with a
 * secret, and nothing else of this node's. Asked at every n8n start and activation: a webhook removed or suspended
 * at Shopkit, a changed WEBHOOK_URL or a changed selection makes create() repair what is wrong; a start changes
 * nothing that works, so deliveries Shopkit retries after n8n was down still find their webhook and secret. What
 * Shopkit has is recorded, so the node's state follows Shopkit rather than an older copy.
 */
export async function shopkitWebhooksExist(this: IHookFunctions): Promise<boolean> {
	const state = shopkitState(this);
	const { working, missing, stale } = await surveyShopkit(this, state);
	if (missing.length > 0 || stale.length > 0) return false;
	state.webhooks = working.map((webhook) => recordOf(webhook, webhook.secret));
	delete state.secret;
	return true;
}

/** Deletes webhooks at Shopkit; returns those it could not delete, and the first failure. */
async function deleteWebhooks(context: IHookFunctions, webhooks: OwnShopkitWebhook[]) {
	const remaining: OwnShopkitWebhook[] = [];
	let failure: unknown;
	for (const webhook of webhooks) {
		try {
			await deleteShopkitWebhook(context, webhook.id);
		} catch (error) {
			remaining.push(webhook);
			failure ??= error;
		}
	}
	return { remaining, failure };
}

/** Secrets of removed webhooks that no remaining one carries: accepted while Shopkit may still retry with them. */
function retiredSecrets(state: ShopkitState, removed: OwnShopkitWebhook[], carried: Set<string | undefined>, now: number): RetiredShopkitSecret[] {
	const until = new Map((state.retired ?? []).filter((entry) => entry.until > now).map((entry) => [entry.secretDigest, entry.until]));
	for (const { secret } of removed) {
		if (secret && !carried.has(secret)) until.set(secretDigest(secret), now + SHOPKIT_RETRY_HORIZON_MS);
	}
	return Array.from(until, ([digest, time]) => ({ secretDigest: digest, until: time }));
}

/**
 * Repairs this node's webhooks at Shopkit and keeps every one that works. For each selected event without a
 * working webhook it registers one for the current URL, with the secret its webhooks carry (a new secret only
 * when none carries one), so neither a repair nor a move to a new WEBHOOK_URL changes the secret of a delivery
 * Shopkit is retrying. Suspended
 * webhooks at the current URL are removed first (they deliver nothing, and Shopkit refuses a second identical
 * webhook); the rest of what is stale (other URLs, deselected events, duplicates) only after the new ones exist,
 * so there is no moment without a webhook. If a creation fails, the webhooks created here are removed again
 * before the error is shown. A test listen does the same for the test URL, so it never touches production's.
 */
export async function registerShopkitWebhooks(this: IHookFunctions): Promise<boolean> {
	const state = shopkitState(this);
	const { working, missing, stale } = await surveyShopkit(this, state);
	// the secret Shopkit's retries carry: of a working webhook, else of one at an older URL or suspended
	const secret = [...working, ...stale].find((webhook) => webhook.secret)?.secret ?? randomBytes(32).toString('hex');
	const url = registeredShopkitUrl(this, currentUrl(this), secret);

	const suspendedHere = stale.filter((webhook) => webhook.owner === 'current' && missing.includes(webhook.event));
	const { failure: blocked } = await deleteWebhooks(this, suspendedHere);
	if (blocked) throw blocked;
	const created: Array<{ id: number; event: string; url: string }> = [];
	try {
		for (const event of missing) created.push(await createShopkitWebhook(this, event, url));
	} catch (error) {
		await Promise.allSettled(created.map((webhook) => deleteShopkitWebhook(this, webhook.id)));
		throw error instanceof NodeApiError ? error : new NodeApiError(this.getNode(), error as JsonObject);
	}

	const { remaining } = await deleteWebhooks(this, stale.filter((webhook) => !suspendedHere.includes(webhook)));
	if (remaining.length > 0) {
		// still registered, so still accepted; the next activation removes them
		this.logger.warn(
			`Shopkit Trigger "${this.getNode().name}": could not remove the earlier webhooks ${remaining.map((webhook) => webhook.id).join(', ')} at Shopkit`,
		);
	}
	const removed = stale.filter((webhook) => !remaining.includes(webhook));
	const kept = [...working, ...remaining];
	state.retired = retiredSecrets(state, removed, new Set([secret, ...kept.map((webhook) => webhook.secret)]), Date.now());
	if (state.retired.length === 0) delete state.retired;
	state.webhooks = [...kept.map((webhook) => recordOf(webhook, webhook.secret)), ...created.map((webhook) => recordOf(webhook, secret))];
	delete state.secret;
	return true;
}

/**
 * Removes every webhook of this node (of the kind the context serves) that Shopkit has, whatever an older copy
 * of the node's state recorded; those that could not be removed stay recorded for the next try.
 */
export async function removeShopkitWebhooks(this: IHookFunctions): Promise<boolean> {
	const state = shopkitState(this);
	const recordedIds = new Set((state.webhooks ?? []).map((webhook) => webhook.id));
	const own = ownShopkitWebhooks(this, await listShopkitWebhooks(this), recordedIds);
	const { remaining, failure } = await deleteWebhooks(this, own);
	if (failure) {
		state.webhooks = remaining.map((webhook) => recordOf(webhook, webhook.secret));
		throw failure;
	}
	delete state.webhooks;
	delete state.retired;
	delete state.secret;
	return true;
}

/** Whether the node recorded webhooks for its current URL: at a start they are kept when Shopkit cannot be asked. */
function recordsCurrentUrl(context: IHookFunctions): boolean {
	const url = withoutQuery(currentUrl(context));
	return (shopkitState(context).webhooks ?? []).some((webhook) => webhook.url === url && webhook.secretDigest);
}

export const shopkitWebhookMethods = guardedLifecycle(
	{ checkExists: shopkitWebhooksExist, create: registerShopkitWebhooks, delete: removeShopkitWebhooks },
	recordsCurrentUrl,
);
