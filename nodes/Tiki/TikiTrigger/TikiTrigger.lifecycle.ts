import type { IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { guardedLifecycle } from '../../shared/lifecycle/registrationOutage';
import { isOwnOfThisKind, isTestListen, registrationOwnerFor } from '../../shared/lifecycle/ownWebhookUrl';
import { withInstanceTag } from '../../shared/lifecycle/instanceIdentity';
import type { UrlOwner } from '../../shared/lifecycle/ownWebhookUrl';
import { deleteTikiWebhook, grantTikiCredentials, listTikiWebhooks, registerTikiWebhook, replaceTikiWebhook } from './TikiTrigger.api';
import type { TikiWebhook } from './TikiTrigger.api';
import { isGrantedPair, tikiBasicPair, tikiGrantDigest } from './TikiTrigger.authentication';
import { tikiWebhookState } from './TikiTrigger.state';

/** The URI this node registers: its URL, tagged with the n8n instance (so another n8n's copy of the workflow does not take it). */
function ownUri(context: IHookFunctions): string {
	return withInstanceTag(context.getNodeWebhookUrl('default') as string, context);
}

/**
 * Whose a URI Tiki holds is (registrationOwnerFor): one registered before instance tags is this node's at its
 * current URL, or for an event the node recorded registering.
 */
function ownerFor(context: IHookFunctions, listed: TikiWebhook[]): (uri: string | undefined) => UrlOwner {
	const recorded = new Set(tikiWebhookState(context).events ?? []);
	return registrationOwnerFor(context, (uri) => listed.some((webhook) => webhook.uri === uri && recorded.has(webhook.event)));
}

function selectedEvents(context: IHookFunctions): string[] {
	return context.getNodeParameter('events', []) as string[];
}

function holderIn(listed: TikiWebhook[]): (event: string) => string | undefined {
	return (event) => listed.find((webhook) => webhook.event === event)?.uri;
}

/**
 * Registered when Tiki sends every selected event to this node's current URL, no other event to a URL of this
 * node, and the pair the credential gives now is the one granted. Asked at every n8n start: a removed
 * registration, a changed WEBHOOK_URL or a rotated client secret makes create() run; a start changes nothing
 * that works. What Tiki holds is read from Tiki, never from the node's state, which a delivery may have saved
 * from an older copy.
 */
export async function tikiWebhooksExist(this: IHookFunctions): Promise<boolean> {
	const state = tikiWebhookState(this);
	if (!state.grantDigest || !isGrantedPair(state.grantDigest, await tikiBasicPair(this))) return false;
	const events = selectedEvents(this);
	const listed = await listTikiWebhooks(this);
	const ownerOf = ownerFor(this, listed);
	const holderOf = holderIn(listed);
	return (
		events.every((event) => ownerOf(holderOf(event)) === 'current') &&
		listed.every((webhook) => events.includes(webhook.event) || !isOwnOfThisKind(ownerOf(webhook.uri)))
	);
}

/** Why a test listen does not register `event`: Tiki keeps one URI per event, and a test never takes one over. */
function testRefusal(context: IHookFunctions, event: string, holder: string, owner: UrlOwner): NodeOperationError {
	const instead = 'To test, deactivate the workflow first, or pin data on this trigger (for example from an earlier execution) and run the workflow from the next node.';
	if (owner === 'otherKind') {
		return new NodeOperationError(context.getNode(), `Tiki sends ${event} to this workflow's production URL`, {
			description: `Tiki keeps one URL per event for the whole seller account, so a test listen would take ${event} from the active workflow. ${instead}`,
		});
	}
	return new NodeOperationError(context.getNode(), `Tiki already sends ${event} to ${holder}`, {
		description: `Tiki keeps one URL per event for the whole seller account, and a test listen never takes one over (whatever "Replace Existing Registration" says). ${instead}`,
	});
}

function foreignHolder(context: IHookFunctions, event: string, holder: string | undefined): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Tiki already sends ${event} to ${holder ?? 'another URL'}`, {
		description:
			'Tiki keeps one URL per event for the whole seller account. Remove that registration, or turn on "Replace Existing Registration" in this node to take the event over (the other URL then stops receiving it).',
	});
}

/**
 * Registers this node's URL for every selected event, removes it from events no longer selected, and grants Tiki
 * the Basic pair. Tiki keeps one URI per event for the whole seller. An event that sends to another URL of this
 * node (from before WEBHOOK_URL changed, or a test listen's) is moved to this URL; one that sends elsewhere is
 * taken over only when "Replace Existing Registration" is on. A test listen takes over nothing but its own older
 * test URLs: it refuses, before changing anything, when an event is held by production or anyone else. If any step
 * fails, every registration and takeover of this activation is undone (the previous holder's URL put back).
 */
export async function registerTikiWebhooks(this: IHookFunctions): Promise<boolean> {
	const state = tikiWebhookState(this);
	const events = selectedEvents(this);
	const pair = await tikiBasicPair(this);
	const listed = await listTikiWebhooks(this);
	const plan: Takeover = {
		uri: ownUri(this),
		test: isTestListen(this),
		replaceExisting: this.getNodeParameter('replaceExisting', false) as boolean,
		ownerOf: ownerFor(this, listed),
		holderOf: holderIn(listed),
	};
	if (plan.test) refuseTestTakeovers(this, events, plan);
	for (const webhook of listed) {
		if (!events.includes(webhook.event) && isOwnOfThisKind(plan.ownerOf(webhook.uri))) await deleteTikiWebhook(this, webhook.event);
	}
	const undo: Array<() => Promise<void>> = [];
	try {
		for (const event of events) {
			const step = await takeEvent(this, event, plan);
			if (step) undo.push(step);
		}
		await grantTikiCredentials(this, pair);
	} catch (error) {
		for (const step of undo.reverse()) await step().catch(() => undefined);
		throw error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeApiError(this.getNode(), error as JsonObject);
	}
	state.events = events;
	state.grantDigest = tikiGrantDigest(pair);
	delete state.grant;
	return true;
}

/** What one activation registers and whom it may take events from, as Tiki listed them before it began. */
interface Takeover {
	uri: string;
	test: boolean;
	replaceExisting: boolean;
	ownerOf: (uri: string | undefined) => UrlOwner;
	holderOf: (event: string) => string | undefined;
}

/** A test listen refuses, before changing anything, when an event is held by production or anyone else. */
function refuseTestTakeovers(context: IHookFunctions, events: string[], { ownerOf, holderOf }: Takeover): void {
	for (const event of events) {
		const holder = holderOf(event);
		if (holder !== undefined && !isOwnOfThisKind(ownerOf(holder))) throw testRefusal(context, event, holder, ownerOf(holder));
	}
}

/** Makes Tiki send `event` to this node's URL; returns the step that undoes it, none when it already did. */
async function takeEvent(context: IHookFunctions, event: string, { uri, test, replaceExisting, ownerOf, holderOf }: Takeover): Promise<(() => Promise<void>) | undefined> {
	let holder = holderOf(event);
	if (ownerOf(holder) === 'current') return undefined;
	if (holder === undefined) {
		if (await registerTikiWebhook(context, { uri, event })) return async () => await deleteTikiWebhook(context, event);
		// registered meanwhile (409, or a registration answered too late and sent again): by whom decides
		holder = holderIn(await listTikiWebhooks(context))(event);
		if (ownerOf(holder) === 'current') return undefined;
	}
	const owner = ownerOf(holder);
	if (test && !isOwnOfThisKind(owner)) throw testRefusal(context, event, holder ?? 'another URL', owner);
	if (owner === 'foreign' && !replaceExisting) throw foreignHolder(context, event, holder);
	await replaceTikiWebhook(context, { uri, event });
	const previous = holder;
	return async () => (previous ? await replaceTikiWebhook(context, { uri: previous, event }) : await deleteTikiWebhook(context, event));
}

/**
 * Removes this node's URL (this one, or an older one of the same kind) from every event Tiki sends to it, as
 * Tiki lists them (the node's state may be an older copy). A test listen's delete sees only the test's URL, so
 * production's registrations stay. Tiki has no route to withdraw the granted Basic pair; it stays with Tiki until
 * another pair is granted.
 */
export async function removeTikiWebhooks(this: IHookFunctions): Promise<boolean> {
	const state = tikiWebhookState(this);
	const listed = await listTikiWebhooks(this);
	const ownerOf = ownerFor(this, listed);
	for (const webhook of listed) {
		if (isOwnOfThisKind(ownerOf(webhook.uri))) await deleteTikiWebhook(this, webhook.event);
	}
	delete state.events;
	delete state.grantDigest;
	delete state.grant;
	return true;
}

export const tikiWebhookMethods = guardedLifecycle(
	{ checkExists: tikiWebhooksExist, create: registerTikiWebhooks, delete: removeTikiWebhooks },
	(context) => Boolean(tikiWebhookState(context).grantDigest && tikiWebhookState(context).events?.length),
);
