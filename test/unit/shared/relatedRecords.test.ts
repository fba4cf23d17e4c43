import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { deliveryItem } from '../../../nodes/shared/inbound/items';
import { answerWithRelatedRecords } from '../../../nodes/shared/related/relatedAnswer';
import { fetchRelatedFields } from '../../../nodes/shared/related/relatedFields';
import { withRelatedFields } from '../../../nodes/shared/related/relatedItems';
import type { RelatedRecord } from '../../../nodes/shared/related/relatedRecord';
import { REASON_MARGIN_MS } from '../../../nodes/shared/related/relatedRecord';

const node = { id: 'n', name: 'Trigger', type: 't', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

function record(field: string, fetch: RelatedRecord['fetch']): RelatedRecord {
	return { field, fetch, unknown: `the platform has no ${field} 42` };
}

/** A fetch the test ends by hand, to see what happens while it is still running. */
function heldFetch<T>(): { fetch: RelatedRecord['fetch']; release: (value: T) => void; started: Promise<void> } {
	let release!: (value: T) => void;
	let markStarted!: () => void;
	const started = new Promise<void>((resolve) => (markStarted = resolve));
	const answer = new Promise<T>((resolve) => (release = resolve));
	return {
		fetch: async () => {
			markStarted();
			return answer;
		},
		release,
		started,
	};
}

/** Only what the mechanism asks of a webhook context: the node's name and a logger. */
function webhookContext(logged: string[], workflowId = 'w'): IWebhookFunctions {
	return {
		getNode: () => node,
		getWorkflow: () => ({ id: workflowId }),
		getMode: () => 'webhook',
		logger: { info: (message: string) => logged.push(message) },
	} as unknown as IWebhookFunctions;
}

/** An answer like acknowledge(): records when it was sent and starts the workflow with one item. */
function acknowledging(sent: string[]): () => IWebhookResponseData {
	return () => {
		sent.push('answer');
		const item = deliveryItem({ event: 'order.status' }, { orderId: '42' }, { isTest: false, receivedAt: '2026-12-06T00:00:00.000Z' });
		return { noWebhookResponse: true, workflowData: [[{ json: item }]] };
	};
}

describe('fetchRelatedFields', () => {
	it('adds each record found under its field, with no issue', async () => {
		const related = await fetchRelatedFields([record('order', async () => ({ id: '42' })), record('product', async () => ({ name: 'Game' }))], Date.now() + 1000);
		expect(related).toEqual({ fields: { order: { id: '42' }, product: { name: 'Game' } }, issues: [] });
	});

	it('makes a record the platform does not know null, and says so', async () => {
		const related = await fetchRelatedFields([record('order', async () => null)], Date.now() + 1000);
		expect(related).toEqual({ fields: { order: null }, issues: [{ path: 'order', problem: 'the platform has no order 42' }] });
	});

	it('makes a record that could not be fetched null, with the platform\'s words', async () => {
		const refused = new NodeApiError(node, { message: 'Unauthorized' }, { message: 'Kinguin refused the API key (GET /v1/order/42: HTTP 401)', description: 'Invalid API key' });
		const related = await fetchRelatedFields([record('order', async () => Promise.reject(refused)), record('product', async () => ({ name: 'Game' }))], Date.now() + 1000);
		expect(related.fields).toEqual({ order: null, product: { name: 'Game' } });
		expect(related.issues).toEqual([{ path: 'order', problem: 'could not be fetched: Kinguin refused the API key (GET /v1/order/42: HTTP 401): Invalid API key' }]);
	});

	it('hands every record the same deadline, a moment before its own so that a call cut short by it can say why', async () => {
		const deadlines: number[] = [];
		const deadline = Date.now() + 5000;
		await fetchRelatedFields(
			[record('order', async (until) => deadlines.push(until)), record('keys', async (until) => deadlines.push(until))],
			deadline,
		);
		expect(deadlines).toEqual([deadline - REASON_MARGIN_MS, deadline - REASON_MARGIN_MS]);
	});

	it('resolves by its deadline whatever a fetch does: a record still unfinished is null, saying how long it was waited for', async () => {
		const hanging = record('order', async () => await new Promise(() => {}));
		const related = await fetchRelatedFields([hanging, record('product', async () => ({ name: 'Game' }))], Date.now() + 300);
		expect(related).toEqual({
			fields: { order: null, product: { name: 'Game' } },
			issues: [{ path: 'order', problem: expect.stringMatching(/^could not be fetched: no answer within 0\.[1-3] s$/) }],
		});
	});

	it("keeps the reason of a fetch that gives up at the deadline it was handed, rather than the deadline's own", async () => {
		const givingUp = record('order', async (until) => {
			while (Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
			throw new NodeApiError(node, { message: 'timeout' }, { message: 'Kinguin did not answer (GET /v1/order/42)', description: 'No answer in 1 s, 2 attempts' });
		});
		const related = await fetchRelatedFields([givingUp], Date.now() + 1000 + REASON_MARGIN_MS);
		expect(related.issues).toEqual([{ path: 'order', problem: 'could not be fetched: Kinguin did not answer (GET /v1/order/42): No answer in 1 s, 2 attempts' }]);
	});

	it('asks nothing once the deadline has passed', async () => {
		const fetch = jest.fn(async () => ({ id: '42' }));
		const related = await fetchRelatedFields([record('order', fetch)], Date.now() - 1);
		expect(fetch).not.toHaveBeenCalled();
		expect(related.issues).toEqual([{ path: 'order', problem: 'could not be fetched: the time for the records had run out before it was asked for' }]);
	});
});

describe('withRelatedFields', () => {
	it('puts the records after the payload and before the closing fields, adding its issues to the payload\'s', () => {
		const item = deliveryItem({ event: 'order.status' }, { orderId: '42' }, { isTest: false, payloadIssues: [{ path: 'updatedAt', problem: 'is missing' }], receivedAt: 'r' });
		const merged = withRelatedFields(item, { fields: { order: null }, issues: [{ path: 'order', problem: 'could not be fetched: down' }] });
		expect(Object.keys(merged)).toEqual(['event', 'orderId', 'order', 'isTest', 'payloadIssues', 'receivedAt']);
		expect(merged.payloadIssues).toEqual([
			{ path: 'updatedAt', problem: 'is missing' },
			{ path: 'order', problem: 'could not be fetched: down' },
		]);
	});

	it('adds no payloadIssues when nothing went wrong', () => {
		const item = deliveryItem({ event: 'order.status' }, { orderId: '42' }, { isTest: false, receivedAt: 'r' });
		expect(withRelatedFields(item, { fields: { order: { id: '42' } }, issues: [] })).toEqual({ event: 'order.status', orderId: '42', order: { id: '42' }, isTest: false, receivedAt: 'r' });
	});
});

/**
 * The answer's wait ends once the records are in (n8n 2.x cancels its sleep); it is kept short all the same; the record is
 * released within the same turn of the event loop, before any timer can fire.
 */
const QUICK = { answerWithinMs: 500, fetchWithinMs: 60_000 };

describe('answerWithRelatedRecords', () => {
	it('answers once the records are in, and starts the workflow with them', async () => {
		const sent: string[] = [];
		const order = heldFetch<object>();
		const answering = answerWithRelatedRecords(webhookContext([]), acknowledging(sent), [record('order', order.fetch)], { timing: QUICK });
		await order.started;
		expect(sent).toEqual([]);
		order.release({ id: '42' });
		const answered = await answering;
		expect(sent).toEqual(['answer']);
		expect(answered.workflowData?.[0][0].json.order).toEqual({ id: '42' });
	});

	it('answers the platform in time while a record is still being fetched, and emits the item once it arrives', async () => {
		const sent: string[] = [];
		const logged: string[] = [];
		const order = heldFetch<object>();
		const answering = answerWithRelatedRecords(webhookContext(logged), acknowledging(sent), [record('order', order.fetch)], { timing: { answerWithinMs: 20, fetchWithinMs: 60_000 } });
		let settled = false;
		void answering.then(() => (settled = true));
		await order.started;
		while (sent.length === 0) await new Promise((resolve) => setImmediate(resolve));
		expect(settled).toBe(false);
		order.release({ id: '42' });
		const answered = await answering;
		expect(sent).toEqual(['answer']);
		expect(answered.workflowData?.[0][0].json.order).toEqual({ id: '42' });
		expect(logged[0]).toMatch(/answered the delivery after 20 ms without waiting longer for order/);
	});

	it('answers without fetching when there is nothing to fetch', async () => {
		const sent: string[] = [];
		const answered = await answerWithRelatedRecords(webhookContext([]), acknowledging(sent), []);
		expect(sent).toEqual(['answer']);
		expect(answered.workflowData?.[0][0].json).not.toHaveProperty('order');
	});

	it('leaves an answer that starts nothing as it is', async () => {
		const answered = await answerWithRelatedRecords(webhookContext([]), () => ({ noWebhookResponse: true }), [record('order', async () => ({ id: '42' }))], { timing: QUICK });
		expect(answered).toEqual({ noWebhookResponse: true });
	});
});

describe('answerWithRelatedRecords: the deliveries of one subject start in the order they were accepted', () => {
	it('hands over a later delivery of the same order only after the earlier one, whose order is still loading', async () => {
		const handedOver: string[] = [];
		const earlier = heldFetch<object>();
		const subject = { subject: 'orderId:PHS84FJAG5U', timing: QUICK };
		const first = answerWithRelatedRecords(webhookContext([], 'ordered'), acknowledging([]), [record('order', earlier.fetch)], subject).then(() => handedOver.push('first'));
		await earlier.started;
		const second = answerWithRelatedRecords(webhookContext([], 'ordered'), acknowledging([]), [record('order', async () => ({ id: 'now' }))], subject).then(() =>
			handedOver.push('second'),
		);
		const other = answerWithRelatedRecords(webhookContext([], 'ordered'), acknowledging([]), [], { subject: 'orderId:OTHER', timing: QUICK }).then(() =>
			handedOver.push('other order'),
		);
		await other;
		expect(handedOver).toEqual(['other order']);
		earlier.release({ id: 'loaded' });
		await Promise.all([first, second]);
		expect(handedOver).toEqual(['other order', 'first', 'second']);
	});

	it('answers the platform of the later delivery in time while it waits its turn', async () => {
		const sent: string[] = [];
		const earlier = heldFetch<object>();
		const timing = { answerWithinMs: 20, fetchWithinMs: 60_000 };
		const first = answerWithRelatedRecords(webhookContext([], 'turns'), acknowledging([]), [record('order', earlier.fetch)], { subject: 'order:1', timing });
		await earlier.started;
		const logged: string[] = [];
		const second = answerWithRelatedRecords(webhookContext(logged, 'turns'), acknowledging(sent), [], { subject: 'order:1', timing });
		while (sent.length === 0) await new Promise((resolve) => setImmediate(resolve));
		expect(logged[0]).toMatch(/without waiting longer for an earlier delivery of the same subject/);
		earlier.release({ id: 'loaded' });
		const [, answered] = await Promise.all([first, second]);
		expect(answered.noWebhookResponse).toBe(true);
		expect(answered.workflowData?.[0][0].json).not.toHaveProperty('order');
	});
});
