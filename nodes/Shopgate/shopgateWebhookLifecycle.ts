import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import {
	createShopgateWebhook,
	deleteShopgateWebhook,
	fetchShopgateWebhookToken,
	findShopgateWebhook,
	updateShopgateWebhook,
} from './ShopgateApi';
import type { ShopgateWebhookDefinition } from './ShopgateApi';

/** What activation leaves in the node's static data. */
export interface ShopgateWebhookState extends IDataObject {
	webhookId?: string;
	webhookToken?: string;
}

function stateOf(context: IHookFunctions): ShopgateWebhookState {
	return context.getWorkflowStaticData('node') as ShopgateWebhookState;
}

/** A code that names this node's webhook at Shopgate, stable across activations and restarts. */
export function shopgateWebhookCode(context: IHookFunctions): string {
	return `n8n-${context.getWorkflow().id}-${context.getNode().id}`.slice(0, 255);
}

function wantedWebhook(context: IHookFunctions): ShopgateWebhookDefinition {
	const events = context.getNodeParameter('events', []) as string[];
	return {
		code: shopgateWebhookCode(context),
		name: `n8n: ${context.getWorkflow().name ?? 'workflow'} / ${context.getNode().name}`.slice(0, 255),
		endpoint: context.getNodeWebhookUrl('default') as string,
		active: true,
		events: events.map((code) => ({ code })),
	};
}

const sameEvents = (a: Array<{ code: string }>, b: Array<{ code: string }>) =>
	a.length === b.length && a.every((event) => b.some((other) => other.code === event.code));

/** Exists when Shopgate holds this node's webhook (found by its code) for this URL and these events. */
export async function shopgateWebhookExists(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	const wanted = wantedWebhook(this);
	const found = await findShopgateWebhook(this, wanted.code);
	if (!found || !state.webhookToken) return false;
	state.webhookId = found.id;
	return found.active && found.endpoint === wanted.endpoint && sameEvents(found.events ?? [], wanted.events);
}

/**
 * Creates this node's webhook (or brings an existing one with its code up to date) and fetches the
 * merchant's webhook token, so the user never copies it by hand.
 */
export async function registerShopgateWebhook(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	const wanted = wantedWebhook(this);
	const webhookToken = await fetchShopgateWebhookToken(this);
	const found = await findShopgateWebhook(this, wanted.code);
	if (found) await updateShopgateWebhook(this, found.id, wanted);
	state.webhookId = found ? found.id : await createShopgateWebhook(this, wanted);
	state.webhookToken = webhookToken;
	return true;
}

export async function removeShopgateWebhook(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	const id = state.webhookId ?? (await findShopgateWebhook(this, shopgateWebhookCode(this)))?.id;
	if (id) await deleteShopgateWebhook(this, id);
	delete state.webhookId;
	delete state.webhookToken;
	return true;
}
