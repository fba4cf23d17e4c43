import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { SHOPKIT } from '../../../credentials/platforms/shopkit';
import { receiveShopkitDelivery } from './ShopkitTrigger.receive';
import { shopkitTriggerProperties } from './ShopkitTrigger.description';
import { shopkitTriggerPanel } from './shopkitTriggerPanel';
import { shopkitWebhookMethods } from './ShopkitTrigger.lifecycle';

export class ShopkitTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shopkit Trigger',
		name: 'shopkitTrigger',
		icon: { light: 'file:../shopkit.svg', dark: 'file:../shopkit.dark.svg' },
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
				name: SHOPKIT.credential,
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
		triggerPanel: shopkitTriggerPanel,
		properties: shopkitTriggerProperties,
	};

	webhookMethods = { default: shopkitWebhookMethods };

	webhook = receiveShopkitDelivery;
}
