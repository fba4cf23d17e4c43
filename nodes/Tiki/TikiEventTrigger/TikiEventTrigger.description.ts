import type { INodeProperties } from 'n8n-workflow';

import { eventOptions } from '../../shared/inbound/eventTable';
import { ORDER_FETCH_POLLS } from './orderFetchAttempts';
import { TIKI_EVENT_TYPE_TABLE, TIKI_ORDER_EVENT_TYPES } from './TikiEventTrigger.schemas';

/** The most events one poll emits unless the node's "Max Events per Poll" says otherwise. */
export const DEFAULT_MAX_EVENTS_PER_POLL = 500;

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
		default: [...TIKI_ORDER_EVENT_TYPES],
		description: 'The events that start the workflow; the node subscribes its Tiki queue to exactly these',
		options: eventOptions(TIKI_EVENT_TYPE_TABLE),
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
				description:
					"The most events one poll emits. Each poll emits at most one batch of Tiki's queue, acknowledged by the next poll; a batch with more new events than this is emitted in parts, one per poll.",
			},
		],
	},
];
