import { WebhookContext } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	KINGUIN_ORDER_COMPLETE,
	KINGUIN_ORDER_STATUS,
	KINGUIN_PRODUCT_UPDATE,
	KINGUIN_SECRET,
	kinguinHeaders,
	orderStatus,
	productUpdate,
} from '../../../dev/fixtures/kinguin';
import { WORST_SHAPE } from '../../../dev/fixtures/adversarialBodies';
import { SECRETLESS_MAX_BODY_BYTES } from '../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.receive';
import { MAX_BODY_BYTES } from '../../../nodes/shared/inbound/body';
import { atTimes } from '../atTimes';
import { inFreshProcess } from '../freshProcess';
import { kinguinTrigger } from './kinguinTriggerInCore';

const HOUR = 60 * 60 * 1000;

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const AT = '2024-05-01T10:00:00.000+00:00';
const product = (change: Record<string, unknown> = {}) => JSON.stringify({ ...JSON.parse(productUpdate(7, AT)), ...change });

describe('Kinguin Trigger: valid deliveries', () => {
	it('answers 204 with an empty body and emits the typed product.update as a real event', async () => {
		const { response, items, result } = await kinguinTrigger().deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(7, AT, 845) });
		expect(response).toEqual({ status: 204, headers: {}, body: undefined, ended: true });
		// n8n answers a hand-over itself, after it started the execution and saved what the node remembers
		expect(result.noWebhookResponse).toBeUndefined();
		expect(items).toEqual([
			{
				event: 'product.update',
				kinguinId: 7,
				productId: 'product-7',
				qty: 845,
				textQty: 845,
				cheapestOfferId: ['offer-7'],
				updatedAt: AT,
				isTest: false,
				receivedAt: expect.stringMatching(ISO),
			},
		]);
	});

	it('emits an order.status with its status', async () => {
		const { response, items } = await kinguinTrigger().deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('O1', 'canceled', AT) });
		expect(response.status).toBe(204);
		expect(items).toEqual([
			{ event: 'order.status', orderId: 'O1', orderExternalId: 'external-O1', status: 'canceled', updatedAt: AT, isTest: false, receivedAt: expect.stringMatching(ISO) },
		]);
	});

	it('emits order.complete when it is selected', async () => {
		const { items } = await kinguinTrigger({ events: ['order.complete'] }).deliver({ headers: kinguinHeaders('order.complete'), rawBody: KINGUIN_ORDER_COMPLETE });
		expect(items).toEqual([expect.objectContaining({ event: 'order.complete', orderId: 'PHS84FJAG5U', isTest: false })]);
	});

	it('keeps the optional price and fields Kinguin adds later', async () => {
		const { items } = await kinguinTrigger().deliver({ headers: kinguinHeaders('product.update'), rawBody: product({ price: 12.5, region: 'EU' }) });
		expect(items[0]).toMatchObject({ price: 12.5, region: 'EU', kinguinId: 7 });
	});

	it('accepts an order status Kinguin adds later', async () => {
		const { items } = await kinguinTrigger().deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('O1', 'refunded', AT) });
		expect(items[0]).toMatchObject({ status: 'refunded' });
	});

	it('reads headers whatever their case', async () => {
		const { items } = await kinguinTrigger().deliver({
			headers: { 'X-Event-Name': 'product.update', 'X-EVENT-SECRET': KINGUIN_SECRET },
			rawBody: productUpdate(7, AT),
		});
		expect(items).toHaveLength(1);
	});
});

