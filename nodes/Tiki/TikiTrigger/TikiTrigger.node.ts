import type { INodeType, INodeTypeDescription, TriggerPanelDefinition } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { TIKI } from '../../../credentials/platforms/tiki';
import { DELIVERY_TRIGGER_VERSIONS, deliveryWebhook, rememberedOnHandOver } from '../../shared/inbound/deliveryWebhook';
import { receiveTikiDelivery } from './TikiTrigger.receive';
import { tikiTriggerProperties } from './TikiTrigger.description';
import { tikiWebhookMethods } from './TikiTrigger.lifecycle';

const test =
	"<b>To test</b>, click <b>Execute step</b> to listen: the node registers the Test URL with Tiki for the selected events and grants Tiki its Basic pair. Tiki sends an event when it reviews a product request: create or edit a product in Tiki's seller center (with the credential's Sandbox environment, nothing touches your live catalogue) and wait for the approval or rejection. A delivery whose Basic pair does not match stops the listen with an error that says so.";

/** What "Listen for test event" does for Tiki, and how to make Tiki send one. */
const tikiTriggerPanel: TriggerPanelDefinition = {
	header: 'Listen for a test event from Tiki',
	executionsHelp: {
		inactive: `${test}<br /><br /><b>Once it works</b>, publish the workflow: the node registers its Production URL with Tiki itself, and every review runs the workflow. Those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
		active: `${test}<br /><br /><b>The workflow is published</b>: Tiki sends every review to its Production URL, and those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
	},
	activationHint: 'Once it works, publish the workflow: the node registers its webhooks with Tiki itself (you won’t see those executions here).',
};

export class TikiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tiki Trigger',
		name: 'tikiTrigger',
		icon: { light: 'file:../tiki.svg', dark: 'file:../tiki.dark.svg' },
		group: ['trigger'],
		...DELIVERY_TRIGGER_VERSIONS,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when Tiki approves, rejects or locks a product request',
		defaults: {
			name: 'Tiki Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: TIKI.credential,
				required: true,
			},
		],
		webhooks: [deliveryWebhook()],
		triggerPanel: tikiTriggerPanel,
		properties: tikiTriggerProperties,
	};

	webhookMethods = { default: tikiWebhookMethods };

	webhook = rememberedOnHandOver(receiveTikiDelivery);
}
