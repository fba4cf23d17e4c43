import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { SHOPGATE } from '../../../credentials/platforms/shopgate';
import { receiveShopgateDelivery } from './ShopgateTrigger.receive';
import { shopgateTriggerProperties } from './ShopgateTrigger.description';
import { shopgateTriggerPanel } from './shopgateTriggerPanel';
import { shopgateWebhookMethods } from './ShopgateTrigger.lifecycle';

export class ShopgateTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shopgate Trigger',
		name: 'shopgateTrigger',
		icon: { light: 'file:../shopgate.svg', dark: 'file:../shopgate.dark.svg' },
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
				name: SHOPGATE.credential,
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
		triggerPanel: shopgateTriggerPanel,
		properties: shopgateTriggerProperties,
	};

	webhookMethods = { default: shopgateWebhookMethods };

	webhook = receiveShopgateDelivery;
}