describe('Kinguin Trigger: what Kinguin plausibly sends beyond its example', () => {
	it.each([
		['a quantity of null', { qty: null, textQty: null }, { qty: null, textQty: null }],
		['a product id sent as text', { kinguinId: '7' }, { kinguinId: 7 }],
		['a product id beyond 2^53, exact', {}, { kinguinId: '12345678901234567890' }],
		['a price sent as text', { price: '4.45' }, { price: 4.45 }],
		['a zero date', { updatedAt: '0000-00-00T00:00:00+00:00' }, { updatedAt: null }],
	])('emits %s as a valid delivery', async (_case, change, read) => {
		const rawBody = _case.includes('2^53') ? product().replace('"kinguinId":7', '"kinguinId":12345678901234567890') : product(change);
		const { response, items } = await kinguinTrigger().deliver({ headers: kinguinHeaders('product.update'), rawBody });
		expect(response.status).toBe(204);
		expect(items).toEqual([expect.objectContaining(read)]);
		expect(items[0]).not.toHaveProperty('payloadIssues');
	});
});

describe('Kinguin Trigger: authentication', () => {
	it.each([
		['missing', undefined],
		['wrong', 'not-the-secret'],
		['one byte off', `${KINGUIN_SECRET.slice(0, -1)}x`],
		['longer', `${KINGUIN_SECRET}x`],
		['empty', ''],
	])('answers 401 and runs nothing when the secret is %s', async (_case, secret) => {
		const headers = kinguinHeaders('product.update');
		if (secret === undefined) delete headers['x-event-secret'];
		else headers['x-event-secret'] = secret;
		const { response, result } = await kinguinTrigger().deliver({ headers, rawBody: productUpdate(7, AT) });
		expect(response.status).toBe(401);
		expect(response.body).toBe('Unauthorized');
		expect(result.workflowData).toBeUndefined();
	});

	it('checks a secret it is sent before it reads the body', async () => {
		const { response } = await kinguinTrigger().deliver({ headers: kinguinHeaders('product.update', 'wrong'), rawBody: 'not json' });
		expect(response.status).toBe(401);
	});

	it('fails as a configuration error, not as a forgery, when the credential has no secret', async () => {
		const trigger = kinguinTrigger({}, { secret: '' });
		await expect(trigger.deliver({ headers: kinguinHeaders('product.update', ''), rawBody: productUpdate(7, AT) })).rejects.toThrow(NodeOperationError);
	});
});

describe('Kinguin Trigger: a Secret Key changed in the credential', () => {
	const ROTATED = 'rotated-kinguin-secret-0123456789';

	/** A trigger, and n8n's reads of its credential. */
	function counted() {
		const reads = jest.spyOn(WebhookContext.prototype, 'getCredentials');
		return { trigger: kinguinTrigger(), reads };
	}

	afterEach(() => jest.restoreAllMocks());

	it('accepts the new key on the first delivery that carries it, not 30 s later, and refuses the old one from then on', async () => {
		const { trigger } = counted();
		const deliver = (secret: string, id: number) => trigger.deliver({ headers: kinguinHeaders('product.update', secret), rawBody: productUpdate(id, AT) });
		const [before, rotated, old] = await atTimes([0, 5_000, 5_001], async (offset) => {
			if (offset === 0) return deliver(KINGUIN_SECRET, 1);
			trigger.saveCredential('kinguinWebhookApi', { secret: ROTATED });
			return offset === 5_000 ? deliver(ROTATED, 2) : deliver(KINGUIN_SECRET, 3);
		});
		expect(before.items).toHaveLength(1);
		expect(rotated.response.status).toBe(204);
		expect(rotated.items).toEqual([expect.objectContaining({ kinguinId: 2 })]);
		expect(old.response.status).toBe(401);
		expect(old.items).toEqual([]);
	});

	it('reads the credential at most once a second under a flood of wrong keys, and once for a burst at the same moment', async () => {
		const { trigger, reads } = counted();
		const forged = () => trigger.deliver({ headers: kinguinHeaders('product.update', 'forged-kinguin-secret-0123456789'), rawBody: productUpdate(7, AT) });
		// 200 forged deliveries over 5 seconds, then 50 at once
		const offsets = Array.from({ length: 200 }, (_, step) => step * 25);
		const flood = await atTimes([...offsets, 10_000], (offset) => (offset < 10_000 ? forged().then((one) => [one]) : Promise.all(Array.from({ length: 50 }, forged))));
		for (const { response, items } of flood.flat()) {
			expect(response.status).toBe(401);
			expect(items).toEqual([]);
		}
		// at 0, 1, 2, 3 and 4 s, then one read shared by the burst
		expect(reads.mock.calls.filter(([type]) => type === 'kinguinWebhookApi')).toHaveLength(6);
	});
});

