import type { IDataObject, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { DeliveryLedger } from '../../../nodes/shared/memory/deliveryLedger';
import { nodeState } from '../../../nodes/shared/memory/nodeState';
import { NodeInN8nCore, stateIn } from '../../../dev/nodeInN8nCore';

/** A node type of no interest but its id and name: nodeState reads only the context's static data and node. */
const nodeType: INodeType = {
	description: {
		displayName: 'Probe',
		name: 'probe',
		group: ['trigger'],
		version: 1,
		description: '',
		defaults: { name: 'Probe' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
	},
};

/** The node `nodeId` named `nodeName` in a workflow whose static data n8n loaded from `stored` (as JSON). */
function node(stored: IDataObject, nodeName = 'Trigger', nodeId = 'node-1') {
	return new NodeInN8nCore({ nodeType, typeName: 'probe', staticData: JSON.parse(JSON.stringify(stored)), nodeId, nodeName, workflowId: 'wf' });
}

const HOUR = 60 * 60 * 1000;
const saved = (probe: NodeInN8nCore) => JSON.parse(JSON.stringify(probe.workflow.staticData)) as IDataObject;
/** What n8n checks before it saves static data (WorkflowStaticDataService.saveStaticData). */
const changed = (probe: NodeInN8nCore) => (probe.workflow.staticData as { __dataChanged?: boolean }).__dataChanged === true;

describe('nodeState: a node\'s state in static data', () => {
	it('lives under the node\'s id in the global static data, not under its name', () => {
		const probe = node({});
		nodeState(probe.hookContext()).secretDigest = 'abc';
		expect(saved(probe)).toEqual({ global: { 'node:node-1': { secretDigest: 'abc' } }, 'node:Trigger': {} });
		expect(changed(probe)).toBe(true);
	});

	it('is found again after the node is renamed', () => {
		const first = node({});
		nodeState(first.hookContext()).ackId = 'ack-7';
		const renamed = node(saved(first), 'Orders from Tiki');
		expect(nodeState(renamed.hookContext())).toEqual({ ackId: 'ack-7' });
		expect(changed(renamed)).toBe(false);
	});

	it('adopts what an earlier version kept under the node\'s name, once, and removes it there', () => {
		const legacy = node({ 'node:Trigger': { webhookId: 'hook-1', webhookToken: 'plain' } });
		expect(nodeState(legacy.hookContext())).toEqual({ webhookId: 'hook-1', webhookToken: 'plain' });
		expect(changed(legacy)).toBe(true);
		expect(saved(legacy)).toEqual({ global: { 'node:node-1': { webhookId: 'hook-1', webhookToken: 'plain' } }, 'node:Trigger': {} });

		const later = node({ ...saved(legacy), 'node:Trigger': { webhookId: 'stale' } });
		expect(nodeState(later.hookContext())).toEqual({ webhookId: 'hook-1', webhookToken: 'plain' });
	});

	it('writes nothing when only read, so n8n does not save the workflow for it', () => {
		const probe = node({});
		expect(nodeState(probe.hookContext())).toEqual({});
		expect(changed(probe)).toBe(false);
		expect(stateIn(saved(probe), 'node-1')).toEqual({});
	});

	it('keeps two nodes of one workflow apart', () => {
		const one = node({}, 'A', 'node-a');
		nodeState(one.hookContext()).events = ['x'];
		const other = node(saved(one), 'B', 'node-b');
		expect(nodeState(other.hookContext())).toEqual({});
	});

	it('keys the delivery ledger by the node\'s id, so a renamed trigger still recognises a redelivery', async () => {
		const first = node({});
		const context = (probe: NodeInN8nCore) =>
			({
				getWorkflowStaticData: (type: string) => probe.workflow.getStaticData(type, probe.node),
				getWorkflow: () => ({ id: 'wf-renamed-ledger' }),
				getNode: () => probe.node,
				getMode: () => 'webhook',
			}) as unknown as Parameters<typeof DeliveryLedger.ofFirstDeliveries>[0];
		expect(DeliveryLedger.ofFirstDeliveries(context(first), 'seen', HOUR).acceptFirst('delivery-1')).toBe(true);
		const stored = saved(first);
		expect(stored.global).toHaveProperty(['deliveries:node-1:seen']);

		// another process (or n8n after a restart) knows only what was saved
		jest.isolateModules(() => {
			const { DeliveryLedger: Fresh } = require('../../../nodes/shared/memory/deliveryLedger') as { DeliveryLedger: typeof DeliveryLedger };
			expect(Fresh.ofFirstDeliveries(context(node(stored, 'Renamed')), 'seen', HOUR).acceptFirst('delivery-1')).toBe(false);
		});
	});
});
