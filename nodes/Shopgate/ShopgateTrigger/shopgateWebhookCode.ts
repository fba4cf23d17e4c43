import type { IHookFunctions } from 'n8n-workflow';

import { instanceTag } from '../../shared/lifecycle/instanceIdentity';

type CodeContext = Pick<IHookFunctions, 'getWorkflow' | 'getNode' | 'getInstanceId'>;

/**
 * The code of this node's webhook at Shopgate, stable across activations, restarts, renames and URL changes:
 * derived from the n8n instance (its tag), the workflow and the node, so that a copy of the workflow in another
 * n8n (same workflow and node ids) registers a webhook of its own instead of taking this one. A test listen
 * ("Listen for test event") registers a webhook of its own, with a code of its own, so that it never finds,
 * rewires or deletes production's.
 */
export function shopgateWebhookCode(context: CodeContext, test: boolean): string {
	const code = `n8n-${instanceTag(context)}-${context.getWorkflow().id}-${context.getNode().id}`.slice(0, 250);
	return test ? `${code}-test` : code;
}

/** The code versions before instance tags gave the webhook: the workflow and node alone. */
export function untaggedShopgateCode(context: CodeContext, test: boolean): string {
	const code = `n8n-${context.getWorkflow().id}-${context.getNode().id}`.slice(0, 250);
	return test ? `${code}-test` : code;
}

/** Every code a webhook of this node can carry: a delivery naming one of them comes from this node's webhook. */
export function ownShopgateCodes(context: CodeContext): string[] {
	return [false, true].flatMap((test) => [shopgateWebhookCode(context, test), untaggedShopgateCode(context, test)]);
}