describe('Kinguin Trigger: events', () => {
	it('acknowledges an event that is not selected and emits nothing', async () => {
		const { response, result } = await kinguinTrigger({ events: ['product.update'] }).deliver({ headers: kinguinHeaders('order.status'), rawBody: KINGUIN_ORDER_STATUS });
		expect(response.status).toBe(204);
		expect(result.workflowData).toBeUndefined();
	});

	it('acknowledges an unknown event without reading its body', async () => {
		const { response, result } = await kinguinTrigger().deliver({ headers: kinguinHeaders('store.test'), rawBody: 'anything' });
		expect(response.status).toBe(204);
		expect(result.workflowData).toBeUndefined();
	});
});

describe('Kinguin Trigger: a delivery that breaks its schema', () => {
	it.each([
		['a field of the wrong type', { kinguinId: 'x' }, { path: 'kinguinId', problem: 'should be a whole number, not text "x"' }, { kinguinId: 'x' }],
		['a missing field', { qty: undefined }, { path: 'qty', problem: 'is missing' }, {}],
		['a fractional quantity', { qty: 1.5 }, { path: 'qty', problem: 'should be a whole number, not the number 1.5' }, { qty: 1.5 }],
		['a date that is not a date', { updatedAt: 'yesterday' }, { path: 'updatedAt', problem: 'should be a date like 2020-10-16T11:24:08.015+00:00, not text "yesterday"' }, { updatedAt: 'yesterday' }],
		['offers that are not a list', { cheapestOfferId: 'x' }, { path: 'cheapestOfferId', problem: 'should be a list, not text' }, { cheapestOfferId: 'x' }],
	])('is answered 204 and emitted with %s kept as sent and named in payloadIssues', async (_case, change, issue, kept) => {
		const { response, items } = await kinguinTrigger().deliver({ headers: kinguinHeaders('product.update'), rawBody: product(change) });
		expect(response.status).toBe(204);
		expect(items).toEqual([expect.objectContaining({ event: 'product.update', productId: 'product-7', ...kept, isTest: false, payloadIssues: [issue] })]);
	});

	it('emits a body that is not JSON as its text, with the reason', async () => {
		const { response, items } = await kinguinTrigger().deliver({ headers: kinguinHeaders('product.update'), rawBody: '{"kinguinId": 1949,' });
		expect(response.status).toBe(204);
		expect(items).toEqual([
			expect.objectContaining({
				event: 'product.update',
				body: '{"kinguinId": 1949,',
				payloadIssues: [{ path: '(body)', problem: expect.stringMatching(/^is not valid JSON/) }],
			}),
		]);
	});

	it('acknowledges it without running when Invalid Payloads says so', async () => {
		const { response, result } = await kinguinTrigger({ invalidPayloads: 'acknowledge' }).deliver({ headers: kinguinHeaders('product.update'), rawBody: product({ qty: 'many' }) });
		expect(response).toEqual({ status: 204, headers: {}, ended: true });
		expect(result.workflowData).toBeUndefined();
	});

	it('rejects it with 400 naming the field when Invalid Payloads says so', async () => {
		const { response, result } = await kinguinTrigger({ invalidPayloads: 'reject' }).deliver({ headers: kinguinHeaders('order.status'), rawBody: JSON.stringify({ status: 'canceled', updatedAt: AT }) });
		expect(response).toMatchObject({ status: 400, body: { error: 'order.status: orderId: is missing' } });
		expect(result.workflowData).toBeUndefined();
	});

	it('remembers no version of a rejected delivery: Kinguin\'s retry of it is rejected again, not taken for an older update', async () => {
		const trigger = kinguinTrigger({ invalidPayloads: 'reject' });
		const send = () => trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: product({ qty: 'many' }) });
		expect((await send()).response.status).toBe(400);
		expect((await send()).response.status).toBe(400);
	});

	it('orders a broken delivery by its updatedAt when its product and date could be read', async () => {
		const trigger = kinguinTrigger();
		expect((await trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: product({ qty: 'many' }) })).items).toHaveLength(1);
		expect((await trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: product({ qty: 'many' }) })).items).toHaveLength(0);
		expect((await trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: product({ updatedAt: 'later' }) })).items).toHaveLength(1);
		expect((await trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: product({ updatedAt: 'later' }) })).items).toHaveLength(1);
	});
});

