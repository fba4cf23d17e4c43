import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { receiveTikiDelivery } from './receiveTikiDelivery';
import { tikiTriggerProperties } from './TikiTriggerDescription';
import { registerTikiWebhooks, removeTikiWebhooks, tikiWebhooksExist } from './tikiWebhookLifecycle';

export class TikiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tiki Trigger',
		name: 'tikiTrigger',
		icon: { light: 'file:../tiki.svg', dark: 'file:../tiki.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when Tiki approves, rejects or locks a product request',
		defaults: {
			name: 'Tiki Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'tikiOAuth2Api',
				required: true,
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
		properties: tikiTriggerProperties,
	};

	webhookMethods = {
		default: {
			checkExists: async function (this: IHookFunctions): Promise<boolean> {
				return tikiWebhooksExist.call(this);
			},
			create: async function (this: IHookFunctions): Promise<boolean> {
				return registerTikiWebhooks.call(this);
			},
			delete: async function (this: IHookFunctions): Promise<boolean> {
				return removeTikiWebhooks.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return receiveTikiDelivery.call(this);
	}
}
