import { NodeOperationError } from 'n8n-workflow';

import {
	KINGUIN_ORDER_COMPLETE,
	KINGUIN_ORDER_STATUS,
	KINGUIN_PRODUCT_UPDATE,
	KINGUIN_SECRET,
	kinguinHeaders,
	productUpdate,
} from '../../../dev/fixtures/kinguin';
import { kinguinTrigger } from './kinguinTriggerInCore';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('Kinguin Trigger: valid deliveries', () => {
	it('answers 204 with an empty body and emits the typed product.update', async () => {
		const { response, items, result } = await kinguinTrigger().deliver({
			headers: kinguinHeaders('product.update'),
			rawBody: KINGUIN_PRODUCT_UPDATE,
		});
		expect(response).toEqual({ status: 204, headers: {}, body: undefined, ended: true });
		expect(result.noWebhookResponse).toBe(true);
		expect(items).toEqual([
			{
				event: 'product.update',
				kinguinId: 1949,
				productId: '5c9b5f6b2539a4e8f172916a',
				qty: 845,
				textQty: 845,
				cheapestOfferId: ['611222acff9ca40001f0b020'],
				updatedAt: '2020-10-16T11:24:08.015+00:00',
				receivedAt: expect.stringMatching(ISO),
			},
		]);
	});

	it('emits the seed order.status with its status', async () => {
		const { response, items } = await kinguinTrigger().deliver({
			headers: kinguinHeaders('order.status'),
			rawBody: KINGUIN_ORDER_STATUS,
		});
		expect(response.status).toBe(204);
		expect(items).toEqual([
			{
				event: 'order.status',
				orderId: 'PHS84FJAG5U',
				orderExternalId: 'AL2FEEHOO2OHF',
				status: 'canceled',
				updatedAt: '2020-10-16T11:24:08.025+00:00',
				receivedAt: expect.stringMatching(ISO),
			},
		]);
	});

	it('emits order.complete when it is selected', async () => {
		const { items } = await kinguinTrigger({ events: ['order.complete'] }).deliver({
			headers: kinguinHeaders('order.complete'),
			rawBody: KINGUIN_ORDER_COMPLETE,
		});
		expect(items).toEqual([expect.objectContaining({ event: 'order.complete', orderId: 'PHS84FJAG5U' })]);
	});

	it('keeps the optional price and fields Kinguin adds later', async () => {
		const body = { ...JSON.parse(KINGUIN_PRODUCT_UPDATE), price: 12.5, region: 'EU' };
		const { items } = await kinguinTrigger().deliver({
			headers: kinguinHeaders('product.update'),
			rawBody: JSON.stringify(body),
		});
		expect(items[0]).toMatchObject({ price: 12.5, region: 'EU', kinguinId: 1949 });
	});

	it('accepts an order status Kinguin adds later', async () => {
		const body = { ...JSON.parse(KINGUIN_ORDER_STATUS), status: 'refunded' };
		const { items } = await kinguinTrigger().deliver({ headers: kinguinHeaders('order.status'), rawBody: JSON.stringify(body) });
		expect(items[0]).toMatchObject({ status: 'refunded' });
	});

	it('reads headers whatever their case', async () => {
		const { items } = await kinguinTrigger().deliver({
			headers: { 'X-Event-Name': 'product.update', 'X-EVENT-SECRET': KINGUIN_SECRET },
			rawBody: KINGUIN_PRODUCT_UPDATE,
		});
		expect(items).toHaveLength(1);
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
		const { response, result } = await kinguinTrigger().deliver({ headers, rawBody: KINGUIN_PRODUCT_UPDATE });
		expect(response.status).toBe(401);
		expect(response.body).toBe('Unauthorized');
		expect(result.workflowData).toBeUndefined();
	});

	it('checks the secret before it reads the body', async () => {
		const { response } = await kinguinTrigger().deliver({
			headers: kinguinHeaders('product.update', 'wrong'),
			rawBody: 'not json',
		});
		expect(response.status).toBe(401);
	});

	it('fails as a configuration error, not as a forgery, when the credential has no secret', async () => {
		const trigger = kinguinTrigger({}, { secret: '' });
		await expect(
			trigger.deliver({ headers: kinguinHeaders('product.update', ''), rawBody: KINGUIN_PRODUCT_UPDATE }),
		).rejects.toThrow(NodeOperationError);
	});
});

