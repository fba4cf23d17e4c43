import type { IHookFunctions } from 'n8n-workflow';

import { registeringInstance } from './instanceIdentity';

/**
 * Whose a URL registered at a platform is, seen from the node that a context runs:
 * - `current`: the URL this context serves (query aside);
 * - `sameKind`: another URL of this node of the same kind (production or test), e.g. one from before WEBHOOK_URL changed;
 * - `otherKind`: this node's URL of the other kind: the production URL seen from a test listen, a test URL seen
 *   from production;
 * - `foreign`: any other URL.
 */
export type UrlOwner = 'current' | 'sameKind' | 'otherKind' | 'foreign';

interface WebhookAddress {
	/** Scheme, host and path: the URL without query or fragment. */
	address: string;
	/** The path segment before the node's webhook id: n8n's production or test endpoint. */
	endpoint?: string;
	/** The path from the node's webhook id on, the same in every URL of the node. */
	nodePath?: string;
}

function addressOf(url: string, marker: string | undefined): WebhookAddress | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return undefined;
	}
	const { pathname } = parsed;
	const address = `${parsed.origin}${pathname}`;
	const at = marker ? pathname.lastIndexOf(marker) : -1;
	if (at < 0) return { address };
	const before = pathname.slice(0, at);
	return { address, endpoint: before.slice(before.lastIndexOf('/') + 1), nodePath: pathname.slice(at) };
}

/**
 * n8n builds a node's URLs as `<WEBHOOK_URL><endpoint>/<webhookId>/<path>`, with one endpoint for production
 * (`webhook`, N8N_ENDPOINT_WEBHOOK) and one for test listens (`webhook-test`, N8N_ENDPOINT_WEBHOOK_TEST), however
 * an operator names them. A URL whose path ends in this node's `/<webhookId>/<path>` is therefore this node's
 * whatever its host, and of the current URL's kind when the endpoint before the webhook id is the same.
 */
export function urlOwnerFor(context: Pick<IHookFunctions, 'getNode' | 'getNodeWebhookUrl'>): (url: string | undefined) => UrlOwner {
	const { webhookId } = context.getNode();
	const marker = webhookId ? `/${webhookId}/` : undefined;
	const current = addressOf(context.getNodeWebhookUrl('default') ?? '', marker);
	return (url) => {
		const candidate = url === undefined ? undefined : addressOf(url, marker);
		if (!current || !candidate) return 'foreign';
		if (candidate.address === current.address) return 'current';
		if (current.nodePath === undefined || candidate.nodePath !== current.nodePath) return 'foreign';
		return candidate.endpoint === current.endpoint ? 'sameKind' : 'otherKind';
	};
}

/**
 * Whose a URL registered at a platform is, as urlOwnerFor says, and by which n8n instance (the tag the URL
 * carries, instanceIdentity.ts): a URL tagged by another instance is `foreign` (a copy of the workflow in another
 * n8n, with the same path on another host). One without a tag (registered before tags) counts as this node's at
 * its current URL or where `recorded` says the node registered it; elsewhere a path alone does not make it ours.
 */
export function registrationOwnerFor(
	context: Pick<IHookFunctions, 'getNode' | 'getNodeWebhookUrl' | 'getInstanceId'>,
	recorded: (url: string) => boolean = () => false,
): (url: string | undefined) => UrlOwner {
	const ownerOf = urlOwnerFor(context);
	return (url) => {
		const owner = ownerOf(url);
		if (url === undefined || owner === 'foreign') return owner;
		const instance = registeringInstance(url, context);
		if (instance === 'another') return 'foreign';
		if (instance === 'untagged' && owner === 'sameKind' && !recorded(url)) return 'foreign';
		return owner;
	};
}

/** Whether the URL is one this context may replace or remove: its own, or an older URL of the same kind. */
export function isOwnOfThisKind(owner: UrlOwner): boolean {
	return owner === 'current' || owner === 'sameKind';
}

/**
 * Whether checkExists or create runs for "Listen for test event": n8n's TestWebhooks runs them in mode `manual`,
 * with the test URL and an empty copy of the static data. (Its delete runs in mode `internal`, as a
 * deactivation's does: there the URL and the state the test's create left tell the two apart.)
 */
export function isTestListen(context: Pick<IHookFunctions, 'getMode'>): boolean {
	return context.getMode() === 'manual';
}
