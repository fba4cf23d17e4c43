import { startSupplierApi, type SupplierApiMock } from '../../../dev/mocks/supplierApi';

let api: SupplierApiMock;

beforeEach(async () => {
	api = await startSupplierApi();
});

afterEach(async () => {
	await api.close();
});

const SOLD = {
	supplierProductId: 'SS21CA2N',
	action: 'sold',
	newPrice: 76000,
	sizes: [{ value: 'XL', count: 2, soldCount: 1, sizeId: 5 }],
};

async function call(
	method: string,
	body?: unknown,
	authorization: string | null = `Bearer ${api.token}`,
	url = api.apiUrl,
) {
	const headers: Record<string, string> = {};
	if (authorization !== null) headers.authorization = authorization;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(url, {
		method,
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	return {
		status: response.status,
		body: JSON.parse(await response.text()),
		headers: Object.fromEntries(response.headers),
	};
}

async function post(body: unknown) {
	const { status, body: answer } = await call('POST', body);
	return { status, body: answer };
}

describe('startSupplierApi', () => {
	it('listens on a free local port at /api/v1/stock with the default token', () => {
		expect(api.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/stock$/);
		expect(api.token).toBe('supplier-api-token');
	});

	it('accepts a custom token and path', async () => {
		await api.close();
		api = await startSupplierApi({ token: 'other', path: '/hooks/stock' });
		expect(api.apiUrl).toMatch(/\/hooks\/stock$/);
		expect((await call('POST', SOLD, 'Bearer other')).status).toBe(200);
		expect((await call('POST', SOLD, 'Bearer supplier-api-token')).status).toBe(401);
	});

	it('accepts the seed example with ids from 1, recording body and Authorization header', async () => {
		const first = await call('POST', SOLD);
		expect(first.status).toBe(200);
		expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(first.body).toEqual({ ok: true, id: 1 });
		expect((await call('POST', { ...SOLD, action: 'receipts' }, 'bearer supplier-api-token')).body).toEqual({
			ok: true,
			id: 2,
		});
		expect(api.received).toEqual([
			{ body: SOLD, authorization: 'Bearer supplier-api-token' },
			{ body: { ...SOLD, action: 'receipts' }, authorization: 'bearer supplier-api-token' },
		]);
	});

	it.each([
		['no Authorization header', null],
		['a wrong token', 'Bearer nope'],
		['another scheme', 'Basic supplier-api-token'],
		['the bare token', 'supplier-api-token'],
		['extra text after the token', 'Bearer supplier-api-token x'],
	])('answers 401 to %s, before looking at the body', async (_, authorization) => {
		const invalid = { status: 401, body: { error: 'Invalid API token' } };
		expect(await call('POST', SOLD, authorization)).toMatchObject(invalid);
		expect(await call('POST', '{"broken', authorization)).toMatchObject(invalid);
		expect(await call('GET', undefined, authorization)).toMatchObject(invalid);
		expect(api.received).toEqual([]);
	});

	it('answers GET with the right token, as a credential test', async () => {
		expect(await call('GET')).toMatchObject({ status: 200, body: { ok: true } });
		expect(api.received).toEqual([]);
	});

	it('rejects a body that is not JSON', async () => {
		expect(await post('{"supplierProductId":')).toEqual({ status: 400, body: { error: 'Invalid JSON' } });
		expect(await post(undefined)).toEqual({ status: 400, body: { error: 'Invalid JSON' } });
	});

	it.each([
		['supplierProductId', { ...SOLD, supplierProductId: '' }, 'must be a non-empty string'],
		['supplierProductId', [SOLD], 'must be a non-empty string'],
		['action', { ...SOLD, action: 'sell' }, 'must be one of receipts, sold, cancel, return, price'],
		['newPrice', { ...SOLD, newPrice: '76000' }, 'must be a number'],
		['newPrice', { ...SOLD, action: 'price', newPrice: undefined }, 'is required for action price'],
		['newPrice', { ...SOLD, action: 'price', newPrice: 0 }, 'must be a finite number > 0 for action price'],
		['sizes', { ...SOLD, sizes: undefined }, 'must be an array'],
		['sizes', { ...SOLD, sizes: [] }, 'must not be empty unless action is price'],
		['sizes.0', { ...SOLD, sizes: ['XL'] }, 'must be an object'],
		['sizes.0.value', { ...SOLD, sizes: [{ count: 1 }] }, 'must be a non-empty string'],
		['sizes.0.count', { ...SOLD, sizes: [{ value: 'XL' }] }, 'must be an integer >= 0'],
		['sizes.0.count', { ...SOLD, sizes: [{ value: 'XL', count: 1.5 }] }, 'must be an integer >= 0'],
		[
			'sizes.1.soldCount',
			{ ...SOLD, sizes: [SOLD.sizes[0], { value: 'L', count: 0, soldCount: -1 }] },
			'must be an integer >= 0',
		],
		['sizes.0.sizeId', { ...SOLD, sizes: [{ value: 'XL', count: 1, sizeId: '5' }] }, 'must be an integer'],
	])('rejects a bad %s with 400 naming the field', async (path, body, problem) => {
		expect(await post(body)).toEqual({ status: 400, body: { error: `${path} ${problem}`, path } });
		expect(api.received).toEqual([]);
	});

	it('accepts a price change without sizes, and newPrice left out or negative for other actions', async () => {
		expect((await post({ supplierProductId: 'A', action: 'price', newPrice: 99.5, sizes: [] })).status).toBe(200);
		expect((await post({ supplierProductId: 'A', action: 'cancel', sizes: [{ value: 'S', count: 0 }] })).status).toBe(
			200,
		);
		expect((await post({ ...SOLD, action: 'return', newPrice: -1, extra: true })).status).toBe(200);
		expect(api.received).toHaveLength(3);
	});

	it('answers 404 to other paths and methods, whatever the token', async () => {
		const notFound = { status: 404, body: { error: 'Not found' } };
		expect(await call('POST', SOLD, null, api.apiUrl.replace('/stock', '/orders'))).toMatchObject(notFound);
		expect(await call('PUT', SOLD)).toMatchObject(notFound);
		expect(await call('DELETE', undefined, null)).toMatchObject(notFound);
		expect(api.received).toEqual([]);
	});

	it('records every request in order, with its status and arrival time', async () => {
		const before = Date.now();
		await call('GET', undefined, null);
		await call('POST', SOLD);
		await call('POST', 'not json');
		expect(api.requests).toEqual([
			{
				method: 'GET',
				path: '/api/v1/stock',
				body: undefined,
				authorization: undefined,
				idempotencyKey: undefined,
				status: 401,
				applied: false,
				at: expect.any(Number),
			},
			{
				method: 'POST',
				path: '/api/v1/stock',
				body: SOLD,
				authorization: 'Bearer supplier-api-token',
				idempotencyKey: undefined,
				status: 200,
				applied: true,
				at: expect.any(Number),
			},
			{
				method: 'POST',
				path: '/api/v1/stock',
				body: 'not json',
				authorization: 'Bearer supplier-api-token',
				idempotencyKey: undefined,
				status: 400,
				applied: false,
				at: expect.any(Number),
			},
		]);
		const times = api.requests.map((request) => request.at);
		expect(times[0]).toBeGreaterThanOrEqual(before);
		expect([...times].sort((a, b) => a - b)).toEqual(times);
	});

	it('fails the next `count` POSTs before the token check, with Retry-After, recording them and changing nothing', async () => {
		api.failNext(429, { count: 2, retryAfterSeconds: 3 });
		const limited = await call('POST', SOLD, 'Bearer wrong');
		expect(limited).toMatchObject({ status: 429, body: { error: 'Too Many Requests' } });
		expect(limited.headers['retry-after']).toBe('3');
		expect((await call('GET')).status).toBe(200);
		expect((await call('POST', SOLD)).status).toBe(429);
		const accepted = await call('POST', SOLD);
		expect(accepted).toMatchObject({ status: 200, body: { ok: true, id: 1 } });
		expect(accepted.headers['retry-after']).toBeUndefined();
		expect(api.requests.map((request) => request.status)).toEqual([429, 200, 429, 200]);
		expect(api.received).toHaveLength(1);

		api.failNext(503, { body: { error: 'Maintenance' } });
		const down = await call('POST', SOLD);
		expect(down).toMatchObject({ status: 503, body: { error: 'Maintenance' } });
		expect(down.headers['retry-after']).toBeUndefined();
	});

	it('applies an update and then fails it, when asked to: a 500 or no answer after committing', async () => {
		api.failNext(500, { applied: true });
		api.failNext(0, { applied: true });
		expect((await post(SOLD)).status).toBe(500);
		const held = fetch(api.apiUrl, { method: 'POST', headers: { authorization: `Bearer ${api.token}` }, body: JSON.stringify(SOLD), signal: AbortSignal.timeout(200) });
		await expect(held).rejects.toThrow();
		expect(api.received.map(({ body }) => body)).toEqual([SOLD, SOLD]);
		expect(api.requests.map(({ status, applied }) => ({ status, applied }))).toEqual([
			{ status: 500, applied: true },
			{ status: 0, applied: true },
		]);
	});

	it('resets the connection once the body is read, after applying the update or not', async () => {
		api.resetNext({ applied: true });
		api.resetNext();
		await expect(post(SOLD)).rejects.toThrow();
		await expect(post(SOLD)).rejects.toThrow();
		expect(api.received).toHaveLength(1);
		expect(api.requests.map(({ status, applied }) => ({ status, applied }))).toEqual([
			{ status: 0, applied: true },
			{ status: 0, applied: false },
		]);
		expect((await post(SOLD)).status).toBe(200);
	});

	it('with deduplicates, applies an Idempotency-Key once and answers its repeats with the first answer', async () => {
		const deduplicating = await startSupplierApi({ deduplicates: true });
		try {
			const send = (key: string) =>
				fetch(deduplicating.apiUrl, {
					method: 'POST',
					headers: { authorization: `Bearer ${deduplicating.token}`, 'idempotency-key': key },
					body: JSON.stringify(SOLD),
				}).then(async (response) => ({ status: response.status, body: await response.json() }));
			deduplicating.failNext(500, { applied: true });
			expect((await send('a')).status).toBe(500);
			expect(await send('a')).toEqual({ status: 200, body: { ok: true, id: 1 } });
			expect(await send('b')).toEqual({ status: 200, body: { ok: true, id: 2 } });
			expect(deduplicating.received.map(({ idempotencyKey }) => idempotencyKey)).toEqual(['a', 'b']);
		} finally {
			await deduplicating.close();
		}
	});

	it('delays a failure by delayMs', async () => {
		api.failNext(500, { delayMs: 150 });
		const started = Date.now();
		expect((await post(SOLD)).status).toBe(500);
		expect(Date.now() - started).toBeGreaterThanOrEqual(145);
	});

	it('holds a POST open for status 0 until the client gives up', async () => {
		api.failNext(0);
		const held = fetch(api.apiUrl, {
			method: 'POST',
			headers: { authorization: `Bearer ${api.token}` },
			body: JSON.stringify(SOLD),
			signal: AbortSignal.timeout(200),
		});
		await expect(held).rejects.toThrow();
		expect(api.requests).toMatchObject([{ method: 'POST', status: 0 }]);
		expect(api.received).toEqual([]);
		expect((await post(SOLD)).body).toEqual({ ok: true, id: 1 });
	});

	it('delays every answer by the latency and counts the requests in flight together', async () => {
		expect(api.maxConcurrent).toBe(0);
		await post(SOLD);
		await call('GET', undefined, null);
		expect(api.maxConcurrent).toBe(1);

		api.setLatency(100);
		const started = Date.now();
		const answers = await Promise.all([post(SOLD), post(SOLD), post({}), call('GET', undefined, null)]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(95);
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 400, 401]);
		expect(
			answers
				.slice(0, 2)
				.map((answer) => answer.body.id)
				.sort(),
		).toEqual([2, 3]);
		expect(api.maxConcurrent).toBe(4);
	});

	it('stops counting a request whose client went away', async () => {
		api.failNext(0);
		const held = fetch(api.apiUrl, { method: 'POST', body: '{}', signal: AbortSignal.timeout(100) });
		await expect(held).rejects.toThrow();
		await new Promise((resolve) => setTimeout(resolve, 50));
		api.setLatency(50);
		await Promise.all([post(SOLD), post(SOLD)]);
		expect(api.maxConcurrent).toBe(2);
	});

	it('closes while requests are held or delayed, so nothing keeps jest alive', async () => {
		api.failNext(0);
		api.setLatency(60_000);
		// Whichever arrives first is held, the other one delayed.
		const answers = [post(SOLD), post(SOLD)];
		while (api.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
		await api.close();
		await Promise.all(answers.map((answer) => expect(answer).rejects.toThrow()));
	});
});