describe('Kinguin Trigger: events', () => {
	it('acknowledges an event that is not selected and emits nothing', async () => {
		const { response, result } = await kinguinTrigger({ events: ['product.update'] }).deliver({
			headers: kinguinHeaders('order.status'),
			rawBody: KINGUIN_ORDER_STATUS,
		});
		expect(response.status).toBe(204);
		expect(result.workflowData).toBeUndefined();
	});

	it('acknowledges an unknown event without reading its body', async () => {
		const { response, result } = await kinguinTrigger().deliver({
			headers: kinguinHeaders('store.test'),
			rawBody: 'anything',
		});
		expect(response.status).toBe(204);
		expect(result.workflowData).toBeUndefined();
	});

	it('answers 400 when X-Event-Name is missing', async () => {
		const headers = kinguinHeaders('product.update');
		delete headers['x-event-name'];
		const { response, result } = await kinguinTrigger().deliver({ headers, rawBody: KINGUIN_PRODUCT_UPDATE });
		expect(response).toMatchObject({ status: 400, body: { error: 'The X-Event-Name header is missing' } });
		expect(result.workflowData).toBeUndefined();
	});
});

describe('Kinguin Trigger: bad bodies', () => {
	it('answers 400 with the reason when the body is not JSON', async () => {
		const { response, result } = await kinguinTrigger().deliver({
			headers: kinguinHeaders('product.update'),
			rawBody: '{"kinguinId": 1949,',
		});
		expect(response.status).toBe(400);
		expect((response.body as { error: string }).error).toMatch(/^The request body is not valid JSON/);
		expect(result.workflowData).toBeUndefined();
	});

	it.each([
		['a field of the wrong type', { kinguinId: '1949' }, 'product.update: kinguinId: Expected number, received string'],
		['a missing field', { qty: undefined }, 'product.update: qty: Required'],
		['a fractional quantity', { qty: 1.5 }, 'product.update: qty: Expected integer, received float'],
		['a date that is not a date', { updatedAt: 'yesterday' }, 'product.update: updatedAt: must be a date like 2020-10-16T11:24:08.015+00:00'],
		['offers that are not a list', { cheapestOfferId: 'x' }, 'product.update: cheapestOfferId: Expected array, received string'],
	])('answers 400 naming the field for %s', async (_case, change, reason) => {
		const body = { ...JSON.parse(KINGUIN_PRODUCT_UPDATE), ...change };
		const { response, result } = await kinguinTrigger().deliver({
			headers: kinguinHeaders('product.update'),
			rawBody: JSON.stringify(body),
		});
		expect(response).toMatchObject({ status: 400, body: { error: reason } });
		expect(result.workflowData).toBeUndefined();
	});

	it('answers 400 for an order.status without an orderId', async () => {
		const { orderId: _dropped, ...body } = JSON.parse(KINGUIN_ORDER_STATUS);
		const { response } = await kinguinTrigger().deliver({ headers: kinguinHeaders('order.status'), rawBody: JSON.stringify(body) });
		expect(response).toMatchObject({ status: 400, body: { error: 'order.status: orderId: Required' } });
	});
});

describe('Kinguin Trigger: out-of-order updates', () => {
	it('emits a newer update and acknowledges an older or equal one without emitting', async () => {
		const trigger = kinguinTrigger();
		const send = (updatedAt: string) =>
			trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(7, updatedAt) });

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
		const at = '2024-05-01T10:00:00.000+00:00';
		expect((await trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(1, at) })).items).toHaveLength(1);
		expect((await trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(2, at) })).items).toHaveLength(1);
		const order = JSON.stringify({ ...JSON.parse(KINGUIN_ORDER_STATUS), updatedAt: at });
		expect((await trigger.deliver({ headers: kinguinHeaders('order.status'), rawBody: order })).items).toHaveLength(1);
	});

	it('emits everything when the option is off', async () => {
		const trigger = kinguinTrigger({ ignoreOutOfOrder: false });
		const send = () => trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: KINGUIN_PRODUCT_UPDATE });
		expect((await send()).items).toHaveLength(1);
		expect((await send()).items).toHaveLength(1);
	});

	it('keeps its memory in the workflow static data', async () => {
		const trigger = kinguinTrigger();
		await trigger.deliver({ headers: kinguinHeaders('product.update'), rawBody: KINGUIN_PRODUCT_UPDATE });
		const stored = JSON.parse(JSON.stringify(trigger.workflow.staticData));
		expect(JSON.stringify(stored)).toContain('product.update:1949');
	});
});

describe('Kinguin Trigger: Only These Statuses', () => {
	it('emits only the chosen statuses, and still remembers the newest of the others', async () => {
		const trigger = kinguinTrigger({ events: ['order.status'], onlyStatuses: ['completed'] });
		const send = (status: string, updatedAt: string) =>
			trigger.deliver({
				headers: kinguinHeaders('order.status'),
				rawBody: JSON.stringify({ orderId: 'O1', orderExternalId: 'E1', status, updatedAt }),
			});
		const canceled = await send('canceled', '2024-05-01T10:00:00.000+00:00');
		expect(canceled.response.status).toBe(204);
		expect(canceled.items).toHaveLength(0);
		expect((await send('completed', '2024-05-01T09:00:00.000+00:00')).items).toHaveLength(0);
		expect((await send('completed', '2024-05-01T11:00:00.000+00:00')).items).toEqual([
			expect.objectContaining({ status: 'completed' }),
		]);
	});
});
