import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { TIKI } from '../../../credentials/platforms/tiki';
import { pollTikiEvents } from './TikiEventTrigger.poll';
import { tikiEventTriggerProperties } from './TikiEventTrigger.description';
import { tikiEventTriggerPanel } from './tikiEventTriggerPanel';

export class TikiEventTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tiki Event Trigger',
		name: 'tikiEventTrigger',
		icon: { light: 'file:../tiki.svg', dark: 'file:../tiki.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on new Tiki orders, order status, price and stock changes, polled from Tiki\'s event queue',
		defaults: {
			name: 'Tiki Event Trigger',
		},
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: TIKI.credential,
				required: true,
			},
		],
		triggerPanel: tikiEventTriggerPanel,
		properties: tikiEventTriggerProperties,
	};

	poll = pollTikiEvents;
}
