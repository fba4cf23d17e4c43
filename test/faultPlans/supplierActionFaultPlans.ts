import { randomUUID } from 'crypto';

import { emittedItems, PACKAGE_NAME } from '../../dev/n8n';
import type { Execution, N8nApi } from '../../dev/n8n';
import { startSupplierApi } from '../../dev/mocks/supplierApi';
import type { SupplierApiMock } from '../../dev/mocks/supplierApi';

/** The n8n a fault plan runs on, and how a credential is saved there (n8n 1.x's public API refuses what its editor saves). */
export interface FaultPlanN8n {
	api: N8nApi;
	createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }>;
}

/** What the marketplace is told, for one input item: its stock update, as the Code node hands it to the node. */
interface Input {
	productId: string;
	count: number;
}

const REFUSAL = 'sizes.0.value: unknown size M';
const REFUSAL_WORDS = `The marketplace rejected this stock update: check the fields named in the answer. The marketplace's answer: "${REFUSAL}" (after 1 attempt)`;

/**
 * The Supplier Marketplace node's fault plans in a real n8n, the same on n8n 1.x (test/compat) and 2.x (test/e2e):
 * Webhook → Code (the items) → the node, against the marketplace's mock, each plan checked at the marketplace
 * (what it was sent, and when) and at n8n (the branch each item left by, the words of the error).
 */
