import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSupplierApi } from '../../../dev/mocks/supplierApi';
import type { SupplierApiMock } from '../../../dev/mocks/supplierApi';
import { runInWorkflow } from './supplierWorkflowInCore';

const mapped: INodeParameters = {
	operation: 'sold',
	supplierProductId: '={{ $json.id }}',
	sizes: { size: [{ value: 'M', count: '={{ $json.count }}' }] },
};

/**
 * One item of each kind, sent one at a time: A is applied, B refused (400), C applied but answered 500 (its
 * outcome unknown), C's second sale not sent on top of it, and an item whose count is not a whole number.
 */
const inputs = [
	{ id: 'A', count: 1 },
	{ id: 'B', count: 2 },
	{ id: 'C', count: 3 },
	{ id: 'C', count: 4 },
	{ id: 'D', count: '2.5' },
];

function failEachKind(api: SupplierApiMock): void {
	api.passNext();
	api.failNext(400, { body: { error: 'unknown size M' } });
	api.failNext(500, { applied: true });
}

const outcomes = (items: IDataObject[]) => items.map((item) => [item.id, item.outcome ?? (item.error as IDataObject).outcome]);

let api: SupplierApiMock;
beforeEach(async () => {
	api = await startSupplierApi();
});
afterEach(async () => {
	await api.close();
});

describe("Supplier Marketplace in n8n-core's WorkflowExecute: where each item goes, per On Error setting", () => {
	it('Continue (using error output): the applied update leaves by the success output; failed, unknown, not sent and invalid ones by the error output, with the input fields', async () => {
		failEachKind(api);
		const { run, received } = await runInWorkflow('continueErrorOutput', { ...mapped, options: { concurrency: 1 } }, api, inputs);

		expect(run.status).toBe('success');
		expect(outcomes(received.succeeded)).toEqual([[undefined, 'applied']]);
		expect(received.succeeded[0]).toMatchObject({ outcome: 'applied', request: { supplierProductId: 'A' } });
		expect(outcomes(received.failed)).toEqual([
			['B', 'failed'],
			['C', 'unknown'],
			['C', 'notSent'],
			['D', 'invalid'],
		]);
		expect(received.failed[1]).toMatchObject({ id: 'C', count: 3, error: { message: 'The marketplace answered HTTP 500 (after 1 attempt)', check: expect.stringMatching(/^Check the stock of C/) } });
		expect(api.received.map(({ body }) => body.supplierProductId)).toEqual(['A', 'C']);
	});

	it('Continue (regular output): every item leaves by the one output, a failed one as { error }', async () => {
		failEachKind(api);
		const { run, received } = await runInWorkflow('continueRegularOutput', { ...mapped, options: { concurrency: 1 } }, api, inputs);

		expect(run.status).toBe('success');
		expect(received.failed).toEqual([]);
		expect(received.succeeded.map((item) => item.outcome ?? (item.error as IDataObject).outcome)).toEqual(['applied', 'failed', 'unknown', 'notSent', 'invalid']);
		expect(received.succeeded.slice(1).every((item) => Object.keys(item).join() === 'error')).toBe(true);
	});

	it('Stop Workflow: the first update that fails stops the node and marks the run failed; nothing leaves the node', async () => {
		failEachKind(api);
		const { run, received } = await runInWorkflow('stopWorkflow', { ...mapped, options: { concurrency: 1 } }, api, inputs.slice(0, 4));

		expect(run.status).toBe('error');
		expect(run.data.resultData.error).toMatchObject({
			message: expect.stringMatching(/^The marketplace rejected this stock update.*"unknown size M" \(after 1 attempt\)$/),
			description: expect.stringMatching(/^Item 1 \(supplierProductId B, sold\) was answered HTTP 400 .* Accepted by the marketplace: item 0 \(1 update\)\. Failed: item 1 \(1 update\)\. Not sent: items 2–3 \(2 updates\)\./),
		});
		expect(run.data.resultData.lastNodeExecuted).toBe('Report Stock');
		expect(received).toEqual({ succeeded: [], failed: [] });
		expect(api.received.map(({ body }) => body.supplierProductId)).toEqual(['A']);
	});

	it('Stop Workflow: an update whose outcome is unknown stops the node and marks the run failed, saying it may have been applied', async () => {
		api.failAfter(1, 0, { applied: true });
		const { run } = await runInWorkflow('stopWorkflow', { ...mapped, options: { concurrency: 1, timeout: 300 } }, api, inputs.slice(0, 3));

		expect(run.status).toBe('error');
		expect(run.data.resultData.error?.description).toMatch(
			/^Item 1 \(supplierProductId B, sold\) was answered no answer \(ECONNABORTED\), after 1 attempt: the marketplace may have applied it, so it was not sent again\./,
		);
		expect(api.requests).toHaveLength(2);
	});

	it('Stop Workflow: the time budget stops the node and marks the run failed, saying how many were not sent', async () => {
		api.setLatency(300);
		const many = Array.from({ length: 20 }, (_, i) => ({ id: `P${i}`, count: i }));
		const { run } = await runInWorkflow('stopWorkflow', { ...mapped, options: { concurrency: 1, timeBudget: 1 } }, api, many);

		expect(run.status).toBe('error');
		expect(run.data.resultData.error).toMatchObject({
			message: 'The time budget of 1 s ran out before every update was sent',
			description: expect.stringMatching(/Not sent: items \d+–19 \(\d+ updates\)\./),
		});
	});

	it.each(['continueErrorOutput', 'continueRegularOutput'] as const)(
		'%s: the outage breaker sends nothing more; the items not sent say why, and the node shows the account as a warning',
		async (onError) => {
			api.failNext(503, { count: 100, retryAfterSeconds: 0 });
			const many = Array.from({ length: 10 }, (_, i) => ({ id: `P${i}`, count: i }));
			const { run, received } = await runInWorkflow(onError, { ...mapped, options: { concurrency: 1, maxRetries: 0, stopAfterFailures: 2 } }, api, many);

			const leaving = onError === 'continueErrorOutput' ? received.failed : received.succeeded;
			expect(onError === 'continueErrorOutput' ? received.succeeded : received.failed).toEqual([]);
			expect(leaving.map((item) => (item.error as IDataObject).outcome)).toEqual(['failed', 'failed', ...Array(8).fill('notSent')]);
			expect((leaving[9].error as IDataObject).message).toBe('Not sent: The marketplace looks unavailable: 2 updates in a row failed after their retries');
			expect(api.requests).toHaveLength(2);
			const [task] = run.data.resultData.runData['Report Stock'];
			expect(task.hints).toEqual([
				expect.objectContaining({ type: 'warning', message: expect.stringMatching(/^The marketplace looks unavailable: .* Not sent: items 2–9 \(8 updates\)\./) }),
			]);
			// n8n (1.123.81 and 2.41.1) marks a run failed only for the error of a node set to stop, or of the node that ran last
			expect(run.status).toBe('success');
		},
	);
});
