import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { SUPPLIER_MARKETPLACE } from '../../../credentials/platforms/supplierMarketplace';
import { readPlatformCredential } from '../../shared/transport/platformRequest';
import type { SupplierStockUpdate } from '../SupplierMarketplace.schemas';
import { buildStockUpdate } from './buildStockUpdate';
import { idempotencyKeys } from './idempotencyKeys';
import { sendStockUpdates } from './sendStockUpdates';
import type { Stop } from './sendStockUpdates';
import { stockUpdateItem } from './stockUpdateItems';
import { stoppedSendingError, stopMessage, tally } from './stockUpdateReport';
import { STOCK_UPDATE_RETRY, SUPPLIER_API } from '../SupplierMarketplace.api';
import { DEFAULT_TIME_BUDGET_SECONDS, supplierMarketplaceProperties } from './SupplierMarketplace.description';

interface SendOptions {
	concurrency?: number;
	maxRetries?: number;
	resendUnknown?: boolean;
	timeout?: number;
	stopAfterFailures?: number;
	timeBudget?: number;
}

/** Why an item was not sent, for its failure item. */
function notSentReason(stop: Stop | undefined, timeBudgetSeconds: number) {
	const stopped = stop && stop.reason !== 'failure' ? `Not sent: ${stopMessage(stop, timeBudgetSeconds)}` : 'Not sent: the node stopped sending';
	return (heldBy: number | undefined): string =>
		heldBy === undefined
			? stopped
			: `Not sent: item ${heldBy}, an earlier update of the same product, may or may not have been applied, and this one would have been applied on top of it`;
}

/** One input item's update, or with Continue On Fail why it cannot be built; without, that reason stops the node. */
function preparedUpdate(context: IExecuteFunctions, itemIndex: number, continueOnFail: boolean): { update?: SupplierStockUpdate; invalid?: NodeOperationError } {
	const built = buildStockUpdate(context, itemIndex);
	if (built.ok) return { update: built.value };
	const invalid = new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${built.reason}`, {
		itemIndex,
		description: 'Fix this field of the item (or the node\'s fields for it); no stock update has been sent.',
	});
	if (!continueOnFail) throw invalid;
	return { invalid };
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
	 * item gives one output item: the request sent and the marketplace's answer, or with Continue On Fail a
	 * failure item that n8n routes as the node's On Error setting says. Without Continue On Fail, the first
	 * update that fails or whose outcome is unknown, or the time budget, stops the node with an error saying, by
	 * item index, what was accepted, what may have been applied and what was not sent.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const continueOnFail = this.continueOnFail();
		const prepared = this.getInputData().map((_item, itemIndex) => preparedUpdate(this, itemIndex, continueOnFail));

		const options = this.getNodeParameter('options', 0, {}) as SendOptions;
		const timeBudget = options.timeBudget ?? DEFAULT_TIME_BUDGET_SECONDS;
		const updates = prepared.map(({ update }) => update);
		const { sent, stop } = await sendStockUpdates(this, updates, {
			platform: SUPPLIER_API,
			// decrypted once, not by n8n for every one of thousands of requests
			credential: await readPlatformCredential(this, SUPPLIER_API),
			concurrency: options.concurrency ?? 4,
			timeoutMs: options.timeout ?? 30_000,
			maxRetries: options.maxRetries ?? STOCK_UPDATE_RETRY.maxRetries,
			resendUnknown: options.resendUnknown ?? false,
			idempotencyKey: idempotencyKeys(this),
			continueOnFail,
			outageAfter: options.stopAfterFailures ?? 5,
			deadline: timeBudget > 0 ? Date.now() + timeBudget * 1000 : undefined,
		});
		if (stop && !continueOnFail) throw stoppedSendingError(this.getNode(), stop, updates, sent, timeBudget);
		if (stop && stop.reason !== 'failure') {
			this.addExecutionHints({ message: `${stopMessage(stop, timeBudget)}. ${tally(sent)}`, type: 'warning', location: 'outputPane' });
		}
		const notSentBecause = notSentReason(stop, timeBudget);
		return [prepared.map(({ update, invalid }, itemIndex) => stockUpdateItem(itemIndex, update, sent[itemIndex], invalid, notSentBecause))];
	}
}
