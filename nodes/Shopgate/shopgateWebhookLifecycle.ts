import type { IHookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { isTestListen, secretDigest } from '../shared';
import {
	createShopgateWebhook,
	deleteShopgateWebhook,
	fetchShopgateWebhookToken,
	findShopgateWebhook,
	findShopgateWebhooks,
	requestShopgateTestDelivery,
	updateShopgateWebhook,
} from './ShopgateApi';
import type { ShopgateWebhook, ShopgateWebhookDefinition } from './ShopgateApi';
import { shopgateState } from './shopgateState';

/**
 * How long after a test listen's registration Shopgate is asked for its sample: n8n records what create() left
 * for the test listen only once create() has returned, and the sample must find it there.
 */
const TEST_DELIVERY_DELAY_MS = 1_000;

/**
 * The code of this node's webhook at Shopgate, stable across activations, restarts and renames. A test listen
 * ("Listen for test event") registers a webhook of its own, with a code of its own, so that it never finds,
 * rewires or deletes production's.
 */
export function shopgateWebhookCode(context: Pick<IHookFunctions, 'getWorkflow' | 'getNode'>, test: boolean): string {
	const code = `n8n-${context.getWorkflow().id}-${context.getNode().id}`.slice(0, 250);
	return test ? `${code}-test` : code;
}

function wantedWebhook(context: IHookFunctions): ShopgateWebhookDefinition {
	const events = context.getNodeParameter('events', []) as string[];
	const test = isTestListen(context);
	return {
		code: shopgateWebhookCode(context, test),
		name: `n8n${test ? ' test' : ''}: ${context.getWorkflow().name ?? 'workflow'} / ${context.getNode().name}`.slice(0, 255),
		endpoint: context.getNodeWebhookUrl('default') as string,
		active: true,
		events: events.map((code) => ({ code })),
	};
}

const sameEvents = (a: Array<{ code: string }>, b: Array<{ code: string }>) =>
	a.length === b.length && a.every((event) => b.some((other) => other.code === event.code));

/**
 * Other webhooks that send to this node's production URL: made by hand in Shopgate, they would run the workflow
 * a second time for every event. A test listen leaves them alone.
 */
async function duplicatesOf(context: IHookFunctions, wanted: ShopgateWebhookDefinition): Promise<ShopgateWebhook[]> {
	if (isTestListen(context)) return [];
	const testCode = shopgateWebhookCode(context, true);
	const sending = await findShopgateWebhooks(context, { endpoint: wanted.endpoint });
	return sending.filter((webhook) => webhook.code !== wanted.code && webhook.code !== testCode);
}

/**
 * Exists when Shopgate holds this node's webhook (found by its code) active, for this URL and these events, with
 * no other webhook sending to the same URL, and the node knows the merchant token's digest. Asked at every n8n
 * start, so a webhook disabled or deleted at Shopgate, or a changed WEBHOOK_URL, is repaired by create().
 */
export async function shopgateWebhookExists(this: IHookFunctions): Promise<boolean> {
	const state = shopgateState(this);
	const wanted = wantedWebhook(this);
	if (!state.tokenDigest) return false;
	const found = await findShopgateWebhook(this, wanted.code);
	if (!found) return false;
	state.webhookId = found.id;
	state.code = wanted.code;
	if (!found.active || found.endpoint !== wanted.endpoint || !sameEvents(found.events ?? [], wanted.events)) return false;
	return (await duplicatesOf(this, wanted)).length === 0;
}

/**
 * Creates this node's webhook, or brings the one with its code up to date (active again, this URL, these events),
 * removes other webhooks sending to the same URL, and keeps the digest of the merchant's webhook token, so the user
 * never copies it by hand. For a test listen it then asks Shopgate to send its sample delivery at once.
 */
export async function registerShopgateWebhook(this: IHookFunctions): Promise<boolean> {
	const state = shopgateState(this);
	const wanted = wantedWebhook(this);
	// recorded first, so that the delete n8n runs after a failed create finds what this one may have made
	state.code = wanted.code;
	const webhookToken = await fetchShopgateWebhookToken(this);
	const found = await findShopgateWebhook(this, wanted.code);
	if (found) await updateShopgateWebhook(this, found.id, wanted);
	state.webhookId = found ? found.id : await createShopgateWebhook(this, wanted);
	state.tokenDigest = secretDigest(webhookToken);
	delete state.webhookToken;
	for (const duplicate of await duplicatesOf(this, wanted)) await deleteShopgateWebhook(this, duplicate.id);
	if (isTestListen(this)) void requestSampleDelivery(this, state.webhookId);
	return true;
}

/** Shopgate posts its sample to the test URL; what goes wrong is logged, as the listen goes on regardless. */
async function requestSampleDelivery(context: IHookFunctions, id: string): Promise<void> {
	await sleep(TEST_DELIVERY_DELAY_MS);
	try {
		const answer = await requestShopgateTestDelivery(context, id);
		if (answer?.error) context.logger.warn(`Shopgate could not deliver its test webhook call: ${answer.error}`);
	} catch (error) {
		context.logger.warn(`Shopgate Trigger: asking Shopgate for a test webhook call failed: ${(error as Error).message}`);
	}
}

/**
 * Deletes the webhook this node's state records (by id, else by the recorded code) and nothing else: a test
 * listen's delete runs on the test's own state, so production's webhook is never touched by it.
 */
export async function removeShopgateWebhook(this: IHookFunctions): Promise<boolean> {
	const state = shopgateState(this);
	const id = state.webhookId ?? (state.code ? (await findShopgateWebhook(this, state.code))?.id : undefined);
	if (id) await deleteShopgateWebhook(this, id);
	delete state.webhookId;
	delete state.code;
	delete state.tokenDigest;
	delete state.webhookToken;
	return true;
}

export const shopgateWebhookMethods = {
	checkExists: shopgateWebhookExists,
	create: registerShopgateWebhook,
	delete: removeShopgateWebhook,
};
