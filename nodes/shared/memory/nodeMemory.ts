import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { isTestListen } from '../lifecycle/ownWebhookUrl';

type NodeContext = Pick<IWebhookFunctions, 'getWorkflow' | 'getNode' | 'getMode'>;

/** Every map of this process keyed by node scope, so that a node's entries go when its workflow is deactivated. */
const scopedMaps = new Set<Map<string, unknown>>();

/**
 * `<workflow id>:<node id>:<mode>`: what a node keeps in this process between requests (remembered deliveries,
 * a decrypted credential, when the platform was last asked) is kept per node and per mode, so that a test
 * listen's deliveries never share it with production's.
 */
export function nodeScope(context: NodeContext): string {
	return `${context.getWorkflow().id}:${context.getNode().id}:${context.getMode()}`;
}

/** A map whose keys start with a node's scope (`nodeScope`, optionally followed by `:` and more). */
export function nodeScopedMap<V>(): Map<string, V> {
	const map = new Map<string, V>();
	scopedMaps.add(map as Map<string, unknown>);
	return map;
}

/**
 * Frees what this process keeps for the node a hook runs for: its production and test memory when its
 * workflow is deactivated or deleted, a test listen's alone when the listen ends. Other n8n processes (queue
 * mode's webhook processes) keep theirs until they restart; what they keep is bounded by time.
 */
export function forgetNode(context: IHookFunctions): void {
	const node = `${context.getWorkflow().id}:${context.getNode().id}:`;
	const scopes = (isTestListen(context) ? ['manual'] : ['webhook', 'manual', 'trigger']).map((mode) => `${node}${mode}`);
	for (const map of scopedMaps) {
		for (const key of map.keys()) {
			if (scopes.some((scope) => key === scope || key.startsWith(`${scope}:`))) map.delete(key);
		}
	}
}
