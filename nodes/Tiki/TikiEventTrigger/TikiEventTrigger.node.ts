import type { INodeType, INodeTypeDescription, TriggerPanelDefinition } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { TIKI } from '../../../credentials/platforms/tiki';
import { pollTikiEvents } from './TikiEventTrigger.poll';
import { tikiEventTriggerProperties } from './TikiEventTrigger.description';

const test =
	"<b>To test</b>, click <b>Execute step</b> (Fetch Test Event): the node pulls one batch from its Tiki event queue and shows it here without acknowledging it, so the published workflow still receives those events. The queue holds only events that happened after its first poll: after that, place or update an order, or change a price or a stock (with the credential's Sandbox environment, in Tiki's sandbox), then fetch. An empty queue fetches nothing.";

/** What "Fetch Test Event" does for Tiki's event queue, and how to put an event in it. */
const tikiEventTriggerPanel: TriggerPanelDefinition = {
	header: "Fetch a test event from Tiki's event queue",
	executionsHelp: {
		inactive: `${test}<br /><br /><b>Once it works</b>, publish the workflow: n8n then polls on the Poll Times schedule, and each event runs the workflow once. Those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
		active: `${test}<br /><br /><b>The workflow is published</b>: n8n polls on the Poll Times schedule and each event runs the workflow once. Those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
	},
	activationHint: 'Once it works, publish the workflow: n8n then polls Tiki on the Poll Times schedule (you won’t see those executions here).',
};

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
