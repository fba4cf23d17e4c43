import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { rejectUnauthorized } from './responses';
import { secretsMatch } from './secrets';

/**
 * Why a delivery did not authenticate, in words that name the header, URL parameter, address or credential
 * field that did not match: never a secret, nor what the delivery sent in its place.
 */
export interface AuthenticationFailure {
	/** What did not match, e.g. "its X-Event-Secret header does not match the Secret Key of the … credential". */
	reason: string;
	/** What to change so that it matches. */
	fix: string;
}

/** A secret a delivery carries in one place (a header, a URL parameter): missing there, or another one. */
export function secretFailure(received: string | undefined, where: string, expected: string, fix: string): AuthenticationFailure {
	return received === undefined || received === ''
		? { reason: `it has no ${where}`, fix }
		: { reason: `its ${where} does not match ${expected}`, fix };
}

/**
 * An `Authorization: Basic` header that did not match: missing, not Basic, another user (`userField`), or the
 * right user with another password (`passwordField`). Only the user part is compared here, to say which.
 */
export function basicFailure(
	authorization: string | undefined,
	expectedUser: string,
	{ userField, passwordField, fix }: { userField: string; passwordField: string; fix: string },
): AuthenticationFailure {
	if (!authorization) return { reason: 'it has no Authorization header', fix };
	const encoded = /^Basic\s+(\S+)\s*$/i.exec(authorization)?.[1];
	if (!encoded) return { reason: 'its Authorization header is not HTTP Basic', fix };
	const decoded = Buffer.from(encoded, 'base64').toString('utf8');
	const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
	return secretsMatch(expectedUser, user)
		? { reason: `its Basic user is right but its password does not match ${passwordField}`, fix }
		: { reason: `its Basic user is not ${userField}`, fix };
}

/** A header value a delivery shows in a message: not a secret (a User-Agent, an address), kept short. */
export function shown(value: string | undefined): string {
	if (value === undefined || value === '') return 'missing';
	return `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
}

/**
 * Refuses a delivery that did not authenticate. A production delivery is answered 401 and runs nothing, as
 * before. A test delivery ("Listen for test event") would leave the editor waiting without a word, so the node
 * answers it 401 too and then throws: n8n records the test execution as failed with this error, stops
 * listening, and the editor shows on the trigger why the delivery was refused. `failure` is only worked out
 * then, so production deliveries pay nothing for it.
 */
export function refuseUnauthenticated(
	context: IWebhookFunctions,
	failure: () => AuthenticationFailure,
	headers?: Record<string, string>,
): IWebhookResponseData {
	const answer = rejectUnauthorized(context, headers);
	if (context.getMode() !== 'manual') return answer;
	const { reason, fix } = failure();
	throw new NodeOperationError(context.getNode(), `A test delivery was refused (401): ${reason}`, {
		description: `${fix} Nothing of the delivery was used. In production, the node answers such a delivery 401 Unauthorized and starts nothing.`,
	});
}
