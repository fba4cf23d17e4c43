import type { IDataObject } from 'n8n-workflow';

import { Shopkit } from '../../../nodes/Shopkit/Shopkit/Shopkit.node';
import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import { mockOrder } from '../../../dev/mocks/shopkitOrders';
import { actionInWorkflow } from '../actionWorkflowInCore';
import { shopkitNode } from './shopkitNodeInCore';

let api: ShopkitApiMock;
beforeEach(async () => {
	api = await startShopkitApi();
	for (const id of [1, 2]) api.store.orders.set(id, mockOrder(id));
});
afterEach(async () => {
	await api.close();
});

/** Invoices for orders 1, 404 (Shopkit has none) and 2. */
const invoices = () => shopkitNode(api, { operation: 'issueInvoice', orderId: '={{ $json.order }}' });
const inputs = [{ order: 1 }, { order: 404 }, { order: 2 }];
const outcomes = (items: IDataObject[]) => items.map((item) => [item.order, (item.error as IDataObject | undefined)?.outcome ?? 'issued']);

describe("Shopkit node in n8n-core's WorkflowExecute: where each item goes", () => {
	it('Continue (using error output): issued invoices by the success output; a missing order (failed) and an unknown outcome by the error output, with the input fields', async () => {
		// order 1: issued, answered 500, and the order then not found when read back
		api.failAfterApplying(500);
		api.failAfter(1, 404, { message: 'Not found.' });
		const { run, received } = await actionInWorkflow(invoices(), new Shopkit(), 'continueErrorOutput', inputs);

		expect(run.status).toBe('success');
		expect(received.succeeded.map((item) => item.orderId)).toEqual([2]);
		expect(outcomes(received.failed)).toEqual([
			[1, 'unknown'],
			[404, 'failed'],
		]);
		expect(received.failed[1]).toEqual({ order: 404, error: expect.objectContaining({ message: expect.stringMatching(/^Shopkit has no order 404\./), status: 404 }) });
		expect(api.store.invoicesIssued).toEqual([1, 2]);
	});

	it('Stop Workflow: the first item that fails stops the node and marks the run failed', async () => {
		const { run, received } = await actionInWorkflow(invoices(), new Shopkit(), 'stopWorkflow', [{ order: 404 }, { order: 1 }]);
		expect(run.status).toBe('error');
		expect(run.data.resultData.error).toMatchObject({ message: expect.stringMatching(/^Shopkit has no order 404\./) });
		expect(received).toEqual({ succeeded: [], failed: [] });
		expect(api.store.invoicesIssued).toEqual([]);
	});
});
