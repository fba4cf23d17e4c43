import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INode,
	INodeCredentialTestResult,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { KINGUIN } from '../../../credentials/platforms/kinguin';
import type { KinguinWebhookCredential } from '../../../credentials/platforms/kinguin';
import type { AuthenticationFailure } from '../../shared/inbound/authenticationFailure';
import { secretFailure } from '../../shared/inbound/authenticationFailure';
import { recentCredentials } from '../../shared/inbound/recentCredentials';
import { secretsMatch } from '../../shared/inbound/secrets';

/** Below this a secret can be guessed by anyone who finds the webhook URL. */
const MINIMUM_SECRET_LENGTH = 16;

/**
 * What is wrong with a Kinguin secret key, in words that say what to do, or undefined when it can keep forged
 * deliveries out. One rule for the credential test, activation and every delivery.
 */
function kinguinSecretProblem(secret: string): string | undefined {
	if (secret.length === 0) return 'Secret Key is empty: enter the key you set in the Kinguin dashboard';
	if (/^\s|\s$/.test(secret)) {
		return 'Secret Key starts or ends with a space: Kinguin sends the key exactly as typed in its dashboard';
	}
	if (secret.length < MINIMUM_SECRET_LENGTH) {
		return `Secret Key has ${secret.length} character${secret.length === 1 ? '' : 's'}: use at least ${MINIMUM_SECRET_LENGTH} random characters, here and in the Kinguin dashboard`;
	}
	return undefined;
}

const WHAT_TO_DO =
	'Open the Kinguin Webhook API credential, enter in Secret Key the key you set in the Kinguin dashboard (My Stores → store → Webhooks), at least 16 random characters and the same in both places, save it and activate the workflow again.';

/** A credential without a secret is a configuration fault, at activation and at a delivery alike. */
function missingKinguinSecret(node: INode): NodeOperationError {
	return new NodeOperationError(node, 'The Kinguin Webhook API credential has no secret key', { description: WHAT_TO_DO });
}

/**
 * The credential's secret, or the configuration error a secret that could be guessed is refused with where it is
 * used, as a missing one is: at activation, and at a delivery should the credential be weakened while the
 * workflow is active.
 */
export function usableKinguinSecret(node: INode, secret: string | undefined): string {
	if (!secret) throw missingKinguinSecret(node);
	const problem = kinguinSecretProblem(secret);
	if (problem) throw new NodeOperationError(node, `The Kinguin Webhook API credential's ${problem}`, { description: WHAT_TO_DO });
	return secret;
}

async function currentKinguinSecret(context: IWebhookFunctions, refresh: boolean): Promise<string> {
	const { secret } = await recentCredentials<KinguinWebhookCredential>(context, KINGUIN.credential, { refresh });
	return usableKinguinSecret(context.getNode(), secret);
}

/**
 * Whether `received` is the Secret Key the credential holds now; constant-time. A key that does not match the copy
 * at hand is compared again with the credential read anew (at most once a second, a read in flight shared:
 * recentCredentials), so a key changed in the credential a moment ago is accepted at once and a flood of wrong
 * keys costs n8n one read a second. A request without a key reads nothing more.
 */
export async function kinguinSecretMatches(context: IWebhookFunctions, received: string | undefined): Promise<boolean> {
	if (secretsMatch(await currentKinguinSecret(context, false), received)) return true;
	return received !== undefined && received !== '' && secretsMatch(await currentKinguinSecret(context, true), received);
}

/** Fails activation at once when the credential's secret is missing or weak, instead of accepting guessable deliveries. */
export async function requireKinguinSecret(context: IHookFunctions): Promise<void> {
	const { secret } = await context.getCredentials<KinguinWebhookCredential>(KINGUIN.credential);
	usableKinguinSecret(context.getNode(), secret);
}

/**
 * Kinguin offers no endpoint that could confirm a webhook secret, so the credential test checks what
 * a delivery will need: a secret that is set and long enough to keep forged deliveries out.
 */
export async function testKinguinWebhookSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problem = kinguinSecretProblem(String(credential.data?.secret ?? ''));
	if (problem) return { status: 'Error', message: problem };
	return { status: 'OK', message: 'Secret Key is set; deliveries must carry it in X-Event-Secret' };
}

export function kinguinSecretFailure(received: string | undefined): AuthenticationFailure {
	return secretFailure(
		received,
		'X-Event-Secret header',
		'the Secret Key of the Kinguin Webhook API credential',
		'Enter in the Kinguin dashboard (My Stores → your store → Webhooks) exactly the secret key saved in the credential, then send the test again.',
	);
}

/**
 * Whether a request sent no secret at all, as the TEST URL button does before a secret is set in the
 * dashboard: X-Event-Secret absent or empty. A header sent twice with different values is a secret sent.
 */
export function sendsNoSecret(headers: ReturnType<IWebhookFunctions['getHeaderData']>): boolean {
	return Object.entries(headers).every(([name, value]) => name.toLowerCase() !== 'x-event-secret' || value === '' || value === undefined);
}
