import type { INodeType, INodeTypeDescription, TriggerPanelDefinition } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { SHOPGATE } from '../../../credentials/platforms/shopgate';
import { DELIVERY_TRIGGER_VERSIONS, deliveryWebhook, rememberedOnHandOver } from '../../shared/inbound/deliveryWebhook';
import { receiveShopgateDelivery } from './ShopgateTrigger.receive';
import { shopgateTriggerProperties } from './ShopgateTrigger.description';
import { shopgateWebhookMethods } from './ShopgateTrigger.lifecycle';

const test =
	"<b>To test</b>, click <b>Execute step</b> to listen: the node creates a webhook for the Test URL in Shopgate's webhook service, with the selected events, while it listens. Make an event happen (for example place an order in a test shop), or have Shopgate send its sample through the webhook service's test call (POST /webhooks/{id}/test): the sample arrives with isTest: true. A delivery whose shopgate-token does not match stops the listen with an error that says so.";

/** What "Listen for test event" does for Shopgate, and how to make Shopgate send one. */
const shopgateTriggerPanel: TriggerPanelDefinition = {
	header: 'Listen for a test delivery from Shopgate',
	executionsHelp: {
		inactive: `${test}<br /><br /><b>Once it works</b>, publish the workflow: the node creates its webhook for the Production URL itself, and every event runs the workflow. Those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
		active: `${test}<br /><br /><b>The workflow is published</b>: Shopgate sends every event to its Production URL, and those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
	},
	activationHint: 'Once it works, publish the workflow: the node creates its webhook in Shopgate itself (you won’t see those executions here).',
};

export class ShopgateTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shopgate Trigger',
		name: 'shopgateTrigger',
		icon: { light: 'file:../shopgate.svg', dark: 'file:../shopgate.dark.svg' },
		group: ['trigger'],
		...DELIVERY_TRIGGER_VERSIONS,
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
		webhooks: [deliveryWebhook()],
		triggerPanel: shopgateTriggerPanel,
		properties: shopgateTriggerProperties,
	};

	webhookMethods = { default: shopgateWebhookMethods };

	webhook = rememberedOnHandOver(receiveShopgateDelivery);
}
