import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { secretsMatch } from '../../shared';

import {
	deleteTikiWebhook,
	grantTikiCredentials,
	listTikiWebhooks,
	registerTikiWebhook,
	replaceTikiWebhook,
} from './TikiApi';
import type { TikiBasicPair } from './tikiBasicPair';
import { tikiBasicPair } from './tikiBasicPair';

/** What activation leaves in the node's static data: the events it registered and the pair it granted. */
export interface TikiWebhookState extends IDataObject {
	events?: string[];
	grant?: TikiBasicPair;
}

function stateOf(context: IHookFunctions): TikiWebhookState {
	return context.getWorkflowStaticData('node') as TikiWebhookState;
}

function ownUri(context: IHookFunctions): string {
	return context.getNodeWebhookUrl('default') as string;
}

function selectedEvents(context: IHookFunctions): string[] {
	return context.getNodeParameter('events', []) as string[];
}

/**
 * Registered when Tiki sends every selected event, and no event this node registered before, to this
 * node's URL, and the pair Tiki was granted is the one the credential gives now.
 */
export async function tikiWebhooksExist(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	const pair = await tikiBasicPair(this);
	if (!state.grant || state.grant.id !== pair.id || !secretsMatch(state.grant.secret, pair.secret)) return false;
	const uri = ownUri(this);
	const events = selectedEvents(this);
	const ours = (await listTikiWebhooks(this)).filter((webhook) => webhook.uri === uri).map((webhook) => webhook.event);
	return events.every((event) => ours.includes(event)) && (state.events ?? []).every((event) => events.includes(event));
}

/**
 * Registers this node's URL for every selected event, removes it from events no longer selected, and
 * grants Tiki the Basic pair. Tiki keeps one URI per event for the whole seller: an event that already
 * sends to another URI is taken over only when "Replace Existing Registration" is on. If any step fails,
 * the registrations made in this activation are removed again before the error is shown.
 */
export async function registerTikiWebhooks(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	const uri = ownUri(this);
	const events = selectedEvents(this);
	const replaceExisting = this.getNodeParameter('replaceExisting', false) as boolean;
	const pair = await tikiBasicPair(this);

	const listed = await listTikiWebhooks(this);
	const holderOf = (event: string) => listed.find((webhook) => webhook.event === event)?.uri;
	for (const event of state.events ?? []) {
		if (!events.includes(event) && holderOf(event) === uri) await deleteTikiWebhook(this, event);
	}

	const created: string[] = [];
	try {
		for (const event of events) {
			if (holderOf(event) === uri) continue;
			if (await registerTikiWebhook(this, { uri, event })) {
				created.push(event);
				continue;
			}
			const holder = holderOf(event) ?? (await listTikiWebhooks(this)).find((webhook) => webhook.event === event)?.uri;
			if (holder === uri) continue;
			if (!replaceExisting) {
				throw new NodeOperationError(this.getNode(), `Tiki already sends ${event} to ${holder ?? 'another URL'}`, {
					description:
						'Tiki keeps one URL per event for the whole seller account. Remove that registration, or turn on "Replace Existing Registration" in this node to take the event over (the other URL then stops receiving it).',
				});
			}
			await replaceTikiWebhook(this, { uri, event });
		}
		await grantTikiCredentials(this, pair);
	} catch (error) {
		await Promise.allSettled(created.map((event) => deleteTikiWebhook(this, event)));
		throw error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeApiError(this.getNode(), error as JsonObject);
	}
	state.events = events;
	state.grant = pair;
	return true;
}

/**
 * Removes this node's URL from the events it registered, where the URL is still this node's. Tiki has no
 * route to withdraw the granted Basic pair; it stays with Tiki until another pair is granted.
 */
export async function removeTikiWebhooks(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	const uri = ownUri(this);
	const registered = state.events ?? [];
	if (registered.length > 0) {
		const listed = await listTikiWebhooks(this);
		for (const event of registered) {
			if (listed.some((webhook) => webhook.event === event && webhook.uri === uri)) await deleteTikiWebhook(this, event);
		}
	}
	delete state.events;
	delete state.grant;
	return true;
}
