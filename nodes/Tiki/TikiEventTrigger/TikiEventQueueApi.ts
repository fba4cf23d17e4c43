import type { IDataObject, IHttpRequestMethods, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import type { z } from 'zod';

import { describeIssue, isPlainObject, requestPlatform, retryAfterMs } from '../../shared';
import type { PlatformRequest } from '../../shared';
import { TIKI_CREDENTIAL, TIKI_DEFAULT_BASE_URL } from '../tikiCredential';
import type { TikiCredential } from '../tikiCredential';
import type { TikiEventType, TikiPullAnswer, TikiQueue, TikiSubscription } from './TikiEventSchemas';
import { listOf, TikiPullAnswer as PullAnswer, TikiQueue as Queue, TikiSubscription as Subscription } from './TikiEventSchemas';

/** Tiki allows 200 requests a second per seller; a 429 is waited out this many times per request at most. */
const RATE_LIMIT_ATTEMPTS = 4;
/** The longest single wait for a 429, whatever Retry-After asks: a poll must end well within n8n's poll budget. */
const RATE_LIMIT_MAX_WAIT_MS = 30_000;
const RATE_LIMIT_FIRST_WAIT_MS = 1_000;

/** The scope a Tiki app needs for each event type (open.tiki.vn: order, product and inventory scopes). */
const SCOPE_OF: Record<TikiEventType, string> = {
	ORDER_CREATED_SUCCESSFULLY: 'order',
	ORDER_STATUS_UPDATED: 'order',
	PRODUCT_INVENTORY_UPDATED: 'inventory',
	PRODUCT_MARKET_PRICE_UPDATED: 'product',
	PRODUCT_PRICE_UPDATED: 'product',
};

export function scopesFor(types: readonly TikiEventType[]): string[] {
	return [...new Set(types.map((type) => SCOPE_OF[type]))].sort();
}

function platformFor(scopes: string[]): PlatformRequest {
	const scopeList = scopes.map((scope) => `"${scope}"`).join(' and ');
	const scopeWords = scopes.length > 1 ? { noun: 'scopes', pronoun: 'them', object: 'those scopes' } : { noun: 'scope', pronoun: 'it', object: 'that scope' };
	return {
		credentialType: TIKI_CREDENTIAL,
		guidance: {
			'400': 'Tiki rejected the request to its event queue: check the Environment (or Custom Base URL) of the Tiki OAuth2 API credential',
			'401': 'Tiki refused the token even after n8n fetched a new one: check the Client ID, Client Secret and Client Authentication of the Tiki OAuth2 API credential',
			'403': `Tiki refused this app the ${scopeWords.noun} ${scopeList}: grant the Tiki app ${scopeWords.object} on open.tiki.vn and make sure the Scope of the Tiki OAuth2 API credential is empty or includes ${scopeWords.pronoun}`,
			'404': 'Tiki does not know this route: check the Environment (or Custom Base URL) of the Tiki OAuth2 API credential',
			'429': 'Tiki kept answering "too many requests" (200 a second per seller): the events stay in the queue and the next poll fetches them',
			default: 'Tiki did not answer as expected: the events stay in the queue and the next poll fetches them again',
		},
	};
}

/** What an order that cannot be fetched is said to be: its events wait or are emitted without it (pollTikiEvents.ts). */
const ORDER_GUIDANCE = {
	'429': 'Tiki kept answering "too many requests" (200 a second per seller) for the order',
	default: 'Tiki did not answer with the order',
};

/** Calls to one Tiki event queue, for the selected event types (whose scopes a 403 names). */
export class TikiEventQueueApi {
	private readonly platform: PlatformRequest;

	private constructor(
		private readonly context: IPollFunctions,
		private readonly baseUrl: string,
		scopes: string[],
	) {
		this.platform = platformFor(scopes);
	}

	static async connect(context: IPollFunctions, types: readonly TikiEventType[]): Promise<TikiEventQueueApi> {
		const { baseUrl } = await context.getCredentials<TikiCredential>(TIKI_CREDENTIAL);
		return new TikiEventQueueApi(context, (baseUrl || TIKI_DEFAULT_BASE_URL).replace(/\/+$/, ''), scopesFor(types));
	}

	async listQueues(): Promise<TikiQueue[]> {
		return this.expect(listOf(Queue), await this.request('GET', '/integration/v1/queues'), 'the list of queues');
	}

	async createQueue(name: string): Promise<TikiQueue> {
		return this.expect(Queue, await this.request('POST', '/integration/v1/queues', { body: { name } }), 'the new queue');
	}

	/** The queue's subscriptions, or undefined when Tiki no longer has the queue (404). */
	async listSubscriptions(queueCode: string): Promise<TikiSubscription[] | undefined> {
		const answer = await this.request('GET', `${queuePath(queueCode)}/subscriptions`, { acceptedFailures: ['404'] });
		return answer === undefined ? undefined : this.expect(listOf(Subscription), answer, 'the list of subscriptions');
	}

	async subscribe(queueCode: string, eventType: string): Promise<TikiSubscription> {
		const answer = await this.request('POST', `${queuePath(queueCode)}/subscriptions`, { body: { event_type: eventType } });
		return this.expect(Subscription, answer, `the subscription to ${eventType}`);
	}

	async setSubscriptionActive(queueCode: string, subscriptionCode: string, active: boolean): Promise<void> {
		await this.request('PUT', `${queuePath(queueCode)}/subscriptions/${encodeURIComponent(subscriptionCode)}`, { body: { active } });
	}

	/**
	 * The next batch of the queue; `ackId` (the previous batch's) acknowledges that batch. Undefined when Tiki
	 * no longer has the queue (404).
	 */
	async pull(queueCode: string, ackId: string | null): Promise<TikiPullAnswer | undefined> {
		const answer = await this.request('POST', `${queuePath(queueCode)}/events/pull`, { body: { ack_id: ackId }, acceptedFailures: ['404'] });
		return answer === undefined ? undefined : this.expect(PullAnswer, answer, 'the pulled events');
	}

	/** The full order, or null when Tiki does not know the code (404). */
	async getOrder(orderCode: string): Promise<IDataObject | null> {
		const answer = await this.request('GET', `/integration/v2/orders/${encodeURIComponent(orderCode)}`, {
			acceptedFailures: ['404'],
			guidance: ORDER_GUIDANCE,
		});
		return (answer as IDataObject | undefined) ?? null;
	}

	/** One call; a 429 is waited out as Retry-After asks (bounded), then the call is sent again. */
	private async request(
		method: IHttpRequestMethods,
		path: string,
		options: { body?: object; acceptedFailures?: string[]; guidance?: Record<string, string> } = {},
	): Promise<unknown> {
		const platform = { ...this.platform, guidance: { ...this.platform.guidance, ...options.guidance }, acceptedFailures: options.acceptedFailures };
		for (let attempt = 1; ; attempt++) {
			try {
				return await requestPlatform<unknown>(this.context, platform, { method, url: `${this.baseUrl}${path}`, body: options.body });
			} catch (error) {
				const rateLimited = error instanceof NodeApiError && error.httpCode === '429';
				if (!rateLimited || attempt >= RATE_LIMIT_ATTEMPTS) {
					throw error instanceof NodeApiError ? error : new NodeApiError(this.context.getNode(), error as JsonObject);
				}
				await sleep(rateLimitWait(error, attempt));
			}
		}
	}

	/**
	 * The answer, read with `schema`. An answer that is no JSON at all comes from something other than Tiki's Open
	 * API, which is what the credential's Environment decides; JSON of another shape is Tiki's, and said as such.
	 */
	private expect<T extends z.ZodTypeAny>(schema: T, answer: unknown, what: string): z.infer<T> {
		const parsed = schema.safeParse(answer);
		if (parsed.success) return parsed.data;
		const issue = parsed.error.issues[0];
		const problem = `${issue.path.join('.') || 'the answer'} ${describeIssue(issue)}`;
		const fromTiki = isPlainObject(answer) || Array.isArray(answer);
		throw new NodeApiError(this.context.getNode(), { answer: JSON.stringify(answer ?? null).slice(0, 500) } as JsonObject, {
			message: `Tiki answered with something other than ${what}`,
			description: fromTiki
				? `${problem}: Tiki's answer differs from the documented one. Nothing was acknowledged; the next poll asks again.`
				: `${problem}. Check the Environment (or Custom Base URL) of the Tiki OAuth2 API credential; it must point at Tiki's Open API.`,
		});
	}
}

function queuePath(queueCode: string): string {
	return `/integration/v1/queues/${encodeURIComponent(queueCode)}`;
}

/** What Retry-After asks for, else a doubling wait; never longer than RATE_LIMIT_MAX_WAIT_MS. */
function rateLimitWait(error: NodeApiError, attempt: number): number {
	const headers = (error.cause as { response?: { headers?: Record<string, string> } } | undefined)?.response?.headers;
	const asked = retryAfterMs(headers?.['retry-after']);
	return Math.min(asked ?? RATE_LIMIT_FIRST_WAIT_MS * 2 ** (attempt - 1), RATE_LIMIT_MAX_WAIT_MS);
}
