import type { IHookFunctions, IHttpRequestOptions, IPollFunctions, IWebhookFunctions, JsonObject } from 'n8n-workflow';

/**
 * Registration runs in hook contexts; a trigger may also call its platform while answering a delivery, and a
 * polling trigger calls it on every poll.
 */
export type ApiContext = IHookFunctions | IWebhookFunctions | IPollFunctions;
import { NodeApiError } from 'n8n-workflow';

export interface PlatformRequest {
	/** The credential type whose authentication n8n applies (API key header, OAuth2 token). */
	credentialType: string;
	/** What the user should do, by HTTP status; `default` for no answer or any other status. */
	guidance: Record<string, string> & { default: string };
	/** Statuses that mean "already as wanted" (a DELETE answered 404): resolved as undefined instead of thrown. */
	acceptedFailures?: string[];
}

/**
 * One call to a platform's API through n8n's `httpRequestWithAuthentication`. A failure becomes a
 * NodeApiError whose message says what to fix, with the request and status, and whose description keeps
 * the platform's own reason.
 */
export async function requestPlatform<T>(
	context: ApiContext,
	platform: PlatformRequest,
	request: IHttpRequestOptions,
): Promise<T | undefined> {
	try {
		return (await context.helpers.httpRequestWithAuthentication.call(context, platform.credentialType, {
			json: true,
			timeout: 20_000,
			...request,
		})) as T;
	} catch (error) {
		// n8n puts a network error's code (ECONNABORTED …) where an HTTP status would be
		const code = error instanceof NodeApiError ? error.httpCode : null;
		const httpCode = code && /^\d{3}$/.test(code) ? code : null;
		if (httpCode && platform.acceptedFailures?.includes(httpCode)) return undefined;
		// n8n hands back an existing NodeApiError unchanged, so the new one is built from its cause
		const cause = error instanceof NodeApiError && error.cause ? error.cause : error;
		const route = `${request.method ?? 'GET'} ${new URL(request.url).pathname}`;
		const guidance = `${(httpCode && platform.guidance[httpCode]) || platform.guidance.default} (${route}${httpCode ? `: HTTP ${httpCode}` : ''})`;
		const failure = new NodeApiError(context.getNode(), cause as JsonObject, { message: guidance, httpCode: httpCode ?? undefined });
		// Without an answer NodeApiError replaces message and description with its own words for the network
		// error (timeout, refused); the guidance is put back in front of them.
		if (!httpCode) failure.description = [guidance, failure.description].filter(Boolean).join('. ');
		throw failure;
	}
}
