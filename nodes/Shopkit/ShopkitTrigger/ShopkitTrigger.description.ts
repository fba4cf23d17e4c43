import type { INodeProperties } from 'n8n-workflow';

import { invalidPayloadsProperty } from '../../shared/inbound/invalidPayloads';
import { eventOptions } from '../../shared/inbound/eventTable';
import { SHOPKIT_EVENT_TABLE, SHOPKIT_EVENTS } from '../Shopkit.schemas';

export const shopkitTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'On activation this node registers one Shopkit webhook per selected event, and removes them on deactivation. The URL it gives Shopkit carries a random secret: treat that URL like a password, and do not add the same URL in the Shopkit dashboard by hand. If the store has a Shopkit app, put its client secret in the credential: deliveries must then also carry its signature.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [...SHOPKIT_EVENTS.filter((event) => SHOPKIT_EVENT_TABLE[event].byDefault)],
		description: 'The order, client, newsletter and product events that start the workflow; one Shopkit webhook is registered for each',
		options: eventOptions(SHOPKIT_EVENT_TABLE),
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return an order flattened to its most used fields (ID, status, totals, client name and email, product lines) instead of the full order as Shopkit sent it. Client, newsletter and product events are always returned whole.',
	},
	{
		displayName: 'Ignore Changes Made Through the API',
		name: 'ignoreApiChanges',
		type: 'boolean',
		default: false,
		description:
			"Whether to acknowledge and drop deliveries whose X-Webhook-Resource-Origin is api: changes made through Shopkit's API, such as this workflow's own writes back to Shopkit. Turn on when the workflow writes to Shopkit, so that its writes do not start it again.",
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
