import type { IHookFunctions } from 'n8n-workflow';

/**
 * For platforms without a webhook API, where the user pastes the URL into the platform's dashboard:
 * activation has nothing to register, so it remembers which URL it served, and "exists" means that URL
 * is still this node's production URL.
 */
export function servedUrlIsCurrent(context: IHookFunctions): boolean {
	return context.getWorkflowStaticData('node').webhookUrl === context.getNodeWebhookUrl('default');
}

export function rememberServedUrl(context: IHookFunctions): void {
	context.getWorkflowStaticData('node').webhookUrl = context.getNodeWebhookUrl('default');
}

export function forgetServedUrl(context: IHookFunctions): void {
	delete context.getWorkflowStaticData('node').webhookUrl;
}
