import type { INodeProperties } from 'n8n-workflow';

import { operationSelector, returnAllAndLimit } from '../resourceFields';

const forProduct = (operation: string[]) => ({ show: { resource: ['product'], operation } });

const STATUS_OPTIONS = [
	{ name: 'Active', value: 1 },
	{ name: 'Hidden', value: 2 },
	{ name: 'Out of Stock', value: 3 },
	{ name: 'Soon', value: 4 },
];

/** Fields a product is created or updated with (`POST /product`, `PUT /product/{id}`), all absolute values. */
const productValues: INodeProperties[] = [
	{ displayName: 'Price', name: 'price', type: 'number', typeOptions: { numberPrecision: 2, minValue: 0 }, default: 0 },
	{ displayName: 'Promo Price', name: 'price_promo', type: 'number', typeOptions: { numberPrecision: 2, minValue: 0 }, default: 0, description: 'Lower than Price, as Shopkit requires' },
	{ displayName: 'Status', name: 'status', type: 'options', options: STATUS_OPTIONS, default: 1 },
	{ displayName: 'Stock Quantity', name: 'stock_qty', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'The stock to set (stock tracking is turned on with it)' },
];

export const productOperation: INodeProperties = operationSelector('product', [
		{ name: 'Create', value: 'create', action: 'Create a product', description: 'Add a product, never twice: after a failure it is looked up by its SKU' },
		{ name: 'Get', value: 'get', action: 'Get a product', description: 'Read one product by its ID' },
		{ name: 'Get Many', value: 'getMany', action: 'Get many products', description: 'List products, or find one by its SKU, every page read to the end' },
		{ name: 'Update', value: 'update', action: 'Update a product', description: 'Set price, promo price, stock or status' },
		{ name: 'Update Variant', value: 'updateVariant', action: 'Update a product variant', description: "Set a variant's (option's) price or stock" },
	]);

export const productFields: INodeProperties[] = [
	{
		displayName: 'Product ID',
		name: 'productId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '44753',
		displayOptions: forProduct(['get', 'update', 'updateVariant']),
	},
	{
		displayName: 'Variant ID',
		name: 'optionId',
		type: 'string',
		required: true,
		default: '',
		description: "The variant's ID in Shopkit (an option of the product)",
		displayOptions: forProduct(['updateVariant']),
	},
	{ displayName: 'Title', name: 'title', type: 'string', required: true, default: '', displayOptions: forProduct(['create']) },
	{ displayName: 'Price', name: 'price', type: 'number', typeOptions: { numberPrecision: 2, minValue: 0 }, required: true, default: 0, displayOptions: forProduct(['create']) },
	{
		displayName: 'SKU',
		name: 'reference',
		type: 'string',
		default: '',
		description: "The product's reference in Shopkit: with it, a creation whose answer was lost is looked up instead of sent again",
		displayOptions: forProduct(['create']),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: forProduct(['create']),
		options: productValues.filter((field) => field.name !== 'price'),
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: forProduct(['update']),
		options: productValues,
	},
	{
		displayName: 'Update Fields',
		name: 'variantFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: forProduct(['updateVariant']),
		options: [
			{ displayName: 'Price', name: 'price', type: 'number', typeOptions: { numberPrecision: 2, minValue: 0 }, default: 0 },
			{ displayName: 'Stock', name: 'stock', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: "The variant's stock to set (the product's stock tracking must be on)" },
		],
	},
	...returnAllAndLimit('product'),
	{
		displayName: 'Find by SKU',
		name: 'sku',
		type: 'string',
		default: '',
		description: 'Only the product with this reference',
		displayOptions: forProduct(['getMany']),
	},
];
