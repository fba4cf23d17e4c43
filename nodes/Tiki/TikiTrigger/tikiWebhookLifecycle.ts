import type { IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isOwnOfThisKind, isTestListen, urlOwnerFor } from '../../shared';
import type { UrlOwner } from '../../shared';
import { deleteTikiWebhook, grantTikiCredentials, listTikiWebhooks, registerTikiWebhook, replaceTikiWebhook } from './TikiApi';
import type { TikiWebhook } from './TikiApi';
import { isGrantedPair, tikiBasicPair, tikiGrantDigest } from './tikiBasicPair';
import { tikiWebhookState } from './tikiWebhookState';

function ownUri(context: IHookFunctions): string {
	return context.getNodeWebhookUrl('default') as string;
}

function selectedEvents(context: IHookFunctions): string[] {
	return context.getNodeParameter('events', []) as string[];
}

function holderIn(listed: TikiWebhook[]): (event: string) => string | undefined {
	return (event) => listed.find((webhook) => webhook.event === event)?.uri;
}

/**
 * Registered when Tiki sends every selected event to this node's current URL, no event this node registered
 * before and no longer selects still to a URL of this node, and the pair the credential gives now is the one
 * granted. Asked at every n8n start: a removed registration, a changed WEBHOOK_URL or a rotated client secret
 * makes create() run.
 */
export async function tikiWebhooksExist(this: IHookFunctions): Promise<boolean> {
	const state = tikiWebhookState(this);
	if (!state.grantDigest || !isGrantedPair(state.grantDigest, await tikiBasicPair(this))) return false;
	const uri = ownUri(this);
	const events = selectedEvents(this);
	const ownerOf = urlOwnerFor(this);
	const holderOf = holderIn(await listTikiWebhooks(this));
	return (
		events.every((event) => holderOf(event) === uri) &&
		(state.events ?? []).every((event) => events.includes(event) || !isOwnOfThisKind(ownerOf(holderOf(event))))
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
	const uri = ownUri(this);
	const events = selectedEvents(this);
	const test = isTestListen(this);
	const replaceExisting = this.getNodeParameter('replaceExisting', false) as boolean;
	const pair = await tikiBasicPair(this);
	const ownerOf = urlOwnerFor(this);

	const holderOf = holderIn(await listTikiWebhooks(this));
	if (test) {
		for (const event of events) {
			const holder = holderOf(event);
			if (holder !== undefined && !isOwnOfThisKind(ownerOf(holder))) throw testRefusal(this, event, holder, ownerOf(holder));
		}
	}
	for (const event of state.events ?? []) {
		if (!events.includes(event) && isOwnOfThisKind(ownerOf(holderOf(event)))) await deleteTikiWebhook(this, event);
	}

	const undo: Array<() => Promise<void>> = [];
	try {
		for (const event of events) {
			let holder = holderOf(event);
			if (holder === uri) continue;
			if (holder === undefined) {
				if (await registerTikiWebhook(this, { uri, event })) {
					undo.push(async () => await deleteTikiWebhook(this, event));
					continue;
				}
				// registered meanwhile (409): by whom decides what happens
				holder = holderIn(await listTikiWebhooks(this))(event);
				if (holder === uri) continue;
			}
			const owner = ownerOf(holder);
			if (test && !isOwnOfThisKind(owner)) throw testRefusal(this, event, holder ?? 'another URL', owner);
			if (owner === 'foreign' && !replaceExisting) throw foreignHolder(this, event, holder);
			await replaceTikiWebhook(this, { uri, event });
			const previous = holder;
			undo.push(async () => (previous ? await replaceTikiWebhook(this, { uri: previous, event }) : await deleteTikiWebhook(this, event)));
		}
		await grantTikiCredentials(this, pair);
	} catch (error) {
		for (const step of undo.reverse()) await step().catch(() => undefined);
		throw error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeApiError(this.getNode(), error as JsonObject);
	}
	state.events = events;
	state.grantDigest = tikiGrantDigest(pair);
	delete state.grant;
	return true;
}

/**
 * Removes this node's URL (this one, or an older one of the same kind) from the events it registered. A test
 * listen's delete sees only the test's events and URL, so production's registrations stay. Tiki has no route to
 * withdraw the granted Basic pair; it stays with Tiki until another pair is granted.
 */
export async function removeTikiWebhooks(this: IHookFunctions): Promise<boolean> {
	const state = tikiWebhookState(this);
	const registered = state.events ?? [];
	if (registered.length > 0) {
		const ownerOf = urlOwnerFor(this);
		const holderOf = holderIn(await listTikiWebhooks(this));
		for (const event of registered) {
			if (isOwnOfThisKind(ownerOf(holderOf(event)))) await deleteTikiWebhook(this, event);
		}
	}
	delete state.events;
	delete state.grantDigest;
	delete state.grant;
	return true;
}

export const tikiWebhookMethods = {
	checkExists: tikiWebhooksExist,
	create: registerTikiWebhooks,
	delete: removeTikiWebhooks,
};
