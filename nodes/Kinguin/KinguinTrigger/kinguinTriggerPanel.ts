import type { TriggerPanelDefinition } from 'n8n-workflow';

const test =
	"<b>To test</b>, click <b>Execute step</b> to listen, copy the Test URL into the Kinguin dashboard (My Stores → your store → Webhooks) with the same secret key as in this node's credential, and click <b>Test URL</b> there: Kinguin sends one delivery, which shows up here. A delivery whose X-Event-Secret does not match stops the listen with an error that says so.";

/** What "Listen for test event" does for Kinguin, and how to make Kinguin send one. */
export const kinguinTriggerPanel: TriggerPanelDefinition = {
	header: 'Listen for a test delivery from Kinguin',
	executionsHelp: {
		inactive: `${test}<br /><br /><b>Once it works</b>, put the Production URL in the dashboard instead, submit, and publish the workflow: every delivery then runs it. Those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
		active: `${test}<br /><br /><b>The workflow is published</b>: while the dashboard holds the Production URL, every delivery runs it, and those executions show up in the <a data-key="executions">executions list</a>, not in the editor.`,
	},
	activationHint: 'Once it works, put the Production URL in the Kinguin dashboard and publish the workflow (you won’t see those executions here).',
};
