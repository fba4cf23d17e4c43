import type { INodeProperties } from 'n8n-workflow';

import { invalidPayloadsProperty } from '../../shared/inbound/invalidPayloads';
import { eventOptions } from '../../shared/inbound/eventTable';
import { KINGUIN_EVENT_TABLE, KINGUIN_EVENTS, KINGUIN_ORDER_STATUSES } from '../Kinguin.schemas';

/** The events whose deliveries point at an order, and those that point at a product. */
const ORDER_EVENTS = KINGUIN_EVENTS.filter((event) => KINGUIN_EVENT_TABLE[event].record === 'order');
const PRODUCT_EVENTS = KINGUIN_EVENTS.filter((event) => KINGUIN_EVENT_TABLE[event].record === 'product');

export const kinguinTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Kinguin has no API for registering webhooks, so you add this one in the Kinguin dashboard once: activate this workflow, copy the Production URL shown above, then in the dashboard open My Stores → your store → Webhooks, paste the URL, enter the same secret key as in this node\'s credential, click Test URL and Submit.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [...KINGUIN_EVENTS.filter((event) => KINGUIN_EVENT_TABLE[event].byDefault).sort()],
		description:
			'Which deliveries start the workflow. Deliveries of other events are acknowledged (204) and not emitted.',
		options: eventOptions(KINGUIN_EVENT_TABLE),
	},
	{
		displayName: 'Ignore Out-of-Order Updates',
		name: 'ignoreOutOfOrder',
		type: 'boolean',
		default: true,
		description:
			'Whether to skip deliveries that are not newer than one already received. Kinguin sends webhooks in no guaranteed order and retries failed ones, so the node remembers the newest updatedAt of each product (kinguinId) and each order (orderId), up to 1,000 of them with the least recently updated forgotten first, and acknowledges an older or equal delivery without starting the workflow.',
	},
	{
		displayName: 'Only These Statuses',
		name: 'onlyStatuses',
		type: 'multiOptions',
		default: [],
		displayOptions: { show: { events: KINGUIN_EVENTS.filter((event) => KINGUIN_EVENT_TABLE[event].byStatus) } },
		description:
			'Emit order status changes only for these statuses. Leave empty to emit every status, including any Kinguin adds later.',
		options: KINGUIN_ORDER_STATUSES.map((status) => ({
			name: status.charAt(0).toUpperCase() + status.slice(1),
			value: status,
		})),
	},
	{
		displayName: 'Fetch Full Order',
		name: 'fetchFullOrder',
		type: 'boolean',
		default: false,
		displayOptions: { show: { events: ORDER_EVENTS } },
		description:
			'Whether to fetch the whole order (totals, products, dispatch) from Kinguin\'s eCommerce API for each order delivery and put it under "order". Needs a Kinguin API credential. An order that cannot be fetched is null, with the reason in payloadIssues.',
	},
	{
		displayName: 'Fetch Order Keys',
		name: 'fetchOrderKeys',
		type: 'boolean',
		default: false,
		displayOptions: { show: { events: ORDER_EVENTS } },
		description:
			'Whether to fetch the keys of a completed order (an Order Status Changed to "completed", or an Order Complete) and put them under "keys". Needs a Kinguin API credential.',
	},
	{
		displayName:
			'The keys are secrets your customers paid for. With this option on they are stored in the execution data of every run that gets them, and shown wherever that data goes (the executions list, logs, error workflows). Keep them only where that is acceptable: Workflow settings → Save successful production executions.',
		name: 'keysNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { fetchOrderKeys: [true] } },
	},
	{
		displayName: 'Fetch Product',
		name: 'fetchProduct',
		type: 'boolean',
		default: false,
		displayOptions: { show: { events: PRODUCT_EVENTS } },
		description:
			'Whether to fetch the whole product (name, platform, price, offers, region, images) from Kinguin\'s eCommerce API for each product update and put it under "product". Needs a Kinguin API credential. A product that cannot be fetched is null, with the reason in payloadIssues.',
	},
	invalidPayloadsProperty('Kinguin'),
];