describe("Kinguin Trigger: the dashboard's TEST URL", () => {
	it('emits a request without X-Event-Name as a test, answered 204', async () => {
		const headers = kinguinHeaders('product.update');
		delete headers['x-event-name'];
		const { response, items } = await kinguinTrigger().deliver({ headers, rawBody: '{"test":true}' });
		expect(response).toEqual({ status: 204, headers: {}, ended: true });
		expect(items).toEqual([{ event: null, test: true, isTest: true, receivedAt: expect.stringMatching(ISO) }]);
	});

	it("emits Kinguin's published examples as tests, every time, and never remembers them", async () => {
		const trigger = kinguinTrigger();
		for (let click = 0; click < 2; click++) {
			const { response, items } = await trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: KINGUIN_PRODUCT_UPDATE });
			expect(response.status).toBe(204);
			expect(items).toEqual([expect.objectContaining({ event: 'product.update', kinguinId: 1949, isTest: true })]);
		}
		const order = await trigger.deliver({ headers: kinguinHeaders('order.status'), rawBody: KINGUIN_ORDER_STATUS });
		expect(order.items).toEqual([expect.objectContaining({ event: 'order.status', orderId: 'PHS84FJAG5U', isTest: true })]);
		expect(JSON.stringify(trigger.workflow.staticData)).not.toContain('1949');
	});

	it('answers 204 and runs nothing for the test sent before a secret is set, without or with an example body', async () => {
		const noSecret = kinguinHeaders('product.update');
		delete noSecret['x-event-secret'];
		const { 'x-event-name': _name, ...noEvent } = noSecret;
		for (const [headers, rawBody] of [
			[noEvent, ''],
			[noSecret, KINGUIN_PRODUCT_UPDATE],
			[{ ...noSecret, 'x-event-secret': '' }, KINGUIN_ORDER_STATUS.replace('canceled', 'completed')],
		] as const) {
			const { response, result } = await kinguinTrigger().deliver({ headers, rawBody });
			expect(response).toEqual({ status: 204, headers: {}, ended: true });
			expect(result.workflowData).toBeUndefined();
		}
	});

	it('parses at most 64 KiB of a request without a secret: a larger one is refused 401 even when it is an example, and one naming no event is not parsed', async () => {
		const noSecret = kinguinHeaders('product.update');
		delete noSecret['x-event-secret'];
		const padded = KINGUIN_PRODUCT_UPDATE + ' '.repeat(SECRETLESS_MAX_BODY_BYTES);
		expect((await kinguinTrigger().deliver({ headers: noSecret, rawBody: padded })).response.status).toBe(401);
		expect((await kinguinTrigger().deliver({ headers: noSecret, rawBody: KINGUIN_PRODUCT_UPDATE })).response.status).toBe(204);
		const { 'x-event-name': _name, ...noEvent } = noSecret;
		expect((await kinguinTrigger().deliver({ headers: noEvent, rawBody: WORST_SHAPE.build(MAX_BODY_BYTES) })).response.status).toBe(204);
		const withSecret = await kinguinTrigger().deliver({ headers: kinguinHeaders('product.update'), rawBody: padded });
		expect(withSecret.response.status).toBe(204);
		expect(withSecret.items).toEqual([expect.objectContaining({ kinguinId: 1949, isTest: true })]);
	});

	it('still answers 401 to a test with a wrong secret, and to a real-looking delivery without one', async () => {
		expect((await kinguinTrigger().deliver({ headers: kinguinHeaders('product.update', 'wrong'), rawBody: KINGUIN_PRODUCT_UPDATE })).response.status).toBe(401);
		const noSecret = kinguinHeaders('product.update');
		delete noSecret['x-event-secret'];
		expect((await kinguinTrigger().deliver({ headers: noSecret, rawBody: productUpdate(7, AT) })).response.status).toBe(401);
	});
});

