import type { IExecuteFunctions, ILoadOptionsFunctions, INode, INodeExecutionData, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { SHOPKIT } from '../../../credentials/platforms/shopkit';
import { eachItem } from '../../shared/action/eachItem';
import { readPlatformCredential, requestPlatform } from '../../shared/transport/platformRequest';
import { SHOPKIT_RESENDABLE, SHOPKIT_STORE_API } from '../Shopkit.api';
import { CLIENT_OPERATIONS } from './client/clientOperations';
import { ORDER_OPERATIONS } from './order/orderOperations';
import { PRODUCT_OPERATIONS } from './product/productOperations';
import type { ShopkitOperation } from './shopkitOperation';
import { DEFAULT_TIME_BUDGET_SECONDS, shopkitProperties } from './Shopkit.description';

/** An item the Time Budget left no time for: nothing of it was sent. */
function timeBudgetRanOut(node: INode, seconds: number, itemIndex: number): NodeOperationError {
	const error = new NodeOperationError(node, `The time budget of ${seconds} s ran out before item ${itemIndex} was sent`, {
		itemIndex,
		description: 'Nothing was sent to Shopkit for this item. Raise Time Budget under Options, or send fewer items at once.',
	});
	return Object.assign(error, { outcome: 'notSent' });
}

/** The operations of each resource: the router's one table. */
const OPERATIONS: Record<string, Record<string, ShopkitOperation>> = { order: ORDER_OPERATIONS, product: PRODUCT_OPERATIONS, client: CLIENT_OPERATIONS };

export class Shopkit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shopkit',
		name: 'shopkit',
		icon: { light: 'file:../shopkit.svg', dark: 'file:../shopkit.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: "Read and update a Shopkit store's orders, products and clients: write back invoices, payment, status, tracking, prices and stock",
		defaults: { name: 'Shopkit' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: SHOPKIT.credential, required: true }],
		properties: shopkitProperties,
	};

	methods = {
		loadOptions: {
			/** The carriers Shopkit knows, for Tracking Carrier (`GET /shipment/carrier`). */
			async getCarriers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const carriers = await requestPlatform<Array<{ alias?: string; title?: string }>>(this, { ...SHOPKIT_STORE_API, retry: SHOPKIT_RESENDABLE }, { method: 'GET', path: '/shipment/carrier' });
				return (Array.isArray(carriers) ? carriers : [])
					.filter((carrier) => typeof carrier.alias === 'string')
					.map((carrier) => ({ name: carrier.title || carrier.alias!, value: carrier.alias! }));
			},
		},
	};

	/** Runs the selected operation for each input item, in order (eachItem). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const name = this.getNodeParameter('operation', 0) as string;
		const operation = OPERATIONS[resource]?.[name];
		if (!operation) throw new NodeOperationError(this.getNode(), `The ${resource} resource has no operation "${name}"`);
		// decrypted once, not by n8n for every item's request
		const credential = await readPlatformCredential(this, SHOPKIT_STORE_API);
		const timeBudget = this.getNodeParameter('options.timeBudget', 0, DEFAULT_TIME_BUDGET_SECONDS) as number;
		const call = { credential, deadline: timeBudget > 0 ? Date.now() + timeBudget * 1000 : undefined };
		const run = async (itemIndex: number) => {
			if (call.deadline !== undefined && Date.now() >= call.deadline) throw timeBudgetRanOut(this.getNode(), timeBudget, itemIndex);
			return await operation.run(this, itemIndex, call);
		};
		return [await eachItem(this, run, operation.writes)];
	}
}
