import type { INodeProperties } from 'n8n-workflow';

import { operationSelector, returnAllAndLimit } from '../resourceFields';
import { ORDER_STATUS_OPTIONS } from './orderStatuses';

const forOrder = (operation: string[]) => ({ show: { resource: ['order'], operation } });

/** The order operations, one line each: adding one is its file and a line here (and in orderOperations.ts). */
export const orderOperation: INodeProperties = operationSelector('order', [
		{ name: 'Get', value: 'get', action: 'Get an order', description: 'Read one order by its ID' },
		{ name: 'Get Many', value: 'getMany', action: 'Get many orders', description: 'List orders, filtered, every page read to the end' },
		{ name: 'Issue Invoice', value: 'issueInvoice', action: 'Issue an invoice', description: "Have the store's invoice app issue the order's invoice, never twice" },
		{ name: 'Update', value: 'update', action: 'Update an order', description: 'Set status, paid, invoice, tracking, tags or notes' },
	]);

export const orderFields: INodeProperties[] = [
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '1337',
		description: "The order's number in Shopkit (the trigger's orderId)",
		displayOptions: forOrder(['get', 'update', 'issueInvoice']),
	},
	...returnAllAndLimit('order'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: forOrder(['getMany']),
		options: [
			{ displayName: 'Client Email', name: 'clientEmail', type: 'string', placeholder: 'name@email.com', default: '' },
			{
				displayName: 'Date Field',
				name: 'dateType',
				type: 'options',
				default: 'created_at',
				description: 'Which date From and To filter by',
				options: [
					{ name: 'Created', value: 'created_at' },
					{ name: 'Paid', value: 'paid_at' },
					{ name: 'Sent', value: 'sent_at' },
					{ name: 'Updated', value: 'update_at' },
				],
			},
			{ displayName: 'From', name: 'dateFrom', type: 'dateTime', default: '', description: 'Orders on or after this day' },
			{
				displayName: 'Paid',
				name: 'paid',
				type: 'options',
				default: 'any',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: 'Paid', value: 'true' },
					{ name: 'Not Paid', value: 'false' },
				],
			},
			{ displayName: 'Search', name: 'search', type: 'string', default: '', description: "Text Shopkit looks for in the orders (its q)" },
			{ displayName: 'Status', name: 'status', type: 'multiOptions', default: [], options: ORDER_STATUS_OPTIONS },
			{ displayName: 'To', name: 'dateTo', type: 'dateTime', default: '', description: 'Orders on or before this day' },
		],
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: forOrder(['update']),
		options: [
			{ displayName: 'Client Note', name: 'client_note', type: 'string', default: '', description: 'A note the client sees' },
			{
				displayName: 'Invoice File (Binary Property)',
				name: 'invoiceFile',
				type: 'string',
				default: 'data',
				description: "The input item's binary property holding the invoice (a PDF): sent instead of an Invoice URL",
			},
			{ displayName: 'Invoice URL', name: 'invoice_url', type: 'string', default: '', placeholder: 'https://invoicing.example.com/invoice/1337.pdf' },
			{ displayName: 'Note', name: 'note', type: 'string', default: '', description: "The store's own note on the order" },
			{ displayName: 'Notify Client', name: 'notify_client', type: 'boolean', default: false, description: 'Whether Shopkit e-mails the client about this change; such an update is never sent twice' },
			{ displayName: 'Paid', name: 'paid', type: 'boolean', default: true },
			{ displayName: 'Status', name: 'status_alias', type: 'options', default: 'processing', options: ORDER_STATUS_OPTIONS },
			{ displayName: 'Tags', name: 'tags', type: 'string', default: '', placeholder: 'vip, invoiced', description: 'The order\'s tags, comma-separated: they replace the ones it has' },
			{
				displayName: 'Tracking Carrier Name or ID',
				name: 'tracking_carrier',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCarriers' },
				default: '',
				description: 'The carriers Shopkit knows (GET /shipment/carrier). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{ displayName: 'Tracking Code', name: 'tracking_code', type: 'string', default: '' },
			{ displayName: 'Tracking URL', name: 'tracking_url', type: 'string', default: '' },
		],
	},
];
