import type { INodeProperties } from 'n8n-workflow';

import { SHOPGATE } from '../../../credentials/platforms/shopgate';
import { invalidPayloadsProperty } from '../../shared/inbound/invalidPayloads';
import { eventOptions } from '../../shared/inbound/eventTable';
import { SHOPGATE_DEFAULT_EVENTS, SHOPGATE_EVENT_TABLE } from '../Shopgate.schemas';
import { SHOPGATE_ORDER_EVENT_CODES } from '../Shopgate.orders';
import { ANSWER_WITHIN_MS, FETCH_WITHIN_MS } from '../../shared/related/relatedAnswer';

export const shopgateTriggerProperties: INodeProperties[] = [
	{
		displayName: `On activation this node creates its own webhook in Shopgate's webhook service for this workflow's production URL and fetches the merchant's webhook token, which every delivery must carry; on deactivation it deletes the webhook. Deliveries are answered as soon as they are verified (with Fetch Full Order, once the order is fetched, ${ANSWER_WITHIN_MS / 1000} seconds after at most), so Shopgate's 10-second limit holds whatever the workflow does next.`,
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [...SHOPGATE_DEFAULT_EVENTS],
		description: 'The events that start the workflow; the node\'s webhook at Shopgate subscribes to these',
		options: eventOptions(SHOPGATE_EVENT_TABLE),
	},
	{
		displayName: 'Fetch Full Order',
		name: 'fetchFullOrder',
		type: 'boolean',
		default: false,
		description: `Whether to fetch the whole order from Shopgate's order service for each sales order event (under "order") and fulfillment order event (under "fulfillmentOrder"). Shopgate is answered within ${ANSWER_WITHIN_MS / 1000} seconds whatever the order service does; an order that cannot be fetched within ${FETCH_WITHIN_MS / 1000} seconds is null, with the reason in "payloadIssues".`,
		displayOptions: { show: { events: [...SHOPGATE_ORDER_EVENT_CODES] } },
	},
	{
		displayName: 'Only Accept Shopgate\'s IPs',
		name: 'onlyShopgateIps',
		type: 'boolean',
		default: false,
		description: `Whether to also reject deliveries that do not come from Shopgate's address: ${SHOPGATE.hosts.production.ip} in production, ${SHOPGATE.hosts.staging.ip} in staging (from the credential's environment)`,
	},
	{
		displayName:
			'Behind a reverse proxy or load balancer the address n8n sees is the proxy\'s, unless n8n is told to trust it: set N8N_PROXY_HOPS to the number of proxies in front of n8n, or leave this off.',
		name: 'proxyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { onlyShopgateIps: [true] } },
	},
	invalidPayloadsProperty('Shopgate'),
];
