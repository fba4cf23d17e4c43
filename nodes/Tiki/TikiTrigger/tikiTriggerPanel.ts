import type { TriggerPanelDefinition } from 'n8n-workflow';

const test =
	"<b>To test</b>, click <b>Execute step</b> to listen: the node registers the Test URL with Tiki for the selected events and grants Tiki its Basic pair. Tiki sends an event when it reviews a product request: create or edit a product in Tiki's seller center (with the credential's Sandbox environment, nothing touches your live catalogue) and wait for the approval or rejection. A delivery whose Basic pair does not match stops the listen with an error that says so.";

/** What "Listen for test event" does for Tiki, and how to make Tiki send one. */
export const tikiTriggerPanel: TriggerPanelDefinition = {
	header: 'Listen for a test event from Tiki',
	executionsHelp: {
		inactive: `${test}<br /><br /><b>Once it works</b>, publish the workflow: the node registers its Production URL with Tiki itself, and every review runs the workflow. Those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
		active: `${test}<br /><br /><b>The workflow is published</b>: Tiki sends every review to its Production URL, and those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
	},
	activationHint: 'Once it works, publish the workflow: the node registers its webhooks with Tiki itself (you won’t see those executions here).',
};
