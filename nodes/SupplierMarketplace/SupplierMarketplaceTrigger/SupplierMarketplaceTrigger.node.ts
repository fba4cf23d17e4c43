import type { INodeType, INodeTypeDescription, TriggerPanelDefinition } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { SUPPLIER_MARKETPLACE } from '../../../credentials/platforms/supplierMarketplace';
import { dashboardWebhookMethods } from '../../shared/lifecycle/dashboardWebhook';
import { DELIVERY_TRIGGER_VERSIONS, deliveryWebhook, rememberedOnHandOver } from '../../shared/inbound/deliveryWebhook';
import { receiveSupplierDelivery, SUPPLIER_ACCEPTED_STATUS } from './SupplierMarketplaceTrigger.receive';
import { supplierMarketplaceTriggerProperties } from './SupplierMarketplaceTrigger.description';
import { requireSupplierWebhookCredential, testSupplierWebhookCredential } from './SupplierMarketplaceTrigger.authentication';

const test =
	"<b>To test</b>, click <b>Execute step</b> to listen, and put the Test URL in the marketplace's supplier dashboard as the webhook URL (for Secret in URL, append ?secret= and the credential's Secret), with the same header secret or Basic credentials as in this node's credential. Then make a sale or a return happen, or post a delivery like {\"products\": [{\"id\": 1, \"sizes\": [{\"value\": \"XL\", \"count\": 1}]}]} to the Test URL yourself. A delivery that fails authentication stops the listen with an error naming the header or credential field that did not match.";

/** What "Listen for test event" does for the supplier marketplace, and how to make it send one. */
const supplierMarketplaceTriggerPanel: TriggerPanelDefinition = {
	header: 'Listen for a test delivery from the marketplace',
	executionsHelp: {
		inactive: `${test}<br /><br /><b>Once it works</b>, put the Production URL in the dashboard and publish the workflow: every sale and return then runs it. Those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
		active: `${test}<br /><br /><b>The workflow is published</b>: while the dashboard holds the Production URL, every sale and return runs it. Those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
	},
	activationHint: 'Once it works, put the Production URL in the supplier dashboard and publish the workflow (you won’t see those executions here).',
};

export class SupplierMarketplaceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Supplier Marketplace Trigger',
		name: 'supplierMarketplaceTrigger',
		icon: { light: 'file:../supplierMarketplace.svg', dark: 'file:../supplierMarketplace.dark.svg' },
		group: ['trigger'],
		...DELIVERY_TRIGGER_VERSIONS,
		subtitle: '={{$parameter["output"] === "sizeLines" ? "one item per size line" : "one item per delivery"}}',
		description: 'Starts the workflow when the marketplace reports sales or returns of your products',
		defaults: {
			name: 'Supplier Marketplace Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: SUPPLIER_MARKETPLACE.webhookCredential,
				required: true,
				testedBy: 'supplierMarketplaceWebhook',
				displayOptions: { show: { authentication: ['headerSecret', 'basicAuth', 'urlSecret'] } },
			},
		],
		webhooks: [deliveryWebhook(SUPPLIER_ACCEPTED_STATUS)],
		triggerPanel: supplierMarketplaceTriggerPanel,
		properties: supplierMarketplaceTriggerProperties,
	};

	methods = {
		credentialTest: {
			supplierMarketplaceWebhook: testSupplierWebhookCredential,
		},
	};

	webhookMethods = {
		default: dashboardWebhookMethods({
			platform: 'Supplier Marketplace',
			dashboard: "the marketplace's supplier dashboard",
			checkCredential: requireSupplierWebhookCredential,
		}),
	};

	webhook = rememberedOnHandOver(receiveSupplierDelivery);
}
