import { randomBytes } from 'crypto';
import type { IHookFunctions, JsonObject, WorkflowActivateMode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { secretDigest } from '../shared';
import { createShopkitWebhook, deleteShopkitWebhook } from './ShopkitApi';
import { SHOPKIT_SECRET_PARAMETER, shopkitState } from './shopkitState';
import type { ShopkitRegistration } from './shopkitState';

/**
 * Activations after which what the node stored may no longer be true at Shopkit: n8n was down (a webhook may
 * have failed its 5 retries and been suspended, or been removed in the dashboard) or another main took over.
 */
const RESTARTS: WorkflowActivateMode[] = ['init', 'leadershipChange'];

function selectedEvents(context: IHookFunctions): string[] {
	return context.getNodeParameter('events', []) as string[];
}

function currentUrl(context: IHookFunctions): string {
	return context.getNodeWebhookUrl('default') as string;
}

/**
 * Shopkit signs nothing, so the only proof that a delivery comes from Shopkit is a secret that only Shopkit
 * knows: 256 random bits in the URL it was given. The node keeps only their digest.
 */
function withSecret(url: string, secret: string): string {
	const registered = new URL(url);
	registered.searchParams.set(SHOPKIT_SECRET_PARAMETER, secret);
	return registered.toString();
}

function withoutQuery(url: string): string {
	return url.split(/[?#]/)[0];
}

/**
 * Shopkit documents no route that lists webhooks and suspends a webhook after 5 failed retries, so after n8n was
 * down nothing the node stored can be trusted: at every n8n start it registers a new set (README, "Over time").
 * Otherwise its webhooks exist when it stored one per selected event for its current URL, and no other.
 */
export async function shopkitWebhooksExist(this: IHookFunctions): Promise<boolean> {
	if (RESTARTS.includes(this.getActivationMode())) return false;
	const { webhooks } = shopkitState(this);
	if (!Array.isArray(webhooks)) return false;
	const url = currentUrl(this);
	const events = selectedEvents(this);
	return (
		webhooks.length === events.length &&
		webhooks.every((webhook) => webhook.secretDigest && webhook.url === url && events.includes(webhook.event)) &&
		events.every((event) => webhooks.some((webhook) => webhook.event === event))
	);
}

/** A record from a version that kept the secret: its secret becomes a digest and leaves the URL. */
function upgraded(webhook: ShopkitRegistration, legacySecret: string | undefined): ShopkitRegistration {
	if (webhook.secretDigest) return webhook;
	const secret = new URL(webhook.url).searchParams.get(SHOPKIT_SECRET_PARAMETER) || legacySecret;
	return { id: webhook.id, event: webhook.event, url: withoutQuery(webhook.url), secretDigest: secret ? secretDigest(secret) : '' };
}

/** Deletes webhooks at Shopkit; returns those it could not delete, and the first failure. */
async function deleteWebhooks(context: IHookFunctions, webhooks: ShopkitRegistration[]) {
	const remaining: ShopkitRegistration[] = [];
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

/**
 * Registers one webhook per selected event for this node's URL with a new secret, then removes the webhooks it
 * registered before (a stale URL, deselected events, a webhook Shopkit suspended): creating first leaves no moment
 * without a webhook, and a delivery sent twice meanwhile is dropped by the node's memory of deliveries. If a
 * creation fails, the webhooks created here are removed again and the earlier ones kept, before the error is shown.
 * A test listen does the same in its own (empty) state, for the test URL, so it never touches production's webhooks.
 */
export async function registerShopkitWebhooks(this: IHookFunctions): Promise<boolean> {
	const state = shopkitState(this);
	const url = currentUrl(this);
	const secret = randomBytes(32).toString('hex');
	const registeredUrl = withSecret(url, secret);
	const digest = secretDigest(secret);

	const created: ShopkitRegistration[] = [];
	try {
		for (const event of selectedEvents(this)) {
			const webhook = await createShopkitWebhook(this, event, registeredUrl);
			created.push({ id: webhook.id, event, url, secretDigest: digest });
		}
	} catch (error) {
		await Promise.allSettled(created.map((webhook) => deleteShopkitWebhook(this, webhook.id)));
		throw error instanceof NodeApiError ? error : new NodeApiError(this.getNode(), error as JsonObject);
	}

	const previous = (state.webhooks ?? []).map((webhook) => upgraded(webhook, state.secret));
	delete state.secret;
	const { remaining } = await deleteWebhooks(this, previous);
	if (remaining.length > 0) {
		// still registered, so still accepted; the next activation removes them
		this.logger.warn(
			`Shopkit Trigger "${this.getNode().name}": could not remove the earlier webhooks ${remaining.map((webhook) => webhook.id).join(', ')} at Shopkit`,
		);
	}
	state.webhooks = [...created, ...remaining];
	return true;
}

/** Removes every webhook this node registered; those that could not be removed stay recorded for the next try. */
export async function removeShopkitWebhooks(this: IHookFunctions): Promise<boolean> {
	const state = shopkitState(this);
	const { remaining, failure } = await deleteWebhooks(this, state.webhooks ?? []);
	if (failure) {
		state.webhooks = remaining;
		throw failure;
	}
	delete state.webhooks;
	delete state.secret;
	return true;
}

export const shopkitWebhookMethods = {
	checkExists: shopkitWebhooksExist,
	create: registerShopkitWebhooks,
	delete: removeShopkitWebhooks,
};
