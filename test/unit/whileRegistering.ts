import type { WorkflowExecuteMode } from 'n8n-workflow';

import type { NodeInN8nCore, Request } from '../../dev/nodeInN8nCore';
import { REGISTERING_RETRY_AFTER_SECONDS } from '../../nodes/shared/inbound/registering';
import { atTimes } from './atTimes';

/** Requests at the same moment, then one just under a minute later and one a minute later. */
const FLOOD = [...Array<number>(50).fill(0), 59_999, 60_000];

/**
 * Sends `request` to a trigger whose activation has not left its state yet, as a flood over a minute, and checks
 * what n8n would do with each: answered 503 with Retry-After, nothing thrown (n8n would answer 500, record a failed
 * execution and run the error workflow), no items (no execution), no static data to save (a save could land over
 * the registration's). Returns the node's warnings that name the 503, which n8n's log gets.
 */
export async function expectAnsweredWhileRegistering(trigger: NodeInN8nCore, request: Request, mode?: WorkflowExecuteMode): Promise<string[]> {
	const warn = jest.spyOn(trigger.hookContext().logger, 'warn').mockImplementation(() => undefined);
	try {
		const deliveries = await atTimes(FLOOD, () => trigger.deliver(request, mode));
		for (const { response, result } of deliveries) {
			expect(response).toMatchObject({ status: 503, headers: { 'retry-after': String(REGISTERING_RETRY_AFTER_SECONDS) }, ended: true });
			expect(result).toEqual({ noWebhookResponse: true });
		}
		expect((trigger.workflow.staticData as { __dataChanged?: boolean }).__dataChanged).not.toBe(true);
		const said = warn.mock.calls.map(([message]) => String(message)).filter((message) => message.includes('503'));
		// once for the flood, once more a minute later
		expect(said).toHaveLength(2);
		return said;
	} finally {
		warn.mockRestore();
	}
}
