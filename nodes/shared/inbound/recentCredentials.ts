import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';
import { nodeScope, nodeScopedMap } from '../memory/nodeMemory';

/** How long a trigger reuses a credential it decrypted; a changed credential applies after this at most. */
export const CREDENTIAL_REUSE_MS = 30_000;

/** A refresh reads the credential again only when the copy at hand is older: forged deliveries cannot make it read on each. */
const REFRESH_AFTER_MS = 1_000;

const recent = nodeScopedMap<{ at: number; value: ICredentialDataDecryptedObject }>();

/** Reads under way, by key: requests that need a fresh copy while one is being read wait for that read. */
const reading = nodeScopedMap<{ at: number; value: Promise<ICredentialDataDecryptedObject> }>();

/**
 * The node's credential, decrypted at most once per CREDENTIAL_REUSE_MS. n8n reads and decrypts a
 * credential from its database on every call, which measured as half the cost of an authenticated
 * delivery through n8n (bench/RESULTS.md); a trigger that checks every delivery against its credential
 * reuses it briefly instead. Keyed by workflow, node and credential id, so another credential is read anew.
 * `refresh` reads it anew sooner (when the copy is over a second old), before refusing a delivery that a
 * credential changed since may accept. Requests that need a new copy while one is being read share that
 * read: it began less than a second ago, the same bound a refresh already allows, and a burst of forged
 * deliveries costs one read instead of one per request in flight.
 */
export async function recentCredentials<T extends object>(
	context: IWebhookFunctions,
	type: string,
	{ refresh = false }: { refresh?: boolean } = {},
): Promise<T> {
	const node = context.getNode();
	const key = `${nodeScope(context)}:${type}:${node.credentials?.[type]?.id ?? ''}`;
	const hit = recent.get(key);
	const now = Date.now();
	if (hit && now - hit.at < (refresh ? REFRESH_AFTER_MS : CREDENTIAL_REUSE_MS)) return hit.value as T;
	const underway = reading.get(key);
	if (underway && now - underway.at < REFRESH_AFTER_MS) return (await underway.value) as T;
	const value = context.getCredentials<ICredentialDataDecryptedObject>(type);
	const read = { at: now, value };
	reading.set(key, read);
	try {
		const credential = await value;
		recent.set(key, { at: now, value: credential });
		return credential as T;
	} finally {
		if (reading.get(key) === read) reading.delete(key);
	}
}
