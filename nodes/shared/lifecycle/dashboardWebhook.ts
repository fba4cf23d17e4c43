import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { keepDeliveriesInSaves } from '../memory/deliveryLedger';
import { forgetNode } from '../memory/nodeMemory';
import { nodeState } from '../memory/nodeState';
import { isTestListen } from './ownWebhookUrl';

/** A platform without a webhook API, where the user pastes the trigger's URL into the platform's dashboard. */
export interface DashboardWebhook {
	/** The platform's name, as the log names it. */
	platform: string;
	/** Where the URL is pasted, e.g. `the Kinguin dashboard (My Stores → your store → Webhooks)`. */
	dashboard: string;
	/** Fails with a configuration error when the credential cannot authenticate deliveries. */
	checkCredential(context: IHookFunctions): Promise<void>;
}

interface DashboardWebhookState extends IDataObject {
	/** The production URL served at the last activation. */
	webhookUrl?: string;
}

type WebhookMethod = (this: IHookFunctions) => Promise<boolean>;

/**
 * The lifecycle of a trigger whose URL the user pastes into the platform's dashboard. Nothing is registered, so
 * nothing can be found to exist: every activation (and every n8n start) runs `create`, which checks the
 * credential, so a credential that cannot authenticate fails at once instead of answering every delivery with 401,
 * and compares the production URL with the one served before. The platform keeps sending to the URL it was
 * given, so a changed URL (WEBHOOK_URL, N8N_ENDPOINT_WEBHOOK) is logged as a warning naming the workflow and both
 * URLs: n8n gives a node no other channel to the user at activation short of failing it. The URL is kept on
 * deactivation, so a later activation under another URL warns as well.
 */
export function dashboardWebhookMethods(webhook: DashboardWebhook): Record<'checkExists' | 'create' | 'delete', WebhookMethod> {
	return {
		async checkExists() {
			return false;
		},
		async create() {
			await webhook.checkCredential(this);
			// a test listen's URL is not the one pasted into the dashboard
			if (isTestListen(this)) return true;
			keepDeliveriesInSaves(this);
			const state = nodeState<DashboardWebhookState>(this);
			const url = this.getNodeWebhookUrl('default');
			if (state.webhookUrl && url && state.webhookUrl !== url) {
				const workflow = this.getWorkflow();
				const node = this.getNode();
				this.logger.warn(
					`${webhook.platform} Trigger "${node.name}" of workflow "${workflow.name ?? ''}" (${workflow.id ?? ''}): its production URL changed from ${state.webhookUrl} to ${url}. ${webhook.platform} keeps sending to the old URL until the new one is pasted into ${webhook.dashboard}.`,
					{ workflowId: workflow.id, nodeName: node.name, previousUrl: state.webhookUrl, url },
				);
			}
			if (url && state.webhookUrl !== url) state.webhookUrl = url;
			return true;
		},
		async delete() {
			forgetNode(this);
			return true;
		},
	};
}
