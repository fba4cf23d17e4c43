import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { inSeconds } from './timeLimit';

/** A platform's answer: its status, headers and body. */
export interface HttpAnswer {
	status: number;
	statusText?: string;
	headers: IDataObject;
	data: unknown;
}

/**
 * What ended a failed attempt, in one shape whichever n8n version reported it: the platform's answer when
 * there was one, else the network code (ECONNRESET, ECONNABORTED …) and the words of whatever ended the wait.
 */
export class RequestFailure extends Error {
	readonly code?: string;

	readonly response?: HttpAnswer;

	constructor(message: string, failure: { code?: string; response?: HttpAnswer }) {
		super(message);
		this.code = failure.code;
		this.response = failure.response;
	}
}

/**
 * An attempt that got no answer within its time, ended here whatever the socket or n8n still does: n8n's
 * request timeout stops counting once an answer's headers are in (a body that trickles in is never cut), and
 * the token requests n8n makes for a call (OAuth2, a credential's preAuthentication) only by its 300 s
 * default. Its code is the one n8n's request helper gives its own timeout, so retry policies and
 * reports see one kind of timeout.
 */
export class NoAnswerInTime extends RequestFailure {
	constructor(waitedMs: number) {
		super(`no answer within ${inSeconds(waitedMs)}`, { code: 'ECONNABORTED' });
	}
}

/**
 * How the request helper is asked to hand back answers whose status is a failure: resolved with their status
 * and headers (`returnFullResponse`), which n8n 1.x's NodeApiError would drop; a 401 still thrown, so that
 * n8n 2.x renews the credential's token and sends the request again, as it does for any node.
 */
export const FAILURES_RESOLVED: Pick<IHttpRequestOptions, 'returnFullResponse' | 'ignoreHttpStatusErrors'> = {
	returnFullResponse: true,
	ignoreHttpStatusErrors: { ignore: true, except: [401] },
};

/** The same, with every failure thrown: how n8n 1.x renews a token, which resolves the 401 above with the rest. */
export const FAILURES_THROWN: Pick<IHttpRequestOptions, 'returnFullResponse' | 'ignoreHttpStatusErrors'> = { returnFullResponse: true };

export function isSuccess(answer: IN8nHttpFullResponse): boolean {
	return answer.statusCode >= 200 && answer.statusCode < 300;
}

/** A resolved answer whose status says the request failed, as the failure the call reports. */
export function answeredFailure(answer: IN8nHttpFullResponse): RequestFailure {
	return new RequestFailure(`Request failed with status code ${answer.statusCode}`, {
		response: { status: answer.statusCode, statusText: answer.statusMessage, headers: answer.headers ?? {}, data: answer.body },
	});
}

interface LibraryError {
	message?: string;
	code?: string;
	/** A credential's preAuthentication may say its status this way, without an answer. */
	httpCode?: string;
	response?: { status?: number; statusText?: string; headers?: IDataObject; data?: unknown };
}

const isStatus = (code: string | null | undefined): code is string => typeof code === 'string' && /^\d{3}$/.test(code);

/**
 * What a thrown failure was. n8n 2.x keeps the request library's error (axios's, or a credential's
 * preAuthentication's) as its NodeApiError's cause. n8n 1.x drops it: its ExecutionBaseError declares `cause`
 * as a class field, which resets what Error's constructor set. What 1.x keeps is the status or network code
 * (`httpCode`), an answer's JSON object (`context.data`) and the library's own words (`messages`).
 */
export function requestFailureOf(error: unknown): RequestFailure {
	if (error instanceof RequestFailure) return error;
	const wrapped = error instanceof NodeApiError ? error : undefined;
	const library = (wrapped ? wrapped.cause : error) as LibraryError | undefined;
	const httpCode = library?.httpCode ?? wrapped?.httpCode;
	const status = library?.response?.status ?? (isStatus(httpCode) ? Number(httpCode) : undefined);
	const message = library?.message ?? wrapped?.messages[0] ?? wrapped?.message ?? String(error);
	const response =
		status === undefined
			? undefined
			: {
					status,
					statusText: library?.response?.statusText,
					headers: library?.response?.headers ?? {},
					data: library?.response ? library.response.data : wrapped?.context.data,
				};
	return new RequestFailure(message, { code: library?.code ?? (isStatus(httpCode) ? undefined : (httpCode ?? undefined)), response });
}
