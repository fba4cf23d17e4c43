import { emittedItems } from '../../dev/n8n';
import type { N8nApi, TriggerWorkflow } from '../../dev/n8n';
import { triggerWorkflow } from '../../dev/n8n';
import {
	KINGUIN_ORDER_STATUS,
	KINGUIN_PRODUCT_UPDATE,
	KINGUIN_SECRET,
	kinguinHeaders,
	productUpdate,
} from '../../dev/fixtures/kinguin';
import { n8nLog, n8nUnderTest } from './setup/n8nUnderTest';

/**
 * The Kinguin Trigger inside a real n8n: installed from the packed tarball, activated through n8n's API,
 * driven over HTTP exactly as Kinguin would, and judged by the executions n8n records.
 */
describe('Kinguin Trigger in n8n', () => {
	let api: N8nApi;
	let workflow: TriggerWorkflow;
	let workflowId: string;
	/** Executions this workflow should have recorded so far. */
	let expected = 0;

	beforeAll(async () => {
		api = n8nUnderTest();
		const credential = await api.createCredential('Kinguin e2e', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
		workflow = triggerWorkflow({
			node: 'kinguinTrigger',
			parameters: { events: ['product.update', 'order.status'] },
			credentials: { kinguinWebhookApi: credential },
		});
		workflowId = await api.createWorkflow(workflow.definition);
		await api.activate(workflowId);
	});

	afterAll(async () => {
		await api.deactivate(workflowId);
	});

	const deliver = (body: string, headers: Record<string, string>) => api.deliver(workflow.webhookPath, body, headers);

	async function expectExecutions(count: number) {
		const executions = await api.settledExecutions(workflowId, count);
		expect(executions).toHaveLength(count);
		return executions;
	}

	it('runs the workflow once with the typed item for the seed product.update, answering 204 with no body', async () => {
		const response = await deliver(KINGUIN_PRODUCT_UPDATE, kinguinHeaders('product.update'));
		expect(response.status).toBe(204);
		expect(response.body).toBe('');
		expected += 1;
		const executions = await expectExecutions(expected);
		const last = executions[executions.length - 1];
		expect(last.status).toBe('success');
		expect(emittedItems(last, workflow.downstreamName)).toEqual([
			{
				event: 'product.update',
				kinguinId: 1949,
				productId: '5c9b5f6b2539a4e8f172916a',
				qty: 845,
				textQty: 845,
				cheapestOfferId: ['611222acff9ca40001f0b020'],
				updatedAt: '2020-10-16T11:24:08.015+00:00',
				receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			},
		]);
	});

	it('runs the workflow once for the seed order.status', async () => {
		const response = await deliver(KINGUIN_ORDER_STATUS, kinguinHeaders('order.status'));
		expect(response.status).toBe(204);
		expected += 1;
		const executions = await expectExecutions(expected);
		expect(emittedItems(executions[executions.length - 1], workflow.downstreamName)).toEqual([
			expect.objectContaining({ event: 'order.status', orderId: 'PHS84FJAG5U', status: 'canceled' }),
		]);
	});

	it('answers 401 and runs nothing for a wrong or missing secret', async () => {
		expect((await deliver(productUpdate(2, '2025-01-01T00:00:00.000+00:00'), kinguinHeaders('product.update', 'wrong'))).status).toBe(401);
		const headers = kinguinHeaders('product.update');
		delete headers['x-event-secret'];
		expect((await deliver(productUpdate(3, '2025-01-01T00:00:00.000+00:00'), headers)).status).toBe(401);
		await expectExecutions(expected);
	});

	it('answers 400 and runs nothing for a body that is not JSON or breaks the schema', async () => {
		const notJson = await deliver('{"kinguinId": 1949,', kinguinHeaders('product.update'));
		expect(notJson.status).toBe(400);
		expect(JSON.parse(notJson.body).error).toMatch(/not valid JSON/);

		const wrongType = await deliver(JSON.stringify({ ...JSON.parse(KINGUIN_PRODUCT_UPDATE), kinguinId: 'x' }), kinguinHeaders('product.update'));
		expect(wrongType.status).toBe(400);
		expect(JSON.parse(wrongType.body)).toEqual({ error: 'product.update: kinguinId: Expected number, received string' });
		await expectExecutions(expected);
	});

	it('leaves malformed JSON labelled application/json to n8n, which refuses it (422) before the trigger runs', async () => {
		const response = await deliver('{"kinguinId": 1949,', { ...kinguinHeaders('product.update'), 'content-type': 'application/json' });
		expect(response.status).toBe(422);
		await expectExecutions(expected);
	});

	it('acknowledges an event that is not selected and runs nothing', async () => {
		const response = await deliver('{"orderId":"X","orderExternalId":"Y","updatedAt":"2025-01-01T00:00:00.000+00:00"}', kinguinHeaders('order.complete'));
		expect(response.status).toBe(204);
		await expectExecutions(expected);
	});

	it('acknowledges a stale or repeated update and runs nothing', async () => {
		const stale = await deliver(productUpdate(1949, '2020-10-16T11:24:08.014+00:00'), kinguinHeaders('product.update'));
		expect(stale.status).toBe(204);
		const repeated = await deliver(KINGUIN_PRODUCT_UPDATE, kinguinHeaders('product.update'));
		expect(repeated.status).toBe(204);
		await expectExecutions(expected);
	});

	it('runs each of 20 concurrent deliveries once and none of their 20 repeats', async () => {
		const burst = await Promise.all(
			Array.from({ length: 20 }, (_, index) =>
				deliver(productUpdate(5000 + index, '2025-02-01T00:00:00.000+00:00'), kinguinHeaders('product.update')),
			),
		);
		expect(burst.map((response) => response.status)).toEqual(Array(20).fill(204));
		expected += 20;
		await expectExecutions(expected);

		for (let index = 0; index < 20; index++) {
			const repeat = await deliver(productUpdate(5000 + index, '2025-02-01T00:00:00.000+00:00'), kinguinHeaders('product.update'));
			expect(repeat.status).toBe(204);
		}
		const executions = await expectExecutions(expected);
		const products = executions.flatMap((execution) => emittedItems(execution, workflow.downstreamName)).map((item) => item.kinguinId);
		expect(new Set(products).size).toBe(products.length);
	});

	it('logged no crash of the trigger', () => {
		expect(n8nLog()).not.toMatch(/There was a problem executing the workflow|kinguinTrigger.*Error/);
	});
});
