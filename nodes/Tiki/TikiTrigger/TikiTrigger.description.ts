import type { INodeProperties } from 'n8n-workflow';

import { invalidPayloadsProperty } from '../../shared/inbound/invalidPayloads';

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
		default: ['product:request:approved', 'product:request:rejected'],
		description: 'The product request events that start the workflow',
		options: [
			{
				name: 'Product Request Approved',
				value: 'product:request:approved',
				description: 'Tiki approved a product request',
			},
			{
				name: 'Product Request Locked',
				value: 'product:request:locked',
				description: 'A product request was rejected two or three times and is now locked',
			},
			{
				name: 'Product Request Rejected',
				value: 'product:request:rejected',
				description: 'Tiki rejected a product request; the reasons are included',
			},
		],
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
