import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { concurrencyLimit } from '../../shared';
import { buildStockUpdate } from './buildStockUpdate';
import { DEFAULT_RETRY_POLICY } from './retryPolicy';
import { postStockUpdate, SUPPLIER_API_CREDENTIAL, supplierApiCredential } from './SupplierMarketplaceApi';
import { supplierMarketplaceProperties } from './SupplierMarketplaceDescription';
import type { SupplierStockUpdate } from '../SupplierMarketplaceSchemas';

interface SendOptions {
	concurrency?: number;
	maxRetries?: number;
	timeout?: number;
}

export class SupplierMarketplace implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Supplier Marketplace',
		name: 'supplierMarketplace',
		icon: { light: 'file:../supplierMarketplace.svg', dark: 'file:../supplierMarketplace.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			"Report stock receipts, sales, canceled sales, returns and price changes of your products to the marketplace's supplier API",
		defaults: {
			name: 'Supplier Marketplace',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: SUPPLIER_API_CREDENTIAL,
				required: true,
			},
		],
		properties: supplierMarketplaceProperties,
	};

	/**
	 * Validates every item before anything is sent, then posts the updates with bounded concurrency.
	 * Each input item gives one output item: the request sent and the marketplace's answer, or with
	 * "Continue On Fail" the error; nothing is dropped.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const continueOnFail = this.continueOnFail();
		const prepared: Array<{ update?: SupplierStockUpdate; error?: NodeOperationError }> = items.map((_item, itemIndex) => {
			const built = buildStockUpdate(this, itemIndex);
			if (built.ok) return { update: built.value };
			const error = new NodeOperationError(this.getNode(), `Item ${itemIndex}: ${built.reason}`, {
				itemIndex,
				description: 'Fix this field of the item (or the node\'s fields for it); no stock update has been sent.',
			});
			if (!continueOnFail) throw error;
			return { error };
		});

		const options = this.getNodeParameter('options', 0, {}) as SendOptions;
		const limit = concurrencyLimit(options.concurrency ?? 4);
		const sendOptions = {
			credential: await supplierApiCredential(this),
			timeoutMs: options.timeout ?? 30_000,
			retry: { ...DEFAULT_RETRY_POLICY, maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries },
		};
		const settled = await Promise.allSettled(
			prepared.map(({ update, error }, itemIndex) =>
				update ? limit(() => postStockUpdate(this, update, itemIndex, sendOptions)) : Promise.reject(error),
			),
		);

		return [
			settled.map((outcome, itemIndex): INodeExecutionData => {
				const request = prepared[itemIndex].update as IDataObject | undefined;
				if (outcome.status === 'fulfilled') {
					return {
						json: { request, response: outcome.value.response as IDataObject, attempts: outcome.value.attempts },
						pairedItem: { item: itemIndex },
					};
				}
				if (!continueOnFail) throw outcome.reason;
				return {
					json: { error: (outcome.reason as Error).message, request: request ?? null },
					pairedItem: { item: itemIndex },
				};
			}),
		];
	}
}
