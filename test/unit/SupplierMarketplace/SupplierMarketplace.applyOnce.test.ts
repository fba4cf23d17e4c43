import fc from 'fast-check';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { startSupplierApi } from '../../../dev/mocks/supplierApi';
import type { SupplierApiMock, SupplierStockUpdate } from '../../../dev/mocks/supplierApi';
import { supplierAction } from '../../../dev/supplierNodesInCore';

/** Sales whose product and count come from the item: the count tells the updates apart at the server. */
const mapped: INodeParameters = {
	operation: 'sold',
	supplierProductId: '={{ $json.id }}',
	newPrice: '={{ $json.count }}',
	sizes: { size: [{ value: 'M', count: '={{ $json.count }}' }] },
};

const sale = (id: string, count: number) => ({ id, count });

const errorOf = (item: INodeExecutionData) => (item.json.error ?? {}) as IDataObject;
const outcomeOf = (item: INodeExecutionData) => (item.json.outcome ?? errorOf(item).outcome) as string;

/** How often the server applied the update of the item with this product, action and count. */
function timesApplied(api: SupplierApiMock, action: string, input: { id: string; count: number }): number {
	const same = (body: SupplierStockUpdate) =>
		body.supplierProductId === input.id && body.action === action && (action === 'price' ? body.newPrice === input.count : body.sizes[0]?.count === input.count);
	return api.received.filter(({ body }) => same(body)).length;
}

let api: SupplierApiMock;
beforeEach(async () => {
	api = await startSupplierApi();
});
afterEach(async () => {
	await api.close();
});

describe('Supplier Marketplace: a sale whose outcome is unknown is not sent again', () => {
	it.each([
		['applied, then no answer within the timeout', () => api.failNext(0, { applied: true }), null],
		['applied, then answered 500', () => api.failNext(500, { applied: true }), 500],
		['applied, then answered 502', () => api.failNext(502, { applied: true }), 502],
		['applied, then answered 504', () => api.failNext(504, { applied: true }), 504],
		['its connection reset once the body was read', () => api.resetNext({ applied: true }), null],
	])('%s: sent once, applied once, and the item says the outcome is unknown and how to check', async (_fault, inject, status) => {
		inject();
		const [[item]] = await supplierAction({ ...mapped, options: { timeout: 300 } }, api).execute([sale('SS21CA2N', 2)], { continueOnFail: true });

		expect(api.requests).toHaveLength(1);
		expect(api.received).toHaveLength(1);
		expect(item.json).toEqual({
			error: {
				message: expect.any(String),
				...(item.json.error as IDataObject).description !== undefined && { description: expect.any(String) },
				outcome: 'unknown',
				request: { supplierProductId: 'SS21CA2N', action: 'sold', sizes: [{ value: 'M', count: 2 }] },
				status,
				response: status === null ? null : expect.anything(),
				attempts: 1,
				check: 'Check the stock of SS21CA2N in the supplier dashboard: if this sold update is missing, send it again; later updates of this product in this run were not sent',
			},
		});
	});

	it('503 before applying, with or without Retry-After, and a refused connection: sent again, applied once', async () => {
		api.failNext(503);
		api.failNext(503, { retryAfterSeconds: 0 });
		const [[item]] = await supplierAction(mapped, api).execute([sale('A', 1)]);
		expect(item.json).toMatchObject({ outcome: 'applied', attempts: 3 });
		expect(api.received).toHaveLength(1);

		const closed = await startSupplierApi();
		await closed.close();
		const [[refused]] = await supplierAction({ ...mapped, options: { maxRetries: 2 } }, closed).execute([sale('A', 1)], { continueOnFail: true });
		expect(errorOf(refused)).toMatchObject({ outcome: 'failed', status: null, attempts: 3 });
	});

	it('without Continue On Fail, stops the node: the error says the update may have been applied and was not sent again', async () => {
		api.failAfter(1, 500, { applied: true });
		const run = supplierAction({ ...mapped, options: { concurrency: 1 } }, api).execute([sale('A', 1), sale('B', 2), sale('C', 3)]);
		await expect(run).rejects.toMatchObject({
			message: 'The marketplace answered HTTP 500 (after 1 attempt)',
			description:
				'Item 1 (supplierProductId B, sold) was answered HTTP 500 {"error":"Internal Server Error"}, after 1 attempt: the marketplace may have applied it, so it was not sent again. The node stopped sending there. ' +
				'Accepted by the marketplace: item 0 (1 update). Outcome unknown (the marketplace may have applied them; they were not sent again): item 1 (1 update). Not sent: item 2 (1 update). ' +
				'Send again only what was not accepted: running the same items again repeats the accepted updates.',
		});
		expect(api.received.map(({ body }) => body.supplierProductId)).toEqual(['A', 'B']);
	});

	it('with Continue On Fail, sends no later update of that product on top of it, and the other products as usual', async () => {
		api.failNext(500, { applied: true });
		const input = [sale('A', 1), sale('A', 2), sale('B', 3), sale('A', 4)];
		const [output] = await supplierAction({ ...mapped, options: { concurrency: 1 } }, api).execute(input, { continueOnFail: true });

		expect(output.map(outcomeOf)).toEqual(['unknown', 'notSent', 'applied', 'notSent']);
		expect(errorOf(output[1]).message).toBe('Not sent: item 0, an earlier update of the same product, may or may not have been applied, and this one would have been applied on top of it');
		expect(api.received.map(({ body }) => body.sizes[0]?.count)).toEqual([1, 3]);
	});

	it('with Resend Updates With Unknown Outcome, sends it again with the same Idempotency-Key, which a de-duplicating marketplace applies once', async () => {
		const deduplicating = await startSupplierApi({ deduplicates: true });
		try {
			deduplicating.failNext(500, { applied: true });
			deduplicating.resetNext({ applied: true });
			const node = supplierAction({ ...mapped, options: { resendUnknown: true } }, deduplicating);
			const [[item]] = await node.execute([sale('A', 1)]);

			expect(item.json).toMatchObject({ outcome: 'applied', attempts: 3, response: { ok: true, id: 1 } });
			const keys = deduplicating.requests.map(({ idempotencyKey }) => idempotencyKey);
			expect(keys).toHaveLength(3);
			expect(new Set(keys).size).toBe(1);
			expect(deduplicating.received).toHaveLength(1);
		} finally {
			await deduplicating.close();
		}
	});

	it('gives each update of a run its own Idempotency-Key', async () => {
		await supplierAction({ ...mapped, options: { concurrency: 1 } }, api).execute([sale('A', 1), sale('A', 2), sale('B', 3)]);
		expect(new Set(api.requests.map(({ idempotencyKey }) => idempotencyKey)).size).toBe(3);
	});
});

