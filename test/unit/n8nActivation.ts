import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import type { NodeInN8nCore } from '../../dev/nodeInN8nCore';

type Method = (this: IHookFunctions) => Promise<boolean>;
export interface Lifecycle {
	checkExists: Method;
	create: Method;
	delete: Method;
}

/**
 * One webhook node's activation as n8n 2.41.1 runs it (`ActiveWorkflowManager.addWebhooks` →
 * `WebhookService.createWebhookIfNotExists`): checkExists, and create when it answers false. When either throws,
 * n8n cleans up (`clearWebhooks`): it calls the node's delete in mode `internal`, then fails the activation
 * with the error (and at a start queues the activation to be tried again).
 */
export async function activateLikeN8n(lifecycle: Lifecycle, trigger: NodeInN8nCore, activation: 'activate' | 'init' = 'activate'): Promise<void> {
	try {
		if (!(await lifecycle.checkExists.call(trigger.hookContext(activation)))) await lifecycle.create.call(trigger.hookContext(activation));
	} catch (error) {
		await lifecycle.delete.call(trigger.hookContext('remove'));
		throw error;
	}
}

/** A webhook request's copy of the workflow's static data, loaded from the database as n8n does for every request. */
export function loadedCopy(staticData: IDataObject): IDataObject {
	return JSON.parse(JSON.stringify(staticData)) as IDataObject;
}

/** What n8n does after answering a request whose copy changed: it saves the copy whole over what is stored. */
export function saveWhole(staticData: IDataObject, copy: IDataObject): void {
	const saved = loadedCopy(copy);
	for (const key of Object.keys(staticData)) delete staticData[key];
	Object.assign(staticData, saved);
}