export function describeSupplierActionFaultPlans(n8nVersion: string, n8n: () => FaultPlanN8n): void {
	describe(`Supplier Marketplace's fault plans on n8n ${n8nVersion}`, () => {
		let supplier: SupplierApiMock;
		let credential: { id: string; name: string };
		const workflows: string[] = [];

		beforeAll(async () => {
			supplier = await startSupplierApi();
			credential = await n8n().createCredential(`Supplier API fault plans ${randomUUID().slice(0, 8)}`, 'supplierMarketplaceApi', { apiUrl: supplier.apiUrl, apiToken: supplier.token });
		});

		afterAll(async () => {
			for (const id of workflows) await n8n().api.deactivate(id);
			await supplier?.close();
		});

		/**
		 * Runs `inputs` through the node once, by its production webhook. With `errorOutput`, the node is set to
		 * "Continue (using error output)": Synced takes its success output, Failed its error output.
		 */
		async function run(inputs: Input[], parameters: Record<string, unknown>, errorOutput = false): Promise<Execution> {
			const { api } = n8n();
			const path = `supplier-faults-${randomUUID()}`;
			const noOp = (name: string, y: number) => ({ id: randomUUID(), name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [600, y] as [number, number], parameters: {} });
			const id = await api.createWorkflow({
				name: `supplier fault plan ${path.slice(-8)}`,
				settings: { executionOrder: 'v1' },
				nodes: [
					{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'noData', options: {} } },
					{ id: randomUUID(), name: 'Stock Levels', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: `return ${JSON.stringify(inputs.map((json) => ({ json })))};` } },
					{
						id: randomUUID(),
						name: 'Report Stock',
						type: `${PACKAGE_NAME}.supplierMarketplace`,
						typeVersion: 1,
						position: [400, 0],
						parameters: { supplierProductId: '={{ $json.productId }}', ...parameters },
						credentials: { supplierMarketplaceApi: credential },
						...(errorOutput ? { onError: 'continueErrorOutput' } : {}),
					},
					...(errorOutput ? [noOp('Synced', 0), noOp('Failed', 200)] : []),
				],
				connections: {
					Start: { main: [[{ node: 'Stock Levels', type: 'main', index: 0 }]] },
					'Stock Levels': { main: [[{ node: 'Report Stock', type: 'main', index: 0 }]] },
					...(errorOutput ? { 'Report Stock': { main: [[{ node: 'Synced', type: 'main', index: 0 }], [{ node: 'Failed', type: 'main', index: 0 }]] } } : {}),
				},
			});
			workflows.push(id);
			await api.activate(id);
			await api.deliver(path, {});
			const [execution] = await api.settledExecutions(id, 1, { timeoutMs: 45_000 });
			return execution;
		}

		const sizes = { sizesSource: 'fields', sizes: { size: [{ value: 'M', count: '={{ $json.count }}' }] } };
		const products = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => ({ productId: `${prefix}-${i}`, count: i + 1 }));
		const requestsOf = (productId: string) => supplier.requests.filter((request) => (request.body as { supplierProductId?: string }).supplierProductId === productId);
		const errorMessageOf = (execution: Execution) => execution.data?.resultData.error?.message;

		it('429 with Retry-After: 1: the refused update is sent again after the second the marketplace asked for, every update applied once', async () => {
			const inputs = products(4, 'rate');
			supplier.failAfter(1, 429, { retryAfterSeconds: 1 });
			const execution = await run(inputs, { operation: 'receipts', ...sizes, options: { concurrency: 1 } });

			expect(execution.status).toBe('success');
			expect(emittedItems(execution, 'Report Stock').map((item) => [item.outcome, item.attempts])).toEqual([
				['applied', 1],
				['applied', 2],
				['applied', 1],
				['applied', 1],
			]);
			const [refused, resent] = requestsOf('rate-1');
			expect([refused.status, resent?.status]).toEqual([429, 200]);
			expect(resent.at - refused.at).toBeGreaterThanOrEqual(950);
			expect(inputs.map(({ productId }) => supplier.received.filter(({ body }) => body.supplierProductId === productId).length)).toEqual([1, 1, 1, 1]);
		});

		it('a timeout on an absolute update: the price is sent again after the 1 s Timeout and applied, the run succeeds', async () => {
			supplier.failNext(0);
			const started = Date.now();
			const execution = await run([{ productId: 'price-0', count: 7 }], { operation: 'price', newPrice: '={{ $json.count * 10 }}', options: { timeout: 1000 } });

			expect(execution.status).toBe('success');
			expect(emittedItems(execution, 'Report Stock')).toEqual([expect.objectContaining({ outcome: 'applied', attempts: 2, request: expect.objectContaining({ newPrice: 70 }) })]);
			const [unanswered, resent] = requestsOf('price-0');
			expect([unanswered.status, resent?.status]).toEqual([0, 200]);
			expect(resent.at - unanswered.at).toBeGreaterThanOrEqual(1000);
			expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		});

		it('an unknown outcome on a delta, Continue (using error output): sent once, out by the error output saying so; the others by the success output', async () => {
			const inputs = products(3, 'unknown');
			supplier.failAfter(1, 500, { applied: true });
			const execution = await run(inputs, { operation: 'sold', ...sizes, options: { concurrency: 1 } }, true);

			expect(execution.status).toBe('success');
			expect(emittedItems(execution, 'Synced').map((item) => [item.outcome, (item.request as { supplierProductId: string }).supplierProductId])).toEqual([
				['applied', 'unknown-0'],
				['applied', 'unknown-2'],
			]);
			expect(emittedItems(execution, 'Failed')).toEqual([
				{
					productId: 'unknown-1',
					count: 2,
					error: expect.objectContaining({
						message: 'The marketplace answered HTTP 500 (after 1 attempt)',
						outcome: 'unknown',
						status: 500,
						attempts: 1,
						check: 'Check the stock of unknown-1 in the supplier dashboard: if this sold update is missing, send it again; later updates of this product in this run were not sent',
					}),
				},
			]);
			expect(requestsOf('unknown-1')).toHaveLength(1);
			expect(supplier.received.filter(({ body }) => body.supplierProductId === 'unknown-1')).toHaveLength(1);
		});

		it("a 400 with the marketplace's {message}: the run fails with the marketplace's words, nothing sent again", async () => {
			supplier.failNext(400, { body: { message: REFUSAL } });
			const execution = await run([{ productId: 'refused-0', count: 1 }], { operation: 'receipts', ...sizes });

			expect(execution.status).toBe('error');
			expect(errorMessageOf(execution)).toBe(REFUSAL_WORDS);
			expect(execution.data?.resultData.error).toMatchObject({ description: expect.stringMatching(/^Item 0 \(supplierProductId refused-0, receipts\) was answered HTTP 400 /) });
			expect(requestsOf('refused-0')).toHaveLength(1);
		});

		it("a 400 with the marketplace's {error}, Continue (using error output): out by the error output with the marketplace's words", async () => {
			supplier.failNext(400, { body: { error: REFUSAL } });
			const execution = await run([{ productId: 'refused-1', count: 1 }], { operation: 'receipts', ...sizes }, true);

			expect(execution.status).toBe('success');
			expect(emittedItems(execution, 'Synced')).toEqual([]);
			expect(emittedItems(execution, 'Failed')).toEqual([
				{ productId: 'refused-1', count: 1, error: expect.objectContaining({ message: REFUSAL_WORDS, description: REFUSAL, outcome: 'failed', status: 400, response: { error: REFUSAL } }) },
			]);
			expect(requestsOf('refused-1')).toHaveLength(1);
		});
	});
}
