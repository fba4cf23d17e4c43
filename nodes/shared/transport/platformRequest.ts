import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { parseJsonExactly } from '../inbound/exactJson';
import type { FailedAttempt, RetryPolicy } from './retryPolicy';
import { retryDelay } from './retryPolicy';

/**
 * Registration runs in hook contexts; a trigger may also call its platform while answering a delivery, a
 * polling trigger calls it on every poll, and an action node for its items.
 */
export type ApiContext = IHookFunctions | IWebhookFunctions | IPollFunctions | IExecuteFunctions;

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
}

export interface PlatformCall {
	method: IHttpRequestMethods;
	/** Below the base URL; none for a platform whose configured URL is the endpoint itself. */
	path?: string;
	body?: object;
	qs?: Record<string, string>;
	/** Sent as they are with every attempt (the credential's authentication is added by n8n). */
	headers?: Record<string, string>;
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
	/** Why no further attempt was made: the policy said so, the caller stopped, or the wait would pass the deadline. */
	end: 'final' | 'stopped' | 'deadline';
	/** The platform's answer, as sent. */
	answer?: unknown;
	/** The failures of the attempts before the last one, oldest first. */
	earlier: FailedAttempt[];
}

const failures = new WeakMap<object, PlatformFailure>();

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

interface HttpFailureCause {
	code?: string;
	response?: { status?: number; statusText?: string; headers?: Record<string, string>; data?: unknown };
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

function causeOf(error: unknown): unknown {
	// n8n hands back an existing NodeApiError unchanged, so a new one is built from its cause
	return error instanceof NodeApiError && error.cause ? error.cause : error;
}

function failedAttempt(error: unknown): FailedAttempt {
	const cause = causeOf(error) as HttpFailureCause | undefined;
	// n8n puts a network error's code (ECONNABORTED …) where an HTTP status would be
	const httpCode = error instanceof NodeApiError ? error.httpCode : null;
	const status = httpCode && /^\d{3}$/.test(httpCode) ? Number(httpCode) : cause?.response?.status;
	return {
		status,
		code: status === undefined ? (cause?.code ?? (error as { code?: string }).code) : undefined,
		retryAfter: cause?.response?.headers?.['retry-after'],
	};
}

function platformError(
	context: ApiContext,
	platform: PlatformRequest,
	request: { method: IHttpRequestMethods; url: string },
	error: unknown,
	failure: PlatformFailure,
	itemIndex: number | undefined,
): NodeApiError {
	const cause = causeOf(error);
	const response = (cause as HttpFailureCause | undefined)?.response;
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
	const apiError = new NodeApiError(context.getNode(), cause as JsonObject, {
		message: `${guidance}${quoted} (${cite})`,
		description: reason ? shortened(reason) : undefined,
		httpCode,
		itemIndex,
	});
	// Without an answer NodeApiError replaces the description with its own words for the network error
	// (timeout, refused); the guidance is put in front of them.
	if (!httpCode) apiError.description = [guidance, apiError.description].filter(Boolean).join('. ');
	failures.set(apiError, failure);
	return apiError;
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
	for (let attempt = 0; ; attempt++) {
		try {
			const body = await attemptOnce(context, platform, call, url, credential, options);
			return { body: body as T, attempts: attempt + 1 };
		} catch (error) {
			const response = (causeOf(error) as HttpFailureCause | undefined)?.response;
			if (platform.exactIntegers && response) response.data = exactly(response.data);
			const failed = failedAttempt(error);
			if (failed.status !== undefined && call.acceptedFailures?.includes(String(failed.status))) {
				return { body: undefined, attempts: attempt + 1 };
			}
			const end = await waitForRetry(platform.retry ? retryDelay(failed, attempt, platform.retry) : undefined, options);
			if (end !== undefined) {
				const answer = response?.data;
				throw platformError(context, platform, { method: call.method, url }, error, { ...failed, attempts: attempt + 1, end, answer, earlier }, options.itemIndex);
			}
			earlier.push(failed);
		}
	}
}

/** One attempt through n8n's request helper: the answer's body, its integers exact where the platform's are. */
async function attemptOnce(
	context: ApiContext,
	platform: PlatformRequest,
	call: PlatformCall,
	url: string,
	credential: PlatformCredential,
	options: CallOptions,
): Promise<unknown> {
	const body = await context.helpers.httpRequestWithAuthentication.call(
		context,
		platform.credentialType,
		{
			method: call.method,
			url,
			body: call.body,
			qs: call.qs,
			headers: call.headers,
			json: true,
			encoding: platform.exactIntegers ? 'text' : undefined,
			timeout: timeoutWithin(call.timeoutMs ?? 20_000, options.deadline),
		},
		options.credential ? { credentialsDecrypted: credential.decrypted } : undefined,
	);
	return platform.exactIntegers ? exactly(body) : body;
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
