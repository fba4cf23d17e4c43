import type { INodeProperties } from 'n8n-workflow';

const allOperations = ['receipts', 'sold', 'cancel', 'return', 'price'];

/** One hour, n8n's own ceiling for a workflow's timeout (EXECUTIONS_TIMEOUT_MAX): a slow marketplace ends a run in bounded time. */
export const DEFAULT_TIME_BUDGET_SECONDS = 3600;

export const supplierMarketplaceProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'sold',
		options: [
			{
				name: 'Report Receipt',
				value: 'receipts',
				action: 'Report stock received',
				description: 'Tell the marketplace that stock of a product arrived (action "receipts")',
			},
			{
				name: 'Report Return',
				value: 'return',
				action: 'Report a return',
				description: 'Tell the marketplace that sold items came back into stock (action "return")',
			},
			{
				name: 'Report Sale',
				value: 'sold',
				action: 'Report items sold',
				description: 'Tell the marketplace that items were sold through another channel (action "sold")',
			},
			{
				name: 'Report Sale Canceled',
				value: 'cancel',
				action: 'Report a canceled sale',
				description: 'Tell the marketplace that a sale was canceled (action "cancel")',
			},
			{
				name: 'Update Price',
				value: 'price',
				action: 'Update a product price',
				description: 'Set a new price for a product (action "price")',
			},
		],
	},
	{
		displayName: 'Supplier Product ID',
		name: 'supplierProductId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'SS21CA2N',
		description: 'Your own product ID, as the marketplace knows it (supplierProductId)',
		displayOptions: { show: { operation: allOperations } },
	},
	{
		displayName: 'New Price',
		name: 'newPrice',
		type: 'number',
		required: true,
		default: 0,
		typeOptions: { minValue: 0 },
		description: 'The new price of the product, in the marketplace currency (newPrice)',
		displayOptions: { show: { operation: ['price'] } },
	},
	{
		displayName: 'Sizes Source',
		name: 'sizesSource',
		type: 'options',
		default: 'fields',
		description: 'Whether to enter the size lines here or map a whole array from an earlier node',
		displayOptions: { show: { operation: allOperations } },
		options: [
			{ name: 'Fields Below', value: 'fields' },
			{ name: 'Sizes (JSON)', value: 'json' },
		],
	},
	{
		displayName: 'Sizes',
		name: 'sizes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Size',
		description: 'The size lines this update is about; required except for a price update',
		displayOptions: { show: { operation: allOperations, sizesSource: ['fields'] } },
		options: [
			{
				displayName: 'Size',
				name: 'size',
				values: [
					{
						displayName: 'Size Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'XL',
						description: 'The size as the marketplace names it (value)',
					},
					{
						displayName: 'Count',
						name: 'count',
						type: 'number',
						default: 0,
						typeOptions: { minValue: 0 },
						description: 'How many items of this size the update is about (count)',
					},
					{
						displayName: 'Options',
						name: 'options',
						type: 'collection',
						default: {},
						placeholder: 'Add Option',
						options: [
							{
								displayName: 'Size ID',
								name: 'sizeId',
								type: 'number',
								default: 0,
								description: "The marketplace's ID of this size (sizeId)",
							},
							{
								displayName: 'Sold Count',
								name: 'soldCount',
								type: 'number',
								default: 0,
								typeOptions: { minValue: 0 },
								description: 'How many of this size were sold (soldCount)',
							},
						],
					},
				],
			},
		],
	},
	{
		displayName: 'Sizes (JSON)',
		name: 'sizesJson',
		type: 'json',
		default: '[]',
		description:
			'An array of size lines, e.g. [{"value": "XL", "count": 2, "soldCount": 1, "sizeId": 5}], or an expression that maps the whole sizes array of the incoming item',
		displayOptions: { show: { operation: allOperations, sizesSource: ['json'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		default: {},
		placeholder: 'Add Field',
		displayOptions: { show: { operation: ['receipts', 'sold', 'cancel', 'return'] } },
		options: [
			{
				displayName: 'New Price',
				name: 'newPrice',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description: 'Also send a new price with this update (newPrice)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		default: {},
		placeholder: 'Add Option',
		displayOptions: { show: { operation: allOperations } },
		options: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				default: 4,
				typeOptions: { minValue: 1, maxValue: 32 },
				description:
					'How many updates of different products are sent at the same time; updates of one Supplier Product ID always go one after the other, in the order of the items',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				default: 5,
				typeOptions: { minValue: 0, maxValue: 10 },
				description:
					'How often an update is sent again when the marketplace certainly did not apply it ("too many requests", 503, no connection); a price update also after other server errors and timeouts',
			},
			{
				displayName: 'Resend Updates With Unknown Outcome',
				name: 'resendUnknown',
				type: 'boolean',
				default: false,
				description:
					'Whether to send a receipt, sale, cancel or return again after a failure that leaves unknown whether the marketplace applied it (a timeout, a reset connection, HTTP 500, 502, 504). Turn on only if your marketplace applies a repeated Idempotency-Key header once: the node sends one with every update. Otherwise a repeat moves the stock twice.',
			},
			{
				displayName: 'Stop After Failures in a Row',
				name: 'stopAfterFailures',
				type: 'number',
				default: 5,
				typeOptions: { minValue: 1 },
				description:
					'With Continue On Fail: after this many updates in a row fail after their retries or end with an unknown outcome (too many requests, server errors, no answer), the marketplace looks unavailable and the node sends nothing more; the rest leave as not sent',
			},
			{
				displayName: 'Time Budget (Seconds)',
				name: 'timeBudget',
				type: 'number',
				default: DEFAULT_TIME_BUDGET_SECONDS,
				typeOptions: { minValue: 0 },
				description:
					'The longest the node may take for all its items, retries included, whatever the marketplace asks to wait; when it runs out the node sends nothing more and says how many updates were not sent. Raise it for long runs; 0 for no limit.',
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				default: 30000,
				typeOptions: { minValue: 1000 },
				description: 'How long to wait for the marketplace to answer one request',
			},
		],
	},
];
