import type { INodeProperties } from 'n8n-workflow';

import { clientFields, clientOperation } from './client/client.description';
import { orderFields, orderOperation } from './order/order.description';
import { productFields, productOperation } from './product/product.description';

/** One hour, n8n's own ceiling for a workflow's timeout: a slow or rate-limited Shopkit ends a run in bounded time. */
export const DEFAULT_TIME_BUDGET_SECONDS = 3600;

/** The resources, each with its operation selector and fields (order/ … ). */
export const shopkitProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'order',
		options: [
			{ name: 'Client', value: 'client' },
			{ name: 'Order', value: 'order' },
			{ name: 'Product', value: 'product' },
		],
	},
	orderOperation,
	...orderFields,
	productOperation,
	...productFields,
	clientOperation,
	...clientFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Time Budget (Seconds)',
				name: 'timeBudget',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_TIME_BUDGET_SECONDS,
				description: 'How long the node may take for all its items, waits for Shopkit\'s rate limit included (0: no limit). What is not done by then fails, saying so.',
			},
		],
	},
];
