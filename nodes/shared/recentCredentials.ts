import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

/** How long a trigger reuses a credential it decrypted; a changed credential applies after this at most. */
export const CREDENTIAL_REUSE_MS = 30_000;

const recent = new Map<string, { at: number; value: ICredentialDataDecryptedObject }>();

/**
 * The node's credential, decrypted at most once per CREDENTIAL_REUSE_MS. n8n reads and decrypts a
 * credential from its database on every call, which measured as half the cost of an authenticated
 * delivery through n8n (bench/RESULTS.md); a trigger that checks every delivery against its credential
 * reuses it briefly instead. Keyed by workflow, node and credential id, so another credential is read anew.
 */
export async function recentCredentials<T extends object>(context: IWebhookFunctions, type: string): Promise<T> {
	const node = context.getNode();
	const key = `${context.getWorkflow().id}:${node.id}:${context.getMode()}:${type}:${node.credentials?.[type]?.id ?? ''}`;
	const hit = recent.get(key);
	const now = Date.now();
	if (hit && now - hit.at < CREDENTIAL_REUSE_MS) return hit.value as T;
	const value = await context.getCredentials<ICredentialDataDecryptedObject>(type);
	recent.set(key, { at: now, value });
	return value as T;
}
