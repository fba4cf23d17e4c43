import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { SupplierMarketplace } from '../../../nodes/SupplierMarketplace/SupplierMarketplace/SupplierMarketplace.node';
import { supplierAction } from '../../../dev/supplierNodesInCore';
import { actionInWorkflow } from '../actionWorkflowInCore';
import type { OnError, WorkflowRun } from '../actionWorkflowInCore';

/** The Supplier Marketplace node in a workflow run by n8n-core's WorkflowExecute (actionWorkflowInCore.ts). */
export async function runInWorkflow(onError: OnError, parameters: INodeParameters, api: { apiUrl: string; token: string }, inputs: IDataObject[], settings: Partial<INode> = {}): Promise<WorkflowRun> {
	return await actionInWorkflow(supplierAction(parameters, api), new SupplierMarketplace(), onError, inputs, settings);
}
