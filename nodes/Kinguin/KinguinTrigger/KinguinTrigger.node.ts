import type { INodeType, INodeTypeDescription, TriggerPanelDefinition } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { KINGUIN } from '../../../credentials/platforms/kinguin';
import { dashboardWebhookMethods } from '../../shared/lifecycle/dashboardWebhook';
import { kinguinTriggerProperties } from './KinguinTrigger.description';
import { requireKinguinSecret, testKinguinWebhookSecret } from './KinguinTrigger.authentication';
import { DELIVERY_TRIGGER_VERSIONS, deliveryWebhook, rememberedOnHandOver } from '../../shared/inbound/deliveryWebhook';
import { receiveKinguinDelivery } from './KinguinTrigger.receive';

const test =
	"<b>To test</b>, click <b>Execute step</b> to listen, copy the Test URL into the Kinguin dashboard (My Stores → your store → Webhooks) with the same secret key as in this node's credential, and click <b>Test URL</b> there: Kinguin sends one delivery, which shows up here. A delivery whose X-Event-Secret does not match stops the listen with an error that says so.";

/** What "Listen for test event" does for Kinguin, and how to make Kinguin send one. */
const kinguinTriggerPanel: TriggerPanelDefinition = {
	header: 'Listen for a test delivery from Kinguin',
	executionsHelp: {
		inactive: `${test}<br /><br /><b>Once it works</b>, put the Production URL in the dashboard instead, submit, and publish the workflow: every delivery then runs it. Those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
		active: `${test}<br /><br /><b>The workflow is published</b>: while the dashboard holds the Production URL, every delivery runs it, and those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
	},
	activationHint: 'Once it works, put the Production URL in the Kinguin dashboard and publish the workflow (you won’t see those executions here).',
};

export class KinguinTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kinguin Trigger',
		name: 'kinguinTrigger',
		icon: { light: 'file:../kinguin.svg', dark: 'file:../kinguin.dark.svg' },
		group: ['trigger'],
		...DELIVERY_TRIGGER_VERSIONS,
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
				// two credentials would both be labelled "Credential": each label says what it is for
				displayName: 'Webhook Secret',
				required: true,
				testedBy: 'kinguinWebhookSecret',
			},
			// Only Fetch Full Order, Fetch Order Keys and Fetch Product use it, so it is optional and always listed: n8n shows
			// a credential only when all its `show` rules hold and none of its `hide` rules (no "any of three options"),
			// and n8n-core's getCredentials refuses one whose first entry is not shown.
			{
				name: KINGUIN.apiCredential,
				displayName: 'API Key for the Fetch Options (Optional)',
				required: false,
			},
		],
		webhooks: [deliveryWebhook()],
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

	webhook = rememberedOnHandOver(receiveKinguinDelivery);
}
