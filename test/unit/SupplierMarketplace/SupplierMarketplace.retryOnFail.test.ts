import type { INodeParameters } from 'n8n-workflow';

import { startSupplierApi } from '../../../dev/mocks/supplierApi';
import type { SupplierApiMock } from '../../../dev/mocks/supplierApi';
import { runInWorkflow } from './supplierWorkflowInCore';

const sale: INodeParameters = {
	operation: 'sold',
	supplierProductId: '={{ $json.id }}',
	sizes: { size: [{ value: 'M', count: '={{ $json.count }}' }] },
};

let api: SupplierApiMock;
beforeEach(async () => {
	api = await startSupplierApi();
});
afterEach(async () => {
	await api.close();
});

describe("Supplier Marketplace in n8n-core's WorkflowExecute, with n8n's Retry On Fail", () => {
	it('sends each update again with the Idempotency-Key it had when n8n runs the node once more in the same execution', async () => {
		// the first run stops at an update the marketplace applied but answered 500; n8n runs the node again
		api.failNext(500, { applied: true });
		const { run } = await runInWorkflow('stopWorkflow', sale, api, [{ id: 'A', count: 1 }], { retryOnFail: true, maxTries: 2 });

		expect(run.status).toBe('success');
		const keys = api.requests.map(({ idempotencyKey }) => idempotencyKey);
		expect(keys).toHaveLength(2);
		expect(keys[1]).toBe(keys[0]);
	});
});
