import type { INodeProperties } from 'n8n-workflow';

import { invalidPayloadsProperty } from '../../shared/inbound/invalidPayloads';
import { eventOptions } from '../../shared/inbound/eventTable';
import { TIKI_EVENT_TABLE, TIKI_EVENTS } from './TikiTrigger.schemas';

export const tikiTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'On activation this node registers its URL with Tiki for each selected event and grants Tiki the Basic credentials it then checks on every delivery. On deactivation it removes its URL from those events. Tiki offers no way to withdraw the granted Basic credentials: they stay with Tiki (and remain valid for other Tiki Triggers of the same seller) until another pair is granted.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [...TIKI_EVENTS.filter((event) => TIKI_EVENT_TABLE[event].byDefault)],
		description: 'The product request events that start the workflow',
		options: eventOptions(TIKI_EVENT_TABLE),
	},
	{
		displayName: 'Replace Existing Registration',
		name: 'replaceExisting',
		type: 'boolean',
		default: false,
		description:
			'Whether to take over an event that Tiki already sends to another URL. Tiki keeps one URL per event for the whole seller account, so the other URL stops receiving it.',
	},
	invalidPayloadsProperty('Tiki'),
];
