import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { receiveSupplierDelivery } from './receiveSupplierDelivery';
import { supplierMarketplaceTriggerProperties } from './SupplierMarketplaceTriggerDescription';
import {
	activateSupplierWebhook,
	deactivateSupplierWebhook,
	supplierWebhookExists,
} from './supplierWebhookLifecycle';
import { testSupplierWebhookCredential } from './testSupplierWebhookCredential';

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
				name: 'supplierMarketplaceWebhookApi',
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
		properties: supplierMarketplaceTriggerProperties,
	};

	methods = {
		credentialTest: {
			supplierMarketplaceWebhook: testSupplierWebhookCredential,
		},
	};

	webhookMethods = {
		default: {
			checkExists: async function (this: IHookFunctions): Promise<boolean> {
				return supplierWebhookExists.call(this);
			},
			create: async function (this: IHookFunctions): Promise<boolean> {
				return activateSupplierWebhook.call(this);
			},
			delete: async function (this: IHookFunctions): Promise<boolean> {
				return deactivateSupplierWebhook.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return receiveSupplierDelivery.call(this);
	}
}
