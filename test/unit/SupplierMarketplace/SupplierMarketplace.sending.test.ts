import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { startSupplierApi } from '../../../dev/mocks/supplierApi';
import type { SupplierApiMock } from '../../../dev/mocks/supplierApi';
import { supplierAction } from '../../../dev/supplierNodesInCore';

/** Receipts whose product and count come from the item, as a sheet or a database hands them over. */
const mapped: INodeParameters = {
	operation: 'receipts',
	supplierProductId: '={{ $json.id }}',
	sizes: { size: [{ value: 'M', count: '={{ $json.count }}' }] },
};

const items = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `P${i}`, count: i }));

/** The counts the marketplace accepted for each product, in the order it accepted them. */
function acceptedCounts(api: SupplierApiMock): Record<string, number[]> {
	const counts: Record<string, number[]> = {};
	for (const { body } of api.received) (counts[body.supplierProductId] ??= []).push(body.sizes[0].count);
	return counts;
}

let api: SupplierApiMock;
beforeEach(async () => {
	api = await startSupplierApi();
});
afterEach(async () => {
	await api.close();
});

const failureOf = async (run: Promise<unknown>) => run.then(() => { throw new Error('the node did not fail'); }, (error: unknown) => error as NodeApiError);

describe('Supplier Marketplace: updates of one product arrive in input order', () => {
	it('sends one product at a time in input order, retries included, and different products in parallel', async () => {
		api.setLatency(100);
		// whichever requests arrive first: "unavailable" twice, then "too many requests"
		api.failNext(503);
		api.failNext(503, { retryAfterSeconds: 0 });
		api.failNext(429, { retryAfterSeconds: 1 });
		const input = [10, 9, 8].flatMap((count) => [{ id: 'A', count }, { id: 'B', count: count + 100 }, { id: 'C', count: count + 200 }]);
		const [output] = await supplierAction({ ...mapped, options: { concurrency: 3, timeout: 1000 } }, api).execute(input);

		expect(acceptedCounts(api)).toEqual({ A: [10, 9, 8], B: [110, 109, 108], C: [210, 209, 208] });
		expect(api.sameProductOverlaps).toBe(0);
		expect(api.maxConcurrent).toBe(3);
		expect(output.map((item) => (item.json.request as IDataObject).supplierProductId)).toEqual(input.map(({ id }) => id));
		expect(output.map((item) => item.json.attempts).reduce((sum: number, attempts) => sum + (attempts as number), 0)).toBe(12);
	});

	it('keeps the order when the same product is spread over many items', async () => {
		const input = Array.from({ length: 40 }, (_, i) => ({ id: `P${i % 4}`, count: i }));
		api.failNext(503, { count: 3, retryAfterSeconds: 0 });
		await supplierAction({ ...mapped, options: { concurrency: 8 } }, api).execute(input);
		expect(acceptedCounts(api)).toEqual(Object.fromEntries([0, 1, 2, 3].map((p) => [`P${p}`, input.filter(({ id }) => id === `P${p}`).map(({ count }) => count)])));
		expect(api.sameProductOverlaps).toBe(0);
	});
});

