import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeType, INodeTypes, IRun, IWorkflowBase } from 'n8n-workflow';
import { NodeConnectionTypes, Workflow } from 'n8n-workflow';

import type { NodeInN8nCore } from '../../dev/nodeInN8nCore';

/** n8n's "On Error" setting of a node. */
export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

const passThrough = (name: string, execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>): INodeType => ({
	description: {
		displayName: name,
		name,
		group: ['transform'],
		version: 1,
		description: name,
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	execute,
});

export interface WorkflowRun {
	run: IRun;
	/** The items each node after the action node received: `Succeeded` on its first output, `Failed` on its error output. */
	received: { succeeded: IDataObject[]; failed: IDataObject[] };
}

/**
 * An action node in a workflow run by n8n-core's own WorkflowExecute: Items (hands over `inputs`) → the node
 * (named Report Stock), set to `onError` → Succeeded on its first output and, with "Continue (using error
 * output)", Failed on its error output. What n8n routes where, and whether it marks the run failed, is n8n's.
 */
export async function actionInWorkflow(
	action: NodeInN8nCore,
	nodeType: INodeType,
	onError: OnError,
	inputs: IDataObject[],
	/** More of the action node's settings, as n8n's node settings set them (Retry On Fail). */
	settings: Partial<INode> = {},
): Promise<WorkflowRun> {
	const received = { succeeded: [] as IDataObject[], failed: [] as IDataObject[] };
	const types: Record<string, INodeType> = {
		'test.items': passThrough('Items', async () => [inputs.map((json) => ({ json }))]),
		'test.succeeded': passThrough('Succeeded', async function () {
			received.succeeded.push(...this.getInputData().map((item) => item.json));
			return [this.getInputData()];
		}),
		'test.failed': passThrough('Failed', async function () {
			received.failed.push(...this.getInputData().map((item) => item.json));
			return [this.getInputData()];
		}),
		[action.node.type]: nodeType,
	};
	const nodeTypes = { getByName: (type: string) => types[type], getByNameAndVersion: (type: string) => types[type], getKnownTypes: () => ({}) } as INodeTypes;
	const node = (name: string, type: string, x: number): INode => ({ id: name, name, type, typeVersion: 1, position: [x, 0], parameters: {} });
	const items = node('Items', 'test.items', 0);
	const nodes = [items, { ...action.node, ...settings, name: 'Report Stock', position: [200, 0] as [number, number], onError }, node('Succeeded', 'test.succeeded', 400), node('Failed', 'test.failed', 400)];
	const connections = {
		Items: { main: [[{ node: 'Report Stock', type: NodeConnectionTypes.Main, index: 0 }]] },
		'Report Stock': {
			main: [[{ node: 'Succeeded', type: NodeConnectionTypes.Main, index: 0 }], [{ node: 'Failed', type: NodeConnectionTypes.Main, index: 0 }]],
		},
	};
	const workflow = new Workflow({ id: 'workflow-1', name: 'stock sync', nodes, connections, active: false, nodeTypes, settings: { executionOrder: 'v1' } });
	const workflowData: IWorkflowBase = {
		id: workflow.id,
		name: 'stock sync',
		nodes,
		connections,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: workflow.settings,
	};
	const additionalData = action.additionalData({ executionId: 'execution-1', hooks: new ExecutionLifecycleHooks('manual', 'execution-1', workflowData) });
	const execute = new WorkflowExecute(additionalData, 'manual');
	// n8n-core 1.x takes run()'s arguments one by one, 2.x as one object (the compat project runs these tests on 1.x)
	const run = await (execute.run.length > 1
		? (execute.run as unknown as (workflow: Workflow, startNode: INode) => Promise<IRun>)(workflow, items)
		: execute.run({ workflow, startNode: items }));
	return { run, received };
}
