import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

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
 * Frees what this process keeps for the node a hook's delete runs for: when its workflow is deactivated or
 * deleted, or a test listen ends (n8n runs both deletes alike, in mode `internal`, so both free the node's whole
 * memory: production's rebuilds itself from the saved copy at its next delivery, which holds every delivery handed
 * over). Other n8n processes (queue mode's webhook processes) keep theirs until they restart; what they keep is
 * bounded by time.
 */
export function forgetNode(context: Pick<IHookFunctions, 'getWorkflow' | 'getNode'>): void {
	const node = `${context.getWorkflow().id}:${context.getNode().id}:`;
	for (const map of scopedMaps) {
		for (const key of map.keys()) {
			if (key.startsWith(node)) map.delete(key);
		}
	}
}