describe('Supplier Marketplace: the first final failure stops the node and says what was sent', () => {
	it('stops at the update the marketplace refuses, naming it, its answer, what was accepted and what was not sent', async () => {
		api.failAfter(10, 400, { body: { error: 'sizes.0.value: unknown size M for P10' } });
		const error = await failureOf(supplierAction({ ...mapped, options: { concurrency: 1 } }, api).execute(items(50)));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'The marketplace rejected this stock update: check the fields named in the answer. The marketplace\'s answer: "sizes.0.value: unknown size M for P10" (after 1 attempt)',
		);
		expect(error.httpCode).toBe('400');
		expect(error.context.itemIndex).toBe(10);
		expect(error.description).toBe(
			'Item 10 (supplierProductId P10, receipts) was answered HTTP 400 {"error":"sizes.0.value: unknown size M for P10"}, after 1 attempt. The node stopped sending there. ' +
				'Accepted by the marketplace: items 0–9 (10 updates). Failed: item 10 (1 update). Not sent: items 11–49 (39 updates). ' +
				'Send again only what was not accepted: running the same items again repeats the accepted updates.',
		);
		expect(api.received.map(({ body }) => body.supplierProductId)).toEqual(items(10).map(({ id }) => id));
		expect(api.requests).toHaveLength(11);
	});

	it('sends nothing more once an update failed, while the updates already in flight finish', async () => {
		api.setLatency(20);
		api.failAfter(12, 400);
		const error = await failureOf(supplierAction({ ...mapped, options: { concurrency: 4 } }, api).execute(items(60)));
		const failedAt = Number(/^Item (\d+)/.exec(error.description ?? '')?.[1]);
		expect(error.message).toMatch(/^The marketplace rejected this stock update.*\(after 1 attempt\)$/);
		// at most the three other updates in flight when the failure came back were sent after it
		expect(api.requests.length).toBeLessThanOrEqual(13 + 3);
		const accepted = api.received.map(({ body }) => Number(body.supplierProductId.slice(1))).sort((a, b) => a - b);
		expect(accepted).not.toContain(failedAt);
		expect(error.description).toContain(`Not sent: items ${Math.max(...accepted, failedAt) + 1}–59`);
	});

	it('with Continue On Fail, gives every item its own output, the failed one with the marketplace\'s status and answer', async () => {
		api.failAfter(1, 400, { body: { error: 'unknown size' } });
		const [output] = await supplierAction({ ...mapped, options: { concurrency: 1 } }, api).execute(items(3), { continueOnFail: true });
		expect(output.map((item) => item.json)).toEqual([
			expect.objectContaining({ outcome: 'applied', response: { ok: true, id: 1 } }),
			{
				error: {
					message: 'The marketplace rejected this stock update: check the fields named in the answer. The marketplace\'s answer: "unknown size" (after 1 attempt)',
					description: 'unknown size',
					outcome: 'failed',
					status: 400,
					response: { error: 'unknown size' },
					request: { supplierProductId: 'P1', action: 'receipts', sizes: [{ value: 'M', count: 1 }] },
					attempts: 1,
				},
			},
			expect.objectContaining({ outcome: 'applied', response: { ok: true, id: 2 } }),
		]);
	});
});

describe('Supplier Marketplace: an outage ends in minutes', () => {
	it('with Continue On Fail, sends nothing more after the set number of updates in a row that fail after their retries', async () => {
		api.failNext(503, { count: 1000, retryAfterSeconds: 0 });
		const node = supplierAction({ ...mapped, options: { concurrency: 2, maxRetries: 1, stopAfterFailures: 3 } }, api);
		const [output] = await node.execute(items(40), { continueOnFail: true });

		const outcomes = output.map((item) => (item.json.error as IDataObject).outcome);
		expect(outcomes.slice(0, 3)).toEqual(['failed', 'failed', 'failed']);
		expect(outcomes.filter((outcome) => outcome === 'notSent').length).toBeGreaterThanOrEqual(36);
		expect(output.at(-1)?.json).toEqual({
			error: {
				message: 'Not sent: The marketplace looks unavailable: 3 updates in a row failed after their retries',
				outcome: 'notSent',
				request: { supplierProductId: 'P39', action: 'receipts', sizes: [{ value: 'M', count: 39 }] },
			},
		});
		// three failures in a row, and at most one more that was in flight, each sent twice
		expect(api.requests.length).toBeLessThanOrEqual(8);
		expect(node.hints[0]).toMatchObject({
			type: 'warning',
			message: expect.stringMatching(/^The marketplace looks unavailable: 3 updates in a row failed after their retries\. Accepted by the marketplace: none\. Failed: items 0–\d \(\d updates\)\. Not sent: items \d–39 \(\d+ updates\)\./),
		});
	});

	it('is not tripped by updates the marketplace refuses: it answers, so it is there', async () => {
		api.failNext(400, { count: 8 });
		const [output] = await supplierAction({ ...mapped, options: { concurrency: 1, stopAfterFailures: 3 } }, api).execute(items(10), { continueOnFail: true });
		expect(output.map((item) => (item.json.error as IDataObject | undefined)?.status ?? 200)).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 200, 200]);
	});

	it('ends the run when the time budget runs out, however slow the marketplace is, saying how many were not sent', async () => {
		api.setLatency(300);
		const [output] = await supplierAction({ ...mapped, options: { concurrency: 1, timeBudget: 1 } }, api).execute(items(30), { continueOnFail: true });
		const notSent = output.filter((item) => (item.json.error as IDataObject | undefined)?.outcome === 'notSent');
		expect(notSent.length).toBeGreaterThan(20);
		expect((notSent[0].json.error as IDataObject).message).toBe('Not sent: The time budget of 1 s ran out before every update was sent');

		const started = Date.now();
		const error = await failureOf(supplierAction({ ...mapped, options: { concurrency: 1, timeBudget: 1 } }, api).execute(items(30)));
		expect(Date.now() - started).toBeLessThan(1000 + 1500);
		expect(error.message).toBe('The time budget of 1 s ran out before every update was sent');
		expect(error.description).toMatch(/^The node stopped sending when the Time Budget option ran out, whatever the marketplace asked to wait\. Accepted by the marketplace: items 0–\d \(\d updates\)\. /);
		expect(error.description).toMatch(/Not sent: items \d+–29/);
		expect(api.received.length).toBeLessThan(10);
	});

	it('ends a run by the one-hour default Time Budget when none is set, saying what was not sent', async () => {
		// only the clock is faked: it jumps an hour ahead the moment the marketplace receives the first update
		jest.useFakeTimers({
			doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
		});
		try {
			const record = api.requests.push.bind(api.requests);
			api.requests.push = (...requests) => {
				jest.setSystemTime(Date.now() + 3601 * 1000);
				return record(...requests);
			};
			const [output] = await supplierAction({ ...mapped, options: { concurrency: 1 } }, api).execute(items(4), { continueOnFail: true });
			expect(output.map((item) => item.json.outcome ?? (item.json.error as IDataObject).outcome)).toEqual(['applied', 'notSent', 'notSent', 'notSent']);
			expect((output[3].json.error as IDataObject).message).toBe('Not sent: The time budget of 3600 s ran out before every update was sent');
		} finally {
			jest.useRealTimers();
		}
	});

	it('does not wait a Retry-After that would pass the time budget', async () => {
		api.failNext(503, { retryAfterSeconds: 30 });
		const started = Date.now();
		const error = await failureOf(supplierAction({ ...mapped, options: { timeBudget: 10 } }, api).execute(items(3)));
		expect(Date.now() - started).toBeLessThan(3000);
		expect(error.message).toBe('The marketplace answered HTTP 503 (after 1 attempt)');
		expect(error.description).toMatch(/^Item 0 \(supplierProductId P0, receipts\) was answered HTTP 503 \{"error":"Service Unavailable"\}, after 1 attempt, not sent again because waiting would pass the time budget\./);
	});
});

