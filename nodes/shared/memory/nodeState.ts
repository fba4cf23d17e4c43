import type { IDataObject, IHookFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

type NodeContext = Pick<IHookFunctions | IWebhookFunctions | IPollFunctions, 'getWorkflowStaticData' | 'getNode'>;

/**
 * The static data of the node that `context` runs, kept under the node's id in the workflow's global static
 * data. n8n keys a node's own static data by its name (`node:<name>`), so a renamed trigger would start from
 * nothing: its registrations recorded nowhere, its memory of deliveries gone. The id survives a rename. What an
 * earlier version of this package kept under the name is moved here the first time the node runs.
 *
 * n8n saves static data after a request only when something in it changed, so a node that has no state yet gets
 * an empty one that joins the static data at its first write: reading alone never makes n8n save.
 */
export function nodeState<T extends IDataObject>(context: NodeContext): T {
	const global = context.getWorkflowStaticData('global');
	const node = context.getNode();
	// every node n8n 1.x or later saved has an id; without one, the name is what tells nodes apart
	const key = `node:${node.id || node.name}`;
	const named = context.getWorkflowStaticData('node');
	const legacy = named === global ? [] : Object.keys(named);
	const stored = global[key] as T | undefined;
	if (stored !== undefined && legacy.length === 0) return stored;

	const state = stored ?? ({} as T);
	if (legacy.length > 0) {
		for (const field of legacy) {
			if (!(field in state)) (state as IDataObject)[field] = named[field];
			delete named[field];
		}
		if (stored === undefined) global[key] = state;
		return state;
	}
	const attach = () => {
		if (global[key] === undefined) global[key] = state;
	};
	return new Proxy(state, {
		set(target, field, value) {
			attach();
			return Reflect.set(target, field, value);
		},
		deleteProperty(target, field) {
			attach();
			return Reflect.deleteProperty(target, field);
		},
	});
}
