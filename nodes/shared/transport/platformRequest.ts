import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { parseJsonExactly } from '../inbound/exactJson';
import type { FailedAttempt, RetryPolicy } from './retryPolicy';
import { certainlyNotApplied, retryDelay } from './retryPolicy';
import { answeredFailure, FAILURES_RESOLVED, FAILURES_THROWN, isSuccess, NoAnswerInTime, requestFailureOf } from './requestFailure';
import type { RequestFailure } from './requestFailure';
import { inSeconds, settleWithin } from './timeLimit';

/**
 * Registration runs in hook contexts; a trigger may also call its platform while answering a delivery, a
 * polling trigger calls it on every poll, and an action node for its items.
 */
export type ApiContext = IHookFunctions | IWebhookFunctions | IPollFunctions | IExecuteFunctions | ILoadOptionsFunctions;

/** A URL the credential configures (typed by the user or its default), and the field the user fixes when it is wrong. */
export interface ConfiguredUrl {
	url: string;
	field: string;
}

/** Where a platform's API lives for one credential. */
export interface PlatformLocation {
	/** Every route hangs below it. */
	baseUrl: string;
	/** Each URL the credential configures: all are checked before a request is sent. */
	configured: ConfiguredUrl[];
}

type Advice = string | ((failure: FailedAttempt) => string);

export interface PlatformRequest {
	/** The credential type whose authentication n8n applies (API key header, OAuth2 token, Bearer token). */
	credentialType: string;
	/** The credential as the user sees it in n8n ("Shopkit API"). */
	credentialDisplayName: string;
	/** The platform as a sentence names it: "Shopkit", "The marketplace". */
	name: string;
	locate(credential: ICredentialDataDecryptedObject): PlatformLocation;
	/** What the user should do, by HTTP status; `default` for no answer or any other status. */
	guidance: Record<string, Advice> & { default: Advice };
	/** Absent: every failure is final at once. */
	retry?: RetryPolicy;
	/**
	 * What a message's closing parentheses name: the route and status (the default), or the number of
	 * attempts, for a client of one route that retries.
	 */
	cite?: 'route' | 'attempts';
	/** The answers are read as text and parsed exactly, so that ids beyond 2^53 keep their digits (exactJson.ts). */
	exactIntegers?: boolean;
	/** The credential holds a token that n8n fetches and renews when the platform answers 401 (OAuth2, a preAuthentication). */
	renewsToken?: boolean;
}

export interface PlatformCall {
	method: IHttpRequestMethods;
	/** Below the base URL; none for a platform whose configured URL is the endpoint itself. */
	path?: string;
	body?: object;
	qs?: Record<string, string>;
	/** Sent as they are with every attempt (the credential's authentication is added by n8n). */
	headers?: Record<string, string>;
	/** How long one attempt may take, token requests n8n makes for it included (20 s unless given). */
	timeoutMs?: number;
	/** Statuses that mean "already as wanted" (a DELETE answered 404): resolved without a body instead of thrown. */
	acceptedFailures?: string[];
}

/** The credential read and its URLs checked once, for a node that sends many requests with it. */
export interface PlatformCredential {
	decrypted: ICredentialsDecrypted;
	location: PlatformLocation;
}

export interface CallOptions {
	credential?: PlatformCredential;
	/** Epoch ms: no attempt starts, waits or lasts beyond it, whatever Retry-After asks. */
	deadline?: number;
	/** Asked before every retry: once true, the last failure is final. */
	stopped?: () => boolean;
	itemIndex?: number;
}

export interface PlatformAnswer<T> {
	/** Undefined for an accepted failure. */
	body: T | undefined;
	attempts: number;
}

/** What a final failure was, beyond the NodeApiError's words, for callers that report many of them. */
export interface PlatformFailure extends FailedAttempt {
	attempts: number;
	/** From the start of the first attempt to the end of the last. */
	waitedMs: number;
	/** Why no further attempt was made: the policy said so, the caller stopped, or the wait would pass the deadline. */
	end: 'final' | 'stopped' | 'deadline';
	/** The platform's answer, as sent. */
	answer?: unknown;
	/** The failures of the attempts before the last one, oldest first. */
	earlier: FailedAttempt[];
}

