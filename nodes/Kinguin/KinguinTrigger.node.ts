import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { kinguinTriggerProperties } from './KinguinTriggerDescription';
import {
	activateKinguinWebhook,
	deactivateKinguinWebhook,
	kinguinWebhookExists,
} from './kinguinWebhookLifecycle';
import { receiveKinguinDelivery } from './receiveKinguinDelivery';
import { testKinguinWebhookSecret } from './testKinguinWebhookSecret';

export class KinguinTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kinguin Trigger',
		name: 'kinguinTrigger',
		icon: { light: 'file:kinguin.svg', dark: 'file:kinguin.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when Kinguin reports a product update or an order status change',
		defaults: {
			name: 'Kinguin Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'kinguinWebhookApi',
				required: true,
				testedBy: 'kinguinWebhookSecret',
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: kinguinTriggerProperties,
	};

	methods = {
		credentialTest: {
			kinguinWebhookSecret: testKinguinWebhookSecret,
		},
	};

	webhookMethods = {
		default: {
			checkExists: async function (this: IHookFunctions): Promise<boolean> {
				return kinguinWebhookExists.call(this);
			},
			create: async function (this: IHookFunctions): Promise<boolean> {
				return activateKinguinWebhook.call(this);
			},
			delete: async function (this: IHookFunctions): Promise<boolean> {
				return deactivateKinguinWebhook.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return receiveKinguinDelivery.call(this);
	}
}
