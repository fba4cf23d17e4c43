import { randomBytes } from 'crypto';
import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { createShopkitWebhook, deleteShopkitWebhook } from './ShopkitApi';
import type { ShopkitWebhookRecord } from './ShopkitApi';

/** What activation leaves in the node's static data. */
interface ShopkitWebhookState extends IDataObject {
	secret?: string;
	webhooks?: ShopkitWebhookRecord[];
}

/** The query parameter of the registered URL that carries the secret. */
export const SHOPKIT_SECRET_PARAMETER = 'secret';

function stateOf(context: IHookFunctions): ShopkitWebhookState {
	return context.getWorkflowStaticData('node') as ShopkitWebhookState;
}

function selectedEvents(context: IHookFunctions): string[] {
	return context.getNodeParameter('events', []) as string[];
}

/**
 * Shopkit signs nothing, so the only proof that a delivery comes from Shopkit is a secret that only
 * Shopkit knows: 256 random bits in the URL it was given.
 */
function registeredUrl(context: IHookFunctions, secret: string): string {
	const url = new URL(context.getNodeWebhookUrl('default') as string);
	url.searchParams.set(SHOPKIT_SECRET_PARAMETER, secret);
	return url.toString();
}

/**
 * Shopkit documents no route that lists webhooks, so what exists is what activation stored: one webhook
 * per selected event, each for this node's URL, and no other.
 */
export async function shopkitWebhooksExist(this: IHookFunctions): Promise<boolean> {
	const { secret, webhooks } = stateOf(this);
	if (!secret || !Array.isArray(webhooks)) return false;
	const url = registeredUrl(this, secret);
	const events = selectedEvents(this);
	return (
		webhooks.length === events.length &&
		events.every((event) => webhooks.some((webhook) => webhook.event === event && webhook.url === url))
	);
}

/**
 * Makes Shopkit hold exactly one webhook per selected event for this node's URL: keeps those already
 * registered, removes those for events no longer selected (or an old URL), creates the missing ones.
 * If a creation fails, the webhooks created in this activation are removed again before the error is shown.
 */
export async function registerShopkitWebhooks(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	const secret = state.secret ?? randomBytes(32).toString('hex');
	const url = registeredUrl(this, secret);
	const events = selectedEvents(this);

	const kept: ShopkitWebhookRecord[] = [];
	const stale: ShopkitWebhookRecord[] = [];
	for (const webhook of state.webhooks ?? []) {
		const wanted = events.includes(webhook.event) && webhook.url === url;
		const duplicate = kept.some((keptWebhook) => keptWebhook.event === webhook.event);
		(wanted && !duplicate ? kept : stale).push(webhook);
	}
	for (const webhook of stale) await deleteShopkitWebhook(this, webhook.id);
	state.webhooks = kept;

	const created: ShopkitWebhookRecord[] = [];
	try {
		for (const event of events) {
			if (!kept.some((webhook) => webhook.event === event)) created.push(await createShopkitWebhook(this, event, url));
		}
	} catch (error) {
		await Promise.allSettled(created.map((webhook) => deleteShopkitWebhook(this, webhook.id)));
		throw error instanceof NodeApiError ? error : new NodeApiError(this.getNode(), error as JsonObject);
	}
	state.secret = secret;
	state.webhooks = [...kept, ...created];
	return true;
}

/** Removes every webhook this node registered; those that could not be removed stay listed for the next try. */
export async function removeShopkitWebhooks(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	const remaining: ShopkitWebhookRecord[] = [];
	let failure: unknown;
	for (const webhook of state.webhooks ?? []) {
		try {
			await deleteShopkitWebhook(this, webhook.id);
		} catch (error) {
			remaining.push(webhook);
			failure ??= error;
		}
	}
	if (failure) {
		state.webhooks = remaining;
		throw failure;
	}
	delete state.webhooks;
	delete state.secret;
	return true;
}