describe('Supplier Marketplace: mapped values', () => {
	it('converts what loses nothing: a numeric id to text, digits to numbers, a numeric size to text', async () => {
		const node = supplierAction(
			{
				operation: 'sold',
				supplierProductId: '={{ $json.id }}',
				sizesSource: 'json',
				sizesJson: '={{ $json.sizes }}',
				additionalFields: { newPrice: '={{ $json.price }}' },
			},
			api,
		);
		await node.execute([{ id: 12345, price: '76000.5', sizes: [{ value: 42, count: ' 2 ', soldCount: '1', sizeId: 5 }] }]);
		expect(api.received[0].body).toEqual({ supplierProductId: '12345', action: 'sold', newPrice: 76000.5, sizes: [{ value: '42', count: 2, soldCount: 1, sizeId: 5 }] });
	});

	it('refuses what would lose or invent information, naming the item and the field, and sends nothing', async () => {
		const node = supplierAction(mapped, api);
		await expect(node.execute([{ id: 'A', count: 1 }, { id: 'B', count: '2.5' }])).rejects.toMatchObject({
			message: 'Item 1: sizes.0.count: "2.5" is not a whole number',
			context: { itemIndex: 1 },
		});
		await expect(node.execute([{ id: 12345678901234567890, count: 1 }])).rejects.toMatchObject({
			message: 'Item 0: supplierProductId: 12345678901234567000 is too large to be exact: map it as text',
		});
		await expect(node.execute([{ id: 'A', count: 'two' }])).rejects.toMatchObject({ message: 'Item 0: sizes.0.count: "two" is not a number' });
		expect(api.requests).toEqual([]);
	});
});

describe('Supplier Marketplace: the API URL', () => {
	it.each([
		['marketplace.example.com/api/v1/stock', 'The API URL of the Supplier Marketplace API credential is not an http(s) URL: "marketplace.example.com/api/v1/stock"'],
		['ftp://marketplace.example.com/stock', 'The API URL of the Supplier Marketplace API credential is not an http(s) URL: "ftp://marketplace.example.com/stock"'],
		['', 'The API URL of the Supplier Marketplace API credential is empty'],
	])('refuses %j naming the credential field, before sending anything', async (apiUrl, message) => {
		const run = supplierAction(mapped, { apiUrl, token: 't' }).execute(items(2), { continueOnFail: true });
		await expect(run).rejects.toThrow(NodeOperationError);
		await expect(run).rejects.toMatchObject({ message, description: expect.stringContaining('starting with https://') });
	});
});
