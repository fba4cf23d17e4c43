import { createHash } from 'crypto';
import type { IHookFunctions } from 'n8n-workflow';

/** The query parameter that carries the instance tag in a URL registered at a platform. */
export const INSTANCE_PARAMETER = 'n8n-instance';

type InstanceContext = Pick<IHookFunctions, 'getInstanceId'>;

let lastTag: { instanceId: string; tag: string } | undefined;

/**
 * A short, one-way tag of the n8n instance that runs the node (n8n's instance id, which n8n derives from the
 * instance's encryption key and keeps in its database). Registrations carry it, so that a copy of a workflow
 * in another n8n (same workflow and node ids, another host) does not take them for its own. A restored copy
 * of the same database, or one given the same N8N_INSTANCE_ID, is the same instance for n8n and for the node.
 */
export function instanceTag(context: InstanceContext): string {
	const instanceId = context.getInstanceId();
	// a process serves one instance: the tag is hashed once, not with every delivery that compares it
	if (lastTag?.instanceId !== instanceId) {
		lastTag = { instanceId, tag: createHash('sha256').update(`n8n-nodes-marketplace-webhooks:${instanceId}`).digest('hex').slice(0, 16) };
	}
	return lastTag.tag;
}

/** The URL with this instance's tag in its query. */
export function withInstanceTag(url: string, context: InstanceContext): string {
	const tagged = new URL(url);
	tagged.searchParams.set(INSTANCE_PARAMETER, instanceTag(context));
	return tagged.toString();
}

/**
 * Which instance registered a URL: this one, another one, or none said (registered by a version before tags,
 * or by hand).
 */
export function registeringInstance(url: string | undefined, context: InstanceContext): 'this' | 'another' | 'untagged' {
	let tag: string | null = null;
	try {
		tag = url === undefined ? null : new URL(url).searchParams.get(INSTANCE_PARAMETER);
	} catch {
		return 'untagged';
	}
	if (tag === null) return 'untagged';
	return tag === instanceTag(context) ? 'this' : 'another';
}
