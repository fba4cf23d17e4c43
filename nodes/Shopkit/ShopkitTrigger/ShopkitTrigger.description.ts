import type { INodeProperties } from 'n8n-workflow';

import { invalidPayloadsProperty } from '../../shared/inbound/invalidPayloads';

export const shopkitTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'On activation this node registers one Shopkit webhook per selected event, and removes them on deactivation. Shopkit signs nothing, so the URL it is given carries a random secret: treat that URL like a password, and do not add the same URL in the Shopkit dashboard by hand.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['order_created'],
		description: 'The order events that start the workflow; one Shopkit webhook is registered for each',
		options: [
			{ name: 'Order Canceled', value: 'order_canceled', description: 'An order status changed to canceled' },
			{ name: 'Order Created', value: 'order_created', description: 'An order was created' },
			{ name: 'Order Deleted', value: 'order_deleted', description: 'An order was deleted' },
			{ name: 'Order Invoice Requested', value: 'order_invoice', description: 'An invoice was requested for an order' },
			{ name: 'Order Paid', value: 'order_paid', description: 'An order was set to paid' },
			{ name: 'Order Sent', value: 'order_sent', description: 'An order status changed to sent' },
			{ name: 'Order Status Changed', value: 'order_change_status', description: 'An order status changed' },
			{ name: 'Order Updated', value: 'order_updated', description: 'Any change was made to an order' },
		],
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return the order flattened to its most used fields (ID, status, totals, client name and email, product lines) instead of the full order as Shopkit sent it',
	},
	{
		displayName: 'Check User-Agent',
		name: 'checkUserAgent',
		type: 'boolean',
		default: true,
		description:
			'Whether to reject deliveries whose User-Agent is not Shopkit-Webhook, as Shopkit sends it. Turn off only if a proxy in front of n8n rewrites it.',
	},
	invalidPayloadsProperty('Shopkit'),
];