const failures = new WeakMap<object, PlatformFailure>();

/** Whether none of a failed call's attempts may have been applied: each was refused, or says it was not processed. */
export function noAttemptApplied(failure: PlatformFailure): boolean {
	return [...failure.earlier, failure].every(certainlyNotApplied);
}

export function platformFailureOf(error: unknown): PlatformFailure | undefined {
	return typeof error === 'object' && error !== null ? failures.get(error) : undefined;
}

function isHttpUrl(value: string): boolean {
	try {
		const { protocol } = new URL(value);
		return protocol === 'https:' || protocol === 'http:';
	} catch {
		return false;
	}
}

/** The credential, read once, with every URL it configures checked: a bad one fails naming its field. */
export async function readPlatformCredential(context: ApiContext, platform: PlatformRequest): Promise<PlatformCredential> {
	const data = await context.getCredentials<ICredentialDataDecryptedObject>(platform.credentialType);
	const location = platform.locate(data);
	for (const { url, field } of location.configured) {
		if (isHttpUrl(url)) continue;
		throw new NodeOperationError(
			context.getNode(),
			url
				? `The ${field} of the ${platform.credentialDisplayName} credential is not an http(s) URL: "${url}"`
				: `The ${field} of the ${platform.credentialDisplayName} credential is empty`,
			{ description: `Open the credential and enter the whole address, starting with https:// (or http://).` },
		);
	}
	const reference = context.getNode().credentials?.[platform.credentialType];
	return { decrypted: { id: reference?.id ?? '', name: reference?.name ?? '', type: platform.credentialType, data }, location };
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ANSWER_TEXT_KEYS = ['message', 'error', 'error_description', 'detail', 'reason', 'errors'];

/** The platform's own reason in its answer: `message`, `error` (or `error.message`), `errors` … or a short text body. */
function reasonIn(answer: unknown): string | undefined {
	if (typeof answer === 'string') {
		const text = answer.trim();
		return text && !text.startsWith('<') ? text : undefined;
	}
	if (Array.isArray(answer)) return answer.map(reasonIn).filter(Boolean).join('; ') || undefined;
	if (!isRecord(answer)) return undefined;
	for (const key of ANSWER_TEXT_KEYS) {
		const reason = reasonIn(answer[key]);
		if (reason) return reason;
	}
	return undefined;
}

/** How long a reason a message quotes; the whole answer stays in the error's context. */
const REASON_MAX_LENGTH = 300;

function shortened(text: string): string {
	return text.length > REASON_MAX_LENGTH ? `${text.slice(0, REASON_MAX_LENGTH - 1)}…` : text;
}

/** The default of PlatformCall.timeoutMs. */
const ATTEMPT_TIMEOUT_MS = 20_000;

/**
 * How long after an attempt's end n8n's own request timeout fires: it closes the socket where n8n sends its
 * execution's signal instead of this package's (an action node), and never ends an attempt before this package does.
 */
const SOCKET_GRACE_MS = 1_000;

/** A failure without an answer that says the wait ran out: this package's, n8n's request timeout, or a token request's. */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

function failedAttempt(cause: RequestFailure): FailedAttempt {
	const { response } = cause;
	if (response) {
		const retryAfter = response.headers['retry-after'];
		return { status: response.status, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined };
	}
	// this package's own timeout says nothing the waited time does not
	return { code: cause.code, reason: cause instanceof NoAnswerInTime ? undefined : cause.message };
}

/**
 * What a call whose last attempt got no answer in time waited for, and how long, with what each attempt's
 * wait ended on when that was not this package's own limit: "No answer in 29.5 s, 3 attempts; Shopgate's auth
 * service gave no access token within 10 s (POST https://auth.shopgate.io/oauth/token)".
 */
function noAnswerWords(failure: PlatformFailure): string {
	const attempts = failure.attempts > 1 ? `, ${failure.attempts} attempts` : '';
	const reasons = new Set([...failure.earlier, failure].map((attempt) => attempt.reason).filter((reason): reason is string => Boolean(reason)));
	return [`No answer in ${inSeconds(failure.waitedMs)}${attempts}`, ...reasons].join('; ');
}

function platformError(
	context: ApiContext,
	platform: PlatformRequest,
	request: { method: IHttpRequestMethods; url: string },
	cause: RequestFailure,
	failure: PlatformFailure,
	itemIndex: number | undefined,
): NodeApiError {
	const { response } = cause;
	const httpCode = failure.status === undefined ? undefined : String(failure.status);
	const advice = (httpCode && platform.guidance[httpCode]) || platform.guidance.default;
	const guidance = typeof advice === 'function' ? advice(failure) : advice;
	const reason = httpCode ? reasonIn(response?.data) : undefined;
	// A reason that only repeats the status line ("Unauthorized") says nothing the status does not
	const quoted = reason && reason.toLowerCase() !== response?.statusText?.toLowerCase() ? `. ${platform.name}'s answer: "${shortened(reason)}"` : '';
	const cite =
		platform.cite === 'attempts'
			? `after ${failure.attempts} attempt${failure.attempts > 1 ? 's' : ''}`
			: `${request.method} ${new URL(request.url).pathname}${httpCode ? `: HTTP ${httpCode}` : ''}`;
	const apiError = new NodeApiError(context.getNode(), cause as unknown as JsonObject, {
		message: `${guidance}${quoted} (${cite})`,
		description: reason ? shortened(reason) : undefined,
		httpCode,
		itemIndex,
	});
	if (!httpCode) wordWithoutAnswer(apiError, failure, guidance, cite);
	failures.set(apiError, failure);
	return apiError;
}

/**
 * The words of a failure without an answer. NodeApiError replaces them with its own for the network error:
 * the guidance is put in front of those (refused, reset); a timeout it words as a dropped connection and
 * advises "Retry on Fail", which no trigger has, so that is said as what was waited for and how long.
 */
function wordWithoutAnswer(apiError: NodeApiError, failure: PlatformFailure, guidance: string, cite: string): void {
	if (failure.code !== undefined && TIMEOUT_CODES.has(failure.code)) {
		apiError.message = `${guidance} (${cite})`;
		apiError.description = noAnswerWords(failure);
		return;
	}
	apiError.description = [guidance, apiError.description].filter(Boolean).join('. ');
}

/** An answer read as text, parsed as JSON exactly; text that is not JSON (an empty answer) stays as it came. */
function exactly(answer: unknown): unknown {
	if (typeof answer !== 'string') return answer;
	const parsed = parseJsonExactly(answer);
	return parsed.ok ? parsed.value : answer;
}

/** The request's timeout, shortened so that it ends by the deadline. */
function timeoutWithin(timeoutMs: number, deadline: number | undefined): number {
	return deadline === undefined ? timeoutMs : Math.max(1, Math.min(timeoutMs, deadline - Date.now()));
}

/**
 * One call to a platform's API through n8n's `httpRequestWithAuthentication`, sent again as the platform's
 * retry policy says. A final failure is a NodeApiError whose message says what to fix, quotes the
 * platform's own reason and names the request; `platformFailureOf` tells its status, attempts and answer.
 */
export async function sendToPlatform<T>(
	context: ApiContext,
	platform: PlatformRequest,
	call: PlatformCall,
	options: CallOptions = {},
): Promise<PlatformAnswer<T>> {
	const credential = options.credential ?? (await readPlatformCredential(context, platform));
	const url = `${credential.location.baseUrl.replace(/\/+$/, '')}${call.path ?? ''}`;
	const earlier: FailedAttempt[] = [];
	const started = Date.now();
	for (let attempt = 0; ; attempt++) {
		try {
			const body = await attemptOnce(context, platform, call, url, options);
			return { body: body as T, attempts: attempt + 1 };
		} catch (error) {
			const cause = requestFailureOf(error);
			const { response } = cause;
			if (platform.exactIntegers && response) response.data = exactly(response.data);
			const failed = failedAttempt(cause);
			if (failed.status !== undefined && call.acceptedFailures?.includes(String(failed.status))) {
				return { body: undefined, attempts: attempt + 1 };
			}
			const end = await waitForRetry(platform.retry ? retryDelay(failed, attempt, platform.retry) : undefined, options);
			if (end !== undefined) {
				const answer = response?.data;
				const failure = { ...failed, attempts: attempt + 1, waitedMs: Date.now() - started, end, answer, earlier };
				throw platformError(context, platform, { method: call.method, url }, cause, failure, options.itemIndex);
			}
			earlier.push(failed);
		}
	}
}

/**
 * A request through n8n's request helper, answered whatever its status. n8n 1.x resolves a 401 with the other
 * failures, where 2.x throws it, renews the credential's token and sends the request again: a 401 is sent again
 * here, with the 401 thrown where the credential has a token for 1.x to renew.
 */
async function answerOf(context: ApiContext, platform: PlatformRequest, request: IHttpRequestOptions, credential: PlatformCredential | undefined) {
	const send = async (failures: typeof FAILURES_RESOLVED) =>
		(await context.helpers.httpRequestWithAuthentication.call(
			context,
			platform.credentialType,
			{ ...request, ...failures },
			credential ? { credentialsDecrypted: credential.decrypted } : undefined,
		)) as IN8nHttpFullResponse;
	const answer = await send(FAILURES_RESOLVED);
	if (answer.statusCode !== 401) return answer;
	return await send(platform.renewsToken ? FAILURES_THROWN : FAILURES_RESOLVED);
}

/**
 * One attempt through n8n's request helper: the answer's body, its integers exact where the platform's are.
 * The attempt ends by its time (the call's timeout, cut to the deadline) whatever n8n is still doing for it:
 * fetching a token, connecting, or reading an answer that trickles in. An answer whose status is a failure
 * is thrown as a RequestFailure, read from the answer itself on every n8n version.
 */
async function attemptOnce(context: ApiContext, platform: PlatformRequest, call: PlatformCall, url: string, options: CallOptions): Promise<unknown> {
	const limitMs = timeoutWithin(call.timeoutMs ?? ATTEMPT_TIMEOUT_MS, options.deadline);
	const abandoned = new AbortController();
	const request: IHttpRequestOptions = {
		method: call.method,
		url,
		body: call.body,
		qs: call.qs,
		headers: call.headers,
		json: true,
		encoding: platform.exactIntegers ? 'text' : undefined,
		timeout: limitMs + SOCKET_GRACE_MS,
		abortSignal: abandoned.signal,
	};
	const answer = await settleWithin(answerOf(context, platform, request, options.credential), limitMs, () => {
		// closes the request's socket; in an action node n8n sends the execution's own signal instead
		abandoned.abort();
		throw new NoAnswerInTime(limitMs);
	});
	if (!isSuccess(answer)) throw answeredFailure(answer);
	return platform.exactIntegers ? exactly(answer.body) : answer.body;
}

/**
 * After a failed attempt: how the call ends (no retry left, stopped, or the retry would end past the
 * deadline), or undefined once the retry's delay has passed and the call may be sent again.
 */
async function waitForRetry(delay: number | undefined, options: CallOptions): Promise<PlatformFailure['end'] | undefined> {
	if (delay === undefined) return 'final';
	if (options.stopped?.()) return 'stopped';
	if (options.deadline !== undefined && Date.now() + delay >= options.deadline) return 'deadline';
	await sleep(delay);
	return options.stopped?.() ? 'stopped' : undefined;
}

/** The answer's body alone: what a client needs that does not count attempts. */
export async function requestPlatform<T>(context: ApiContext, platform: PlatformRequest, call: PlatformCall, options?: CallOptions): Promise<T | undefined> {
	return (await sendToPlatform<T>(context, platform, call, options)).body;
}
