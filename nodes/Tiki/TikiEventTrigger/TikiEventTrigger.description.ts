import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_EVENTS_PER_POLL, ORDER_FETCH_POLLS } from './tikiEventConstants';

export const tikiEventTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Tiki sends orders, order status, price and stock changes only through its event queue, so this node polls. On its first poll it creates a queue on Tiki for this node and subscribes it to the selected events; events that happen before that are not in the queue. Deactivating the workflow keeps the queue, so nothing is missed while it is off.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['ORDER_CREATED_SUCCESSFULLY', 'ORDER_STATUS_UPDATED'],
		description: 'The events that start the workflow; the node subscribes its Tiki queue to exactly these',
		options: [
			{
				name: 'Order Created',
				value: 'ORDER_CREATED_SUCCESSFULLY',
				description: 'A buyer placed an order for your products (Tiki scope: order)',
			},
			{
				name: 'Order Status Updated',
				value: 'ORDER_STATUS_UPDATED',
				description: 'Tiki or the seller changed the status of an order (Tiki scope: order)',
			},
			{
				name: 'Product Inventory Updated',
				value: 'PRODUCT_INVENTORY_UPDATED',
				description: 'The stock of a product changed in a warehouse (Tiki scope: inventory)',
			},
			{
				name: 'Product Market Price Updated',
				value: 'PRODUCT_MARKET_PRICE_UPDATED',
				description: 'The market (list) price of a product changed (Tiki scope: product)',
			},
			{
				name: 'Product Price Updated',
				value: 'PRODUCT_PRICE_UPDATED',
				description: 'The selling price of a product changed (Tiki scope: product)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Fetch Full Order',
				name: 'fetchFullOrder',
				type: 'boolean',
				default: false,
				description:
					`Whether to fetch the whole order from Tiki for each order event and put it under "order". An order that cannot be fetched holds its batch in the queue for up to ${ORDER_FETCH_POLLS} polls; then the event is emitted with "orderFetchError" instead.`,
			},
			{
				displayName: 'Max Events per Poll',
				name: 'maxEventsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_EVENTS_PER_POLL,
				description: 'The most events one poll emits; the rest wait in Tiki\'s queue for the next poll',
			},
		],
	},
];
