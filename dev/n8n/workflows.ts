import { randomUUID } from 'crypto';

import type { WorkflowDefinition, WorkflowNode } from './api';
import { newestVersion } from './newestVersion';

export const PACKAGE_NAME = 'n8n-nodes-marketplace-webhooks';

export interface TriggerWorkflow {
	definition: WorkflowDefinition;
	/** Path under /webhook/ of the trigger's production URL. */
	webhookPath: string;
	triggerName: string;
	downstreamName: string;
}

/**
 * A workflow of one of this package's triggers followed by a No Operation node, so each execution
 * shows exactly what the trigger emitted. The webhook id is fixed here, which makes the URL known.
 */
export function triggerWorkflow(options: {
	node: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	name?: string;
	webhookPath?: string;
	/** Seconds a Wait node holds every execution before the No Operation node: a slow workflow. */
	slowStepSeconds?: number;
	/** The trigger's version: by default the one the editor adds now. */
	typeVersion?: number;
	/** The node after the trigger, instead of a No Operation node. */
	downstream?: Pick<WorkflowNode, 'type' | 'typeVersion' | 'parameters' | 'credentials'>;
}): TriggerWorkflow {
	const webhookId = randomUUID();
	const triggerName = 'Trigger';
	const downstreamName = 'Received';
	const workflow: TriggerWorkflow = {
		triggerName,
		downstreamName,
		webhookPath: `${webhookId}/${options.webhookPath ?? 'webhook'}`,
		definition: {
			name: options.name ?? `${options.node} ${webhookId.slice(0, 8)}`,
			nodes: [
				{
					id: randomUUID(),
					name: triggerName,
					type: `${PACKAGE_NAME}.${options.node}`,
					typeVersion: options.typeVersion ?? newestVersion(options.node),
					position: [0, 0],
					webhookId,
					parameters: options.parameters,
					credentials: options.credentials,
				},
				{
					id: randomUUID(),
					name: downstreamName,
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [240, 0],
					parameters: {},
					...options.downstream,
				},
			],
			connections: { [triggerName]: { main: [[{ node: downstreamName, type: 'main', index: 0 }]] } },
		},
	};
	if (options.slowStepSeconds) insertSlowStep(workflow, options.slowStepSeconds);
	return workflow;
}

function insertSlowStep(workflow: TriggerWorkflow, seconds: number): void {
	const slowName = 'Slow Step';
	workflow.definition.nodes.push({
		id: randomUUID(),
		name: slowName,
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		position: [120, 0],
		webhookId: randomUUID(),
		parameters: { resume: 'timeInterval', amount: seconds, unit: 'seconds' },
	});
	workflow.definition.connections = {
		[workflow.triggerName]: { main: [[{ node: slowName, type: 'main', index: 0 }]] },
		[slowName]: { main: [[{ node: workflow.downstreamName, type: 'main', index: 0 }]] },
	};
}
