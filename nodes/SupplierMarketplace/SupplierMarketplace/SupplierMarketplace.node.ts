import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { SUPPLIER_MARKETPLACE } from '../../../credentials/platforms/supplierMarketplace';
import { readPlatformCredential } from '../../shared';
import type { SupplierStockUpdate } from '../SupplierMarketplaceSchemas';
import { buildStockUpdate } from './buildStockUpdate';
import { sendStockUpdates } from './sendStockUpdates';
import { stockUpdateItem, stoppedSendingError } from './stockUpdateReport';
import { STOCK_UPDATE_RETRY, SUPPLIER_API } from './SupplierMarketplaceApi';
import { supplierMarketplaceProperties } from './SupplierMarketplaceDescription';

interface SendOptions {
	concurrency?: number;
	maxRetries?: number;
	timeout?: number;
	stopAfterFailures?: number;
	timeBudget?: number;
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
				name: SUPPLIER_MARKETPLACE.apiCredential,
				required: true,
			},
		],
		properties: supplierMarketplaceProperties,
	};

	/**
	 * Validates every item before anything is sent, then sends the updates (see sendStockUpdates). Each input
	 * item gives one output item: the request sent and the marketplace's answer, or with Continue On Fail the
	 * error. A run that stops early throws an error saying, by item index, what was accepted and what not.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const continueOnFail = this.continueOnFail();
		const prepared: Array<{ update?: SupplierStockUpdate; invalid?: NodeOperationError }> = items.map((_item, itemIndex) => {
			const built = buildStockUpdate(this, itemIndex);
			if (built.ok) return { update: built.value };
			const invalid = new NodeOperationError(this.getNode(), `Item ${itemIndex}: ${built.reason}`, {
				itemIndex,
				description: 'Fix this field of the item (or the node\'s fields for it); no stock update has been sent.',
			});
			if (!continueOnFail) throw invalid;
			return { invalid };
		});

		const options = this.getNodeParameter('options', 0, {}) as SendOptions;
		const platform = { ...SUPPLIER_API, retry: { ...STOCK_UPDATE_RETRY, maxRetries: options.maxRetries ?? STOCK_UPDATE_RETRY.maxRetries } };
		const timeBudget = options.timeBudget ?? 0;
		const updates = prepared.map(({ update }) => update);
		const { sent, stop } = await sendStockUpdates(this, updates, {
			platform,
			// decrypted once, not by n8n for every one of thousands of requests
			credential: await readPlatformCredential(this, platform),
			concurrency: options.concurrency ?? 4,
			timeoutMs: options.timeout ?? 30_000,
			continueOnFail,
			outageAfter: options.stopAfterFailures ?? 5,
			deadline: timeBudget > 0 ? Date.now() + timeBudget * 1000 : undefined,
		});
		if (stop) throw stoppedSendingError(this.getNode(), stop, updates, sent, timeBudget);
		return [prepared.map(({ update, invalid }, itemIndex) => stockUpdateItem(itemIndex, update, sent[itemIndex], invalid))];
	}
}
