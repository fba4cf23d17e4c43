import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { SUPPLIER_MARKETPLACE } from '../../../credentials/platforms/supplierMarketplace';
import { dashboardWebhookMethods } from '../../shared/lifecycle/dashboardWebhook';
import { receiveSupplierDelivery } from './SupplierMarketplaceTrigger.receive';
import { supplierMarketplaceTriggerProperties } from './SupplierMarketplaceTrigger.description';
import { requireSupplierWebhookCredential } from './supplierWebhookAuthentication';
import { testSupplierWebhookCredential } from './testSupplierWebhookCredential';
import { supplierMarketplaceTriggerPanel } from './supplierMarketplaceTriggerPanel';

export class SupplierMarketplaceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Supplier Marketplace Trigger',
		name: 'supplierMarketplaceTrigger',
		icon: { light: 'file:../supplierMarketplace.svg', dark: 'file:../supplierMarketplace.dark.svg' },
		group: ['trigger'],
		version: 1,
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
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
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

	webhook = receiveSupplierDelivery;
}
