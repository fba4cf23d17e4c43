import { logIn } from './api';
import type { N8nInstance } from './instance';

export interface ManualRun {
	status: number;
	/** `{ waitingForWebhook: true }` while a test listen waits, `{ executionId }` once a manual run started. */
	data?: { waitingForWebhook?: boolean; executionId?: string };
	/** n8n's message when it refused the run, e.g. the error a trigger's create() threw. */
	message?: string;
}

/**
 * n8n's internal REST API as its editor calls it, with the owner's session cookie: the routes behind a trigger's
 * "Listen for test event" (webhook triggers) and "Fetch Test Event" (polling triggers).
 */
export class EditorSession {
	private constructor(
		private readonly instance: Pick<N8nInstance, 'baseUrl'>,
		private readonly cookie: string,
	) {}

	static async open(instance: Pick<N8nInstance, 'baseUrl' | 'owner'>): Promise<EditorSession> {
		return new EditorSession(instance, await logIn(instance));
	}

	/**
	 * Runs the saved draft of the workflow from `triggerName` to it, as the trigger's button does
	 * (`POST /rest/workflows/:id/run`, n8n's workflows.controller `runManually` with a ManualRunDto naming the trigger
	 * to start from and the destination node). A webhook trigger then waits for a test delivery (n8n's
	 * TestWebhooks); a polling trigger polls once in mode manual.
	 */
	async runTrigger(workflowId: string, triggerName: string): Promise<ManualRun> {
		const response = await fetch(`${this.instance.baseUrl}/rest/workflows/${workflowId}/run`, {
			method: 'POST',
			headers: { cookie: this.cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ triggerToStartFrom: { name: triggerName }, destinationNode: { nodeName: triggerName, mode: 'inclusive' } }),
		});
		const answer = (await response.json().catch(() => ({}))) as { data?: ManualRun['data']; message?: string };
		return { status: response.status, data: answer.data, message: answer.message };
	}

	/** "Stop listening": n8n removes the test webhooks of the workflow (`DELETE /rest/test-webhook/:id`). */
	async stopListening(workflowId: string): Promise<void> {
		const response = await fetch(`${this.instance.baseUrl}/rest/test-webhook/${workflowId}`, { method: 'DELETE', headers: { cookie: this.cookie } });
		if (!response.ok) throw new Error(`stopping the test listen answered ${response.status}: ${await response.text()}`);
	}
}
