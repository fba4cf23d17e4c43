import type { IDataObject, IHttpRequestMethods, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { z } from 'zod';

import { describeIssue, isPlainObject } from '../../shared/inbound/payloadReading';
import { readPlatformCredential, requestPlatform } from '../../shared/transport/platformRequest';
import { REGISTRATION_RETRY } from '../../shared/lifecycle/registrationRetry';
import type { PlatformCall, PlatformCredential, PlatformRequest } from '../../shared/transport/platformRequest';
import type { RetryPolicy } from '../../shared/transport/retryPolicy';
import { TIKI_PLATFORM } from '../Tiki.api';
import type { TikiEventType, TikiPullAnswer, TikiQueue, TikiSubscription } from './TikiEventTrigger.schemas';
import { listOf, TikiPullAnswer as PullAnswer, TikiQueue as Queue, TikiSubscription as Subscription } from './TikiEventTrigger.schemas';

/**
 * Tiki allows 200 requests a second per seller and asks not to retry other 4xx: a 429 is waited out three
 * times per request at most, never longer than 30 s each whatever Retry-After asks, so that a poll ends well
 * within n8n's poll budget.
 */
const RATE_LIMITED_ONLY: RetryPolicy = { retryOn: ['rateLimited'], maxRetries: 3, baseDelayMs: 1_000, maxDelayMs: 30_000 };

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
		...TIKI_PLATFORM,
		retry: RATE_LIMITED_ONLY,
		// Tiki's ids are 64-bit (order, product, event ids): httpRequest's JSON would round those beyond 2^53
		exactIntegers: true,
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

/**
 * How long the orders of one batch may take in all ("Fetch Full Order"), retries included; an order not fetched
 * by then counts as failed (TikiEventTrigger.poll.ts holds its batch). n8n polls at most once a minute and starts
 * the next poll on schedule even while one still runs: one pull (20 s an attempt) and these 30 s keep a poll of
 * one batch inside that minute, as long as Tiki does not rate-limit the pull. The webhook triggers give their
 * records the same 30 s.
 */
export const ORDER_FETCH_WITHIN_MS = 30_000;

/** What an order that cannot be fetched is said to be: its events wait or are emitted without it (TikiEventTrigger.poll.ts). */
const ORDER_GUIDANCE = {
	'429': 'Tiki kept answering "too many requests" (200 a second per seller) for the order',
	default: 'Tiki did not answer with the order',
};

/** Calls to one Tiki event queue, for the selected event types (whose scopes a 403 names). */
export class TikiEventQueueApi {
	private constructor(
		private readonly context: IPollFunctions,
		private readonly platform: PlatformRequest,
		private readonly credential: PlatformCredential,
	) {}

	/** The credential is read, and its URL checked, once per poll rather than once per call. */
	static async connect(context: IPollFunctions, types: readonly TikiEventType[]): Promise<TikiEventQueueApi> {
		const platform = platformFor(scopesFor(types));
		return new TikiEventQueueApi(context, platform, await readPlatformCredential(context, platform));
	}

	async listQueues(): Promise<TikiQueue[]> {
		return this.expect(listOf(Queue), await this.request('GET', '/integration/v1/queues', { setup: true }), 'the list of queues');
	}

	/** Sent again only when rate limited: after a 5xx the queue may exist, and the next poll finds it by its name. */
	async createQueue(name: string): Promise<TikiQueue> {
		return this.expect(Queue, await this.request('POST', '/integration/v1/queues', { body: { name } }), 'the new queue');
	}

	/** The queue's subscriptions, or undefined when Tiki no longer has the queue (404). */
	async listSubscriptions(queueCode: string): Promise<TikiSubscription[] | undefined> {
		const answer = await this.request('GET', `${queuePath(queueCode)}/subscriptions`, { acceptedFailures: ['404'], setup: true });
		return answer === undefined ? undefined : this.expect(listOf(Subscription), answer, 'the list of subscriptions');
	}

	async subscribe(queueCode: string, eventType: string): Promise<TikiSubscription> {
		const answer = await this.request('POST', `${queuePath(queueCode)}/subscriptions`, { body: { event_type: eventType }, setup: true });
		return this.expect(Subscription, answer, `the subscription to ${eventType}`);
	}

	async setSubscriptionActive(queueCode: string, subscriptionCode: string, active: boolean): Promise<void> {
		await this.request('PUT', `${queuePath(queueCode)}/subscriptions/${encodeURIComponent(subscriptionCode)}`, { body: { active }, setup: true });
	}

	/**
	 * The next batch of the queue; `ackId` (the previous batch's) acknowledges that batch. Undefined when Tiki
	 * no longer has the queue (404).
	 */
	async pull(queueCode: string, ackId: string | null): Promise<TikiPullAnswer | undefined> {
		const answer = await this.request('POST', `${queuePath(queueCode)}/events/pull`, { body: { ack_id: ackId }, acceptedFailures: ['404'] });
		return answer === undefined ? undefined : this.expect(PullAnswer, answer, 'the pulled events');
	}

	/** The full order, or null when Tiki does not know the code (404); no attempt or wait lasts past `deadline`. */
	async getOrder(orderCode: string, deadline: number): Promise<IDataObject | null> {
		const answer = await this.request(
			'GET',
			`/integration/v2/orders/${encodeURIComponent(orderCode)}`,
			{ acceptedFailures: ['404'], guidance: ORDER_GUIDANCE },
			deadline,
		);
		return (answer as IDataObject | undefined) ?? null;
	}

	/**
	 * One call; `guidance` says, for this route, what a failure means beside the queue's own advice. A call that
	 * sets the queue up (`setup`: the first poll of every activation and n8n start checks it) is sent again while
	 * Tiki is unavailable, as every platform's registration is (registrationRetry.ts).
	 */
	private async request(
		method: IHttpRequestMethods,
		path: string,
		{ guidance, setup, ...call }: Omit<PlatformCall, 'method' | 'path'> & { guidance?: Record<string, string>; setup?: boolean } = {},
		deadline?: number,
	): Promise<unknown> {
		const routed = guidance ? { ...this.platform, guidance: { ...this.platform.guidance, ...guidance } } : this.platform;
		const platform = setup ? { ...routed, retry: REGISTRATION_RETRY } : routed;
		return requestPlatform<unknown>(this.context, platform, { method, path, ...call }, { credential: this.credential, deadline });
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