type Fault = 'pass' | '429' | '503' | '400' | '500' | 'applied500' | 'timeout' | 'appliedTimeout' | 'reset' | 'appliedReset';

function inject(server: SupplierApiMock, fault: Fault): void {
	if (fault === 'pass') server.passNext();
	else if (fault === '429' || fault === '503') server.failNext(Number(fault), { retryAfterSeconds: 0 });
	else if (fault === 'reset' || fault === 'appliedReset') server.resetNext({ applied: fault === 'appliedReset' });
	else if (fault === 'timeout' || fault === 'appliedTimeout') server.failNext(0, { applied: fault === 'appliedTimeout' });
	else server.failNext(Number(fault.replace('applied', '')), { applied: fault.startsWith('applied') });
}

const aProduct = fc.constantFrom('A', 'B', 'C');
const anAction = fc.constantFrom('receipts', 'sold', 'cancel', 'return', 'price');
const aFault = fc.constantFrom<Fault>('pass', 'pass', '429', '503', '400', '500', 'applied500', 'timeout', 'appliedTimeout', 'reset', 'appliedReset');

describe('Supplier Marketplace: after any fault plan, what the server applied is what the output says', () => {
	it('each update the output calls applied was applied (a delta exactly once), none it calls failed or not sent was, an unknown one at most once', async () => {
		await fc.assert(
			fc.asyncProperty(
				anAction,
				fc.array(aProduct, { minLength: 1, maxLength: 8 }),
				fc.array(aFault, { maxLength: 10 }),
				fc.integer({ min: 1, max: 3 }),
				fc.integer({ min: 1, max: 4 }),
				async (action, products, faults, concurrency, stopAfterFailures) => {
					const server = await startSupplierApi();
					try {
						for (const fault of faults) inject(server, fault);
						const items = products.map((id, index) => sale(id, index + 1));
						const node = supplierAction({ ...mapped, operation: action, options: { concurrency, stopAfterFailures, maxRetries: 2, timeout: 200 } }, server);
						const [output] = await node.execute(items, { continueOnFail: true });

						const absolute = action === 'price';
						const unknownOf = new Set<string>();
						items.forEach((input, index) => {
							const outcome = outcomeOf(output[index]);
							const applied = timesApplied(server, action, input);
							if (outcome === 'applied') expect(absolute ? applied >= 1 : applied === 1).toBe(true);
							else if (outcome === 'unknown') expect(absolute || applied <= 1).toBe(true);
							else expect(applied).toBe(0);
							// nothing is sent on top of a receipt, sale, cancel or return whose outcome is unknown
							if (unknownOf.has(input.id)) expect(outcome).toBe('notSent');
							if (outcome === 'unknown' && !absolute) unknownOf.add(input.id);
						});
					} finally {
						await server.close();
					}
				},
			),
			{ numRuns: 40 },
		);
	}, 180_000);
});
