import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { KINGUIN } from '../../../credentials/platforms/kinguin';
import { dashboardWebhookMethods } from '../../shared/lifecycle/dashboardWebhook';
import { kinguinTriggerProperties } from './KinguinTrigger.description';
import { requireKinguinSecret } from './usableKinguinSecret';
import { receiveKinguinDelivery } from './KinguinTrigger.receive';
import { testKinguinWebhookSecret } from './testKinguinWebhookSecret';
import { kinguinTriggerPanel } from './kinguinTriggerPanel';

export class KinguinTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kinguin Trigger',
		name: 'kinguinTrigger',
		icon: { light: 'file:../kinguin.svg', dark: 'file:../kinguin.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when Kinguin reports a product update or an order status change',
		defaults: {
			name: 'Kinguin Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: KINGUIN.credential,
				required: true,
				testedBy: 'kinguinWebhookSecret',
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
		triggerPanel: kinguinTriggerPanel,
		properties: kinguinTriggerProperties,
	};

	methods = {
		credentialTest: {
			kinguinWebhookSecret: testKinguinWebhookSecret,
		},
	};

	webhookMethods = {
		default: dashboardWebhookMethods({
			platform: 'Kinguin',
			dashboard: 'the Kinguin dashboard (My Stores → your store → Webhooks)',
			checkCredential: requireKinguinSecret,
		}),
	};

	webhook = receiveKinguinDelivery;
}
