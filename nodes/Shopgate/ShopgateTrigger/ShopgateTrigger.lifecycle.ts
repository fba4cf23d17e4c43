import type { IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { guardedLifecycle } from '../../shared/lifecycle/registrationOutage';
import { instanceTag } from '../../shared/lifecycle/instanceIdentity';
import { isTestListen, urlOwnerFor } from '../../shared/lifecycle/ownWebhookUrl';
import { secretDigest } from '../../shared/inbound/secrets';
import {
	createShopgateWebhook,
	deleteShopgateWebhook,
	fetchShopgateWebhookToken,
	findShopgateWebhook,
	findShopgateWebhooks,
	requestShopgateTestDelivery,
	updateShopgateWebhook,
} from '../Shopgate.api';
import type { ShopgateWebhook, ShopgateWebhookDefinition } from '../Shopgate.api';
import { shopgateState } from './ShopgateTrigger.state';
import type { ShopgateState } from './ShopgateTrigger.state';

type CodeContext = Pick<IHookFunctions, 'getWorkflow' | 'getNode' | 'getInstanceId'>;

/**
 * The code of this node's webhook at Shopgate, stable across activations, restarts, renames and URL changes:
 * derived from the n8n instance (its tag), the workflow and the node, so that a copy of the workflow in another
 * n8n (same workflow and node ids) registers a webhook of its own instead of taking this one. A test listen
 * ("Listen for test event") registers a webhook of its own, with a code of its own, so that it never finds,
 * rewires or deletes production's.
 */
export function shopgateWebhookCode(context: CodeContext, test: boolean): string {
	const code = `n8n-${instanceTag(context)}-${context.getWorkflow().id}-${context.getNode().id}`.slice(0, 250);
	return test ? `${code}-test` : code;
}

/** The code versions before instance tags gave the webhook: the workflow and node alone. */
function untaggedShopgateCode(context: CodeContext, test: boolean): string {
	const code = `n8n-${context.getWorkflow().id}-${context.getNode().id}`.slice(0, 250);
	return test ? `${code}-test` : code;
}

/** Every code a webhook of this node can carry: a delivery naming one of them comes from this node's webhook. */
export function ownShopgateCodes(context: CodeContext): string[] {
	return [false, true].flatMap((test) => [shopgateWebhookCode(context, test), untaggedShopgateCode(context, test)]);
}

/**
 * How long after a test listen's registration Shopgate is asked for its sample: n8n records what create() left
 * for the test listen only once create() has returned, and the sample must find it there.
 */
const TEST_DELIVERY_DELAY_MS = 1_000;

/**
 * This node's webhook at Shopgate, of the kind asked for (production or test): the one with its code, else one
 * with the code of a version before instance tags, taken only where it sends to this node's current URL, or to an
 * older URL of it under the id the node recorded (another n8n's copy of the workflow has another URL).
 */
async function findOwnWebhook(context: IHookFunctions, state: ShopgateState, test: boolean): Promise<ShopgateWebhook | undefined> {
	const found = await findShopgateWebhook(context, shopgateWebhookCode(context, test));
	if (found) return found;
	const untagged = await findShopgateWebhook(context, untaggedShopgateCode(context, test));
	if (!untagged) return undefined;
	const owner = urlOwnerFor(context)(untagged.endpoint);
	return owner === 'current' || (owner === 'sameKind' && untagged.id === state.webhookId) ? untagged : undefined;
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
	const codes = ownShopgateCodes(context);
	const sending = await findShopgateWebhooks(context, { endpoint: wanted.endpoint });
	return sending.filter((webhook) => !codes.includes(webhook.code));
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
	const found = await findOwnWebhook(this, state, isTestListen(this));
	if (!found) return false;
	state.webhookId = found.id;
	state.code = found.code;
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
	// recorded first, so that the delete n8n runs after a failed create knows which kind of webhook to look for
	state.code = wanted.code;
	const webhookToken = await fetchShopgateWebhookToken(this);
	const found = await findOwnWebhook(this, state, isTestListen(this));
	if (found) await updateShopgateWebhook(this, found.id, wanted);
	state.webhookId = found ? found.id : await createOnce(this, wanted);
	state.code = found ? found.code : wanted.code;
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
 * Creates the webhook. A creation sent again after Shopgate failed to answer may find it made already (Shopgate
 * then refuses the duplicate code): the one with the code is taken.
 */
async function createOnce(context: IHookFunctions, wanted: ShopgateWebhookDefinition): Promise<string> {
	try {
		return await createShopgateWebhook(context, wanted);
	} catch (error) {
		const made = await findShopgateWebhook(context, wanted.code);
		if (made) return made.id;
		throw error instanceof NodeApiError ? error : new NodeApiError(context.getNode(), error as JsonObject);
	}
}

/**
 * Deletes this node's webhook, found at Shopgate by its code (a stored id may be an older copy's, or production's
 * in another n8n's copy of the workflow), and nothing else: a test listen's delete runs on the test's own state,
 * whose code names the test's webhook, so production's webhook is never touched by it.
 */
export async function removeShopgateWebhook(this: IHookFunctions): Promise<boolean> {
	const state = shopgateState(this);
	const test = state.code?.endsWith('-test') ?? false;
	const id = (await findOwnWebhook(this, state, test))?.id;
	if (id) await deleteShopgateWebhook(this, id);
	delete state.webhookId;
	delete state.code;
	delete state.tokenDigest;
	delete state.webhookToken;
	return true;
}

export const shopgateWebhookMethods = guardedLifecycle(
	{ checkExists: shopgateWebhookExists, create: registerShopgateWebhook, delete: removeShopgateWebhook },
	(context) => Boolean(shopgateState(context).tokenDigest && shopgateState(context).webhookId),
);
