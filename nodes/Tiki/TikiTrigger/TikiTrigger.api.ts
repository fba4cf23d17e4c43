import type { IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { forRegistration } from '../../shared/lifecycle/registrationRetry';
import { requestPlatform } from '../../shared/transport/platformRequest';
import type { PlatformRequest } from '../../shared/transport/platformRequest';
import { TIKI_PLATFORM } from '../Tiki.api';
import type { TikiBasicPair } from './TikiTrigger.authentication';

export interface TikiWebhook {
	uri: string;
	event: string;
}

const WEBHOOKS = '/integration/v1/webhooks';

/** Every call registers, checks or removes, mostly while n8n starts: sent again while Tiki is unavailable. */
const TIKI_WEBHOOK_API: PlatformRequest = forRegistration({
	...TIKI_PLATFORM,
	guidance: {
		'400': "Tiki rejected the webhook: check that n8n's webhook URL is public and https (set WEBHOOK_URL)",
		'401': 'Tiki refused the token: check the Client ID, Client Secret and Client Authentication of the Tiki OAuth2 API credential',
		'403': 'Tiki does not let this app manage webhooks: check the app\'s scopes and that the seller is active, then the Scope of the Tiki OAuth2 API credential',
		'404': 'Tiki does not know this route: check the Environment (or Custom Base URL) of the Tiki OAuth2 API credential',
		'429': 'Tiki allows 200 requests a second per seller: wait a moment, then activate the workflow again',
		default: 'Tiki did not answer as expected: check the Environment of the Tiki OAuth2 API credential and try again',
	},
});

export async function listTikiWebhooks(context: IHookFunctions): Promise<TikiWebhook[]> {
	const listed = await requestPlatform<{ data?: TikiWebhook[] }>(context, TIKI_WEBHOOK_API, { method: 'GET', path: WEBHOOKS });
	return Array.isArray(listed?.data) ? listed.data : [];
}

/**
 * Registers `uri` for `event`; false when Tiki answers 409 (the event already has a URI). Tiki confirms a
 * registration by echoing it; any other answer is not taken for one.
 */
export async function registerTikiWebhook(context: IHookFunctions, webhook: TikiWebhook): Promise<boolean> {
	const created = await requestPlatform<Partial<TikiWebhook>>(context, TIKI_WEBHOOK_API, { method: 'POST', path: WEBHOOKS, body: webhook, acceptedFailures: ['409'] });
	if (created === undefined) return false;
	if (created?.event !== webhook.event || created?.uri !== webhook.uri) {
		throw new NodeApiError(context.getNode(), { answer: JSON.stringify(created ?? null) } as JsonObject, {
			message: `Tiki answered the registration of ${webhook.event} without confirming it: check the Environment of the Tiki OAuth2 API credential`,
		});
	}
	return true;
}

export async function replaceTikiWebhook(context: IHookFunctions, webhook: TikiWebhook): Promise<void> {
	await requestPlatform(context, TIKI_WEBHOOK_API, { method: 'PUT', path: WEBHOOKS, body: webhook });
}

/** Removes the event's webhook; one Tiki no longer has (404) counts as removed. */
export async function deleteTikiWebhook(context: IHookFunctions, event: string): Promise<void> {
	await requestPlatform(context, TIKI_WEBHOOK_API, { method: 'DELETE', path: WEBHOOKS, qs: { event }, acceptedFailures: ['404'] });
}

/** Tells Tiki the Basic pair to send with every delivery to this seller. */
export async function grantTikiCredentials(context: IHookFunctions, pair: TikiBasicPair): Promise<void> {
	await requestPlatform(context, TIKI_WEBHOOK_API, { method: 'PUT', path: `${WEBHOOKS}/credentials`, body: pair });
}
