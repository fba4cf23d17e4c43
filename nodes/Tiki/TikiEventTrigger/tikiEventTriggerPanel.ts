import type { TriggerPanelDefinition } from 'n8n-workflow';

const test =
	"<b>To test</b>, click <b>Execute step</b> (Fetch Test Event): the node pulls one batch from its Tiki event queue and shows it here without acknowledging it, so the published workflow still receives those events. The queue holds only events that happened after its first poll: after that, place or update an order, or change a price or a stock (with the credential's Sandbox environment, in Tiki's sandbox), then fetch. An empty queue fetches nothing.";

/** What "Fetch Test Event" does for Tiki's event queue, and how to put an event in it. */
export const tikiEventTriggerPanel: TriggerPanelDefinition = {
	header: "Fetch a test event from Tiki's event queue",
	executionsHelp: {
		inactive: `${test}<br /><br /><b>Once it works</b>, publish the workflow: n8n then polls on the Poll Times schedule, and each event runs the workflow once. Those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
		active: `${test}<br /><br /><b>The workflow is published</b>: n8n polls on the Poll Times schedule and each event runs the workflow once. Those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
	},
	activationHint: 'Once it works, publish the workflow: n8n then polls Tiki on the Poll Times schedule (you won’t see those executions here).',
};
