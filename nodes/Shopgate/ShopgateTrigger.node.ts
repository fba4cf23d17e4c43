import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { receiveShopgateDelivery } from './receiveShopgateDelivery';
import { shopgateTriggerProperties } from './ShopgateTriggerDescription';
import {
	registerShopgateWebhook,
	removeShopgateWebhook,
	shopgateWebhookExists,
} from './shopgateWebhookLifecycle';

export class ShopgateTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shopgate Trigger',
		name: 'shopgateTrigger',
		icon: { light: 'file:shopgate.svg', dark: 'file:shopgate.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on Shopgate retail.red events: orders, fulfillment, products, inventory and more',
		defaults: {
			name: 'Shopgate Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'shopgateApi',
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
		properties: shopgateTriggerProperties,
	};

	webhookMethods = {
		default: {
			checkExists: async function (this: IHookFunctions): Promise<boolean> {
				return shopgateWebhookExists.call(this);
			},
			create: async function (this: IHookFunctions): Promise<boolean> {
				return registerShopgateWebhook.call(this);
			},
			delete: async function (this: IHookFunctions): Promise<boolean> {
				return removeShopgateWebhook.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return receiveShopgateDelivery.call(this);
	}
}
