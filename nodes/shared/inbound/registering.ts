import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { answerServiceUnavailable } from './responses';

/**
 * What the platform is asked to wait before sending again: an activation sends each registration call up to 4
 * times within about 84 s while the platform is unavailable (shared/lifecycle/registrationRetry.ts), and the
 * node's state is saved only once every call is done.
 */
export const REGISTERING_RETRY_AFTER_SECONDS = 120;

/** A node says why it answered so at most this often, so that a flood of requests does not fill n8n's log. */
const LOG_INTERVAL_MS = 60_000;

/** Per workflow, node and mode, in this process: when the node last said so; only entries of the last minute are kept. */
const lastLogged = new Map<string, number>();

/** What a trigger lacks until its activation has registered it, and what to do when no activation is under way. */
export interface Unregistered {
	/** e.g. "webhook secret". */
	lacks: string;
	/** e.g. "The secret is created when the workflow is activated: if no activation is under way, deactivate …". */
	guidance: string;
}

function logAtMostEveryMinute(context: IWebhookFunctions, message: string): void {
	const now = Date.now();
	const key = `${context.getWorkflow().id}:${context.getNode().id || context.getNode().name}:${context.getMode()}`;
	const last = lastLogged.get(key);
	if (last !== undefined && now - last < LOG_INTERVAL_MS) return;
	for (const [other, at] of lastLogged) if (now - at >= LOG_INTERVAL_MS) lastLogged.delete(other);
	lastLogged.set(key, now);
	context.logger.warn(message);
}

/**
 * The answer to a request that came before activation left the node what it authenticates deliveries with. n8n
 * serves a trigger's URL as soon as it has stored the path, before the node's create() has finished, and create()
 * may wait out a platform's unavailability for over a minute. Nobody can be told from a stranger then; a throw
 * would make n8n answer 500, record a failed execution and run the error workflow for anyone's request. So the
 * request is answered 503 with Retry-After and starts nothing, and nothing is written to the static data (n8n
 * then saves nothing that could land over what the registration saves). The log says why, at most once a minute.
 */
export function answerWhileRegistering(context: IWebhookFunctions, { lacks, guidance }: Unregistered): IWebhookResponseData {
	const { name } = context.getNode();
	logAtMostEveryMinute(
		context,
		`${name} (workflow ${context.getWorkflow().id}): answered a request 503 (Retry-After: ${REGISTERING_RETRY_AFTER_SECONDS} s) and started nothing, as the node has no ${lacks} yet, which its workflow's activation leaves once it has registered the node. ${guidance}`,
	);
	return answerServiceUnavailable(context, REGISTERING_RETRY_AFTER_SECONDS);
}
