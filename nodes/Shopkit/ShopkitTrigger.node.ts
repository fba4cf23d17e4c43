import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { receiveShopkitDelivery } from './receiveShopkitDelivery';
import { shopkitTriggerProperties } from './ShopkitTriggerDescription';
import {
	registerShopkitWebhooks,
	removeShopkitWebhooks,
	shopkitWebhooksExist,
} from './shopkitWebhookLifecycle';

export class ShopkitTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shopkit Trigger',
		name: 'shopkitTrigger',
		icon: { light: 'file:shopkit.svg', dark: 'file:shopkit.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when an order is created, paid, sent, canceled or changed in a Shopkit store',
		defaults: {
			name: 'Shopkit Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'shopkitApi',
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
		properties: shopkitTriggerProperties,
	};

	webhookMethods = {
		default: {
			checkExists: async function (this: IHookFunctions): Promise<boolean> {
				return shopkitWebhooksExist.call(this);
			},
			create: async function (this: IHookFunctions): Promise<boolean> {
				return registerShopkitWebhooks.call(this);
			},
			delete: async function (this: IHookFunctions): Promise<boolean> {
				return removeShopkitWebhooks.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return receiveShopkitDelivery.call(this);
	}
}
