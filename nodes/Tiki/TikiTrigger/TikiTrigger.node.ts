import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { TIKI } from '../../../credentials/platforms/tiki';
import { receiveTikiDelivery } from './TikiTrigger.receive';
import { tikiTriggerProperties } from './TikiTrigger.description';
import { tikiTriggerPanel } from './tikiTriggerPanel';
import { tikiWebhookMethods } from './TikiTrigger.lifecycle';

export class TikiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tiki Trigger',
		name: 'tikiTrigger',
		icon: { light: 'file:../tiki.svg', dark: 'file:../tiki.dark.svg' },
		group: ['trigger'],
		version: 1,
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
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		triggerPanel: tikiTriggerPanel,
		properties: tikiTriggerProperties,
	};

	webhookMethods = { default: tikiWebhookMethods };

	webhook = receiveTikiDelivery;
}
