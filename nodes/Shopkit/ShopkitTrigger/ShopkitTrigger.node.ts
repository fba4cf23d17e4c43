import type { INodeType, INodeTypeDescription, TriggerPanelDefinition } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { SHOPKIT } from '../../../credentials/platforms/shopkit';
import { DELIVERY_TRIGGER_VERSIONS, deliveryWebhook, rememberedOnHandOver } from '../../shared/inbound/deliveryWebhook';
import { receiveShopkitDelivery } from './ShopkitTrigger.receive';
import { shopkitTriggerProperties } from './ShopkitTrigger.description';
import { shopkitWebhookMethods } from './ShopkitTrigger.lifecycle';

const test =
	"<b>To test</b>, click <b>Execute step</b> to listen: the node registers the Test URL with Shopkit for the selected events (with a secret of its own) while it listens. Then make the event happen in your store, for example create or pay a test order, edit a client, subscribe to the newsletter or change a product's stock: Shopkit sends it here. A dummy order or client from the dashboard's Test tool arrives with isTest: true. A delivery without the node's secret, with a foreign User-Agent or (when the credential has an App Client Secret) without a valid signature, stops the listen with an error that says so.";

/** What "Listen for test event" does for Shopkit, and how to make Shopkit send one. */
const shopkitTriggerPanel: TriggerPanelDefinition = {
	header: 'Listen for a test delivery from Shopkit',
	executionsHelp: {
		inactive: `${test}<br /><br /><b>Once it works</b>, publish the workflow: the node registers its Production URL with Shopkit itself, and every selected event (orders, clients, newsletter, products) runs the workflow. Those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
		active: `${test}<br /><br /><b>The workflow is published</b>: Shopkit sends every selected order, client, newsletter and product event to its Production URL, and those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
	},
	activationHint: 'Once it works, publish the workflow: the node registers its webhooks with Shopkit itself (you won’t see those executions here).',
};

export class ShopkitTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shopkit Trigger',
		name: 'shopkitTrigger',
		icon: { light: 'file:../shopkit.svg', dark: 'file:../shopkit.dark.svg' },
		group: ['trigger'],
		...DELIVERY_TRIGGER_VERSIONS,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when an order, a client, a newsletter subscription or a product changes in a Shopkit store',
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
		webhooks: [deliveryWebhook()],
		triggerPanel: shopkitTriggerPanel,
		properties: shopkitTriggerProperties,
	};

	webhookMethods = { default: shopkitWebhookMethods };

	webhook = rememberedOnHandOver(receiveShopkitDelivery);
}