describe('Kinguin Trigger: out-of-order updates', () => {
	it('emits a newer update and acknowledges an older or equal one without emitting', async () => {
		const trigger = kinguinTrigger();
		const send = (updatedAt: string) => trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(7, updatedAt) });

		expect((await send('2024-05-01T10:00:00.000+00:00')).items).toHaveLength(1);
		const older = await send('2024-05-01T09:59:59.999+00:00');
		expect(older.response.status).toBe(204);
		expect(older.items).toHaveLength(0);
		expect((await send('2024-05-01T10:00:00.000+00:00')).items).toHaveLength(0);
		expect((await send('2024-05-01T12:00:00.000+02:00')).items).toHaveLength(0);
		expect((await send('2024-05-01T10:00:00.001+00:00')).items).toHaveLength(1);
	});

	it('tracks each product and each order on its own', async () => {
		const trigger = kinguinTrigger();
		expect((await trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(1, AT) })).items).toHaveLength(1);
		expect((await trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(2, AT) })).items).toHaveLength(1);
		expect((await trigger.deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('O1', 'completed', AT) })).items).toHaveLength(1);
	});

	it('emits everything when the option is off', async () => {
		const trigger = kinguinTrigger({ ignoreOutOfOrder: false });
		const send = () => trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(7, AT) });
		expect((await send()).items).toHaveLength(1);
		expect((await send()).items).toHaveLength(1);
	});

	it('keeps its memory in the workflow static data, where n8n after a restart finds it', async () => {
		const trigger = kinguinTrigger();
		await trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(1949, AT) });
		const saved = JSON.parse(JSON.stringify(trigger.workflow.staticData)) as IDataObject;
		expect(Object.keys(saved.global as IDataObject)).toContain('deliveries:trigger-node:newestUpdate');
		const { KinguinTrigger: Restarted } = inFreshProcess(() => require('../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node') as typeof import('../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node'));
		const restarted = kinguinTrigger({}, { staticData: saved, workflowId: trigger.workflow.id, nodeType: new Restarted() });
		expect((await restarted.deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(1949, AT) })).items).toHaveLength(0);
	});

	it("forgets a product's newest update a day after it was accepted, Kinguin's assumed retry horizon", async () => {
		const trigger = kinguinTrigger();
		const send = () => trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(7, AT) });
		const emitted = await atTimes([0, 23 * HOUR, 24 * HOUR], async () => (await send()).items.length);
		expect(emitted).toEqual([1, 0, 1]);
	});
});

describe('Kinguin Trigger: Only These Statuses', () => {
	it('emits only the chosen statuses, and still remembers the newest of the others', async () => {
		const trigger = kinguinTrigger({ events: ['order.status'], onlyStatuses: ['completed'] });
		const send = (status: string, updatedAt: string) => trigger.deliver({ headers: kinguinHeaders('order.status'), rawBody: orderStatus('O1', status, updatedAt) });
		const canceled = await send('canceled', '2024-05-01T10:00:00.000+00:00');
		expect(canceled.response.status).toBe(204);
		expect(canceled.items).toHaveLength(0);
		expect((await send('completed', '2024-05-01T09:00:00.000+00:00')).items).toHaveLength(0);
		expect((await send('completed', '2024-05-01T11:00:00.000+00:00')).items).toEqual([expect.objectContaining({ status: 'completed' })]);
	});
});
