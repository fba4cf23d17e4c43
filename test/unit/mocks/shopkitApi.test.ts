import { startShopkitApi, type ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import { SHOPKIT_EVENTS } from '../../../nodes/Shopkit/Shopkit.schemas';

let api: ShopkitApiMock;

beforeEach(async () => {
	api = await startShopkitApi();
});

afterEach(async () => {
	await api.close();
});

async function call(method: string, path: string, body?: unknown, key: string | null = api.apiKey) {
	const headers: Record<string, string> = {};
	if (key !== null) headers['X-API-KEY'] = key;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(`${api.baseUrl}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('startShopkitApi', () => {
	it('listens on a free local port under /v1 with the default key', () => {
		expect(api.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
		expect(api.apiKey).toBe('shopkit-test-key');
	});

	it('rejects a missing or wrong API key on every route', async () => {
		const invalid = { status: 401, body: { message: 'Invalid API key' } };
		expect(await call('GET', '/store', undefined, null)).toEqual(invalid);
		expect(await call('GET', '/store', undefined, 'wrong')).toEqual(invalid);
		expect(await call('POST', '/webhook', { event: 'order_paid', url: 'https://a.test' }, 'wrong')).toEqual(invalid);
		expect(await call('GET', '/nowhere', undefined, null)).toEqual(invalid);
		expect(api.webhooks.size).toBe(0);
	});

	it('accepts a custom key', async () => {
		await api.close();
		api = await startShopkitApi({ apiKey: 'other' });
		expect((await call('GET', '/store', undefined, 'other')).status).toBe(200);
		expect((await call('GET', '/store', undefined, 'shopkit-test-key')).status).toBe(401);
	});

	it('returns the store', async () => {
		expect(await call('GET', '/store')).toEqual({
			status: 200,
			body: { id: 1, name: 'Parallax', url: 'https://parallax.shopk.it', email: 'info@shopk.it' },
		});
	});

	it('creates webhooks with increasing ids from 1337, and answers 409 to the same webhook again', async () => {
		const first = await call('POST', '/webhook', { event: 'order_paid', url: 'https://a.test/hook' });
		const again = await call('POST', '/webhook', { event: 'order_paid', url: 'https://a.test/hook' });
		const other = await call('POST', '/webhook', { event: 'order_paid', url: 'https://a.test/other' });
		expect(first).toEqual({
			status: 201,
			body: { id: 1337, event: 'order_paid', url: 'https://a.test/hook', active: true },
		});
		expect(again).toEqual({ status: 409, body: { message: 'Already exists.' } });
		expect(other.body.id).toBe(1338);
		expect([...api.webhooks.keys()]).toEqual([1337, 1338]);
		expect(api.webhooks.get(1337)).toEqual(first.body);
	});

	it("accepts a webhook for each of the 32 events of Shopkit's webhook page, and lists them by event", async () => {
		expect(SHOPKIT_EVENTS).toHaveLength(32);
		for (const event of SHOPKIT_EVENTS) {
			expect(await call('POST', '/webhook', { event, url: 'https://a.test/hook' })).toEqual({ status: 201, body: expect.objectContaining({ event, active: true }) });
		}
		expect([...api.webhooks.values()].map((webhook) => webhook.event)).toEqual([...SHOPKIT_EVENTS]);
		for (const event of ['client_created', 'newsletter_unsubscribed', 'product_updated_stock', 'cart_abandoned']) {
			expect(await call('GET', `/webhook?event=${event}`)).toEqual({ status: 200, body: [expect.objectContaining({ event, url: 'https://a.test/hook' })] });
		}
	});

	it('lists the webhooks (GET /webhook), filtered by ?active and ?event, and gets one by id', async () => {
		const paid = (await call('POST', '/webhook', { event: 'order_paid', url: 'https://a.test/hook' })).body;
		const sent = (await call('POST', '/webhook', { event: 'order_sent', url: 'https://a.test/hook' })).body;
		api.webhooks.get(sent.id)!.active = false;
		const suspended = { ...sent, active: false };

		expect(await call('GET', '/webhook')).toEqual({ status: 200, body: [paid, suspended] });
		expect(await call('GET', '/webhook?active=true')).toEqual({ status: 200, body: [paid] });
		expect(await call('GET', '/webhook?active=false')).toEqual({ status: 200, body: [suspended] });
		expect(await call('GET', '/webhook?event=order_sent')).toEqual({ status: 200, body: [suspended] });
		expect(await call('GET', '/webhook?event=order_sent&active=true')).toEqual({ status: 404, body: { message: 'Not found.' } });
		expect(await call('GET', '/webhook?active=yes')).toEqual({ status: 400, body: { message: 'Bad request.' } });
		expect(await call('GET', `/webhook/${paid.id}`)).toEqual({ status: 200, body: paid });
		expect(await call('GET', '/webhook/9999')).toEqual({ status: 404, body: { message: 'Not found.' } });
	});

	it('answers an empty list with 404 "Not found."', async () => {
		expect(await call('GET', '/webhook')).toEqual({ status: 404, body: { message: 'Not found.' } });
	});

	it('skips ids a test pre-filled', async () => {
		api.webhooks.set(1337, { id: 1337, event: 'order_sent', url: 'http://x.test', active: true });
		expect((await call('POST', '/webhook', { event: 'order_sent', url: 'http://y.test' })).body.id).toBe(1338);
	});

	it.each([
		['an unknown event', { event: 'order_exploded', url: 'https://a.test' }, 'Invalid event'],
		['a missing event', { url: 'https://a.test' }, 'Invalid event'],
		['a url without http(s)', { event: 'order_paid', url: 'ftp://a.test' }, 'Invalid url'],
		['a missing url', { event: 'order_paid' }, 'Invalid url'],
		['a body that is not JSON', '{"event":', 'Invalid JSON'],
	])('rejects %s with 400', async (_, body, message) => {
		expect(await call('POST', '/webhook', body)).toEqual({ status: 400, body: { message } });
		expect(api.webhooks.size).toBe(0);
	});

	it('deletes a webhook once, then answers 404', async () => {
		const { body } = await call('POST', '/webhook', { event: 'order_invoice', url: 'https://a.test' });
		expect(await call('DELETE', `/webhook/${body.id}`)).toEqual({ status: 204, body: undefined });
		expect(api.webhooks.size).toBe(0);
		expect(await call('DELETE', `/webhook/${body.id}`)).toEqual({
			status: 404,
			body: { message: 'Not found.' },
		});
	});

	it('answers 404 to unknown routes and methods', async () => {
		const notFound = { status: 404, body: { message: 'Not found.' } };
		expect(await call('GET', '/orders')).toEqual(notFound);
		expect(await call('PUT', '/store', {})).toEqual(notFound);
	});

	it('records every request in order, with parsed, raw or no body', async () => {
		await call('GET', '/store?x=1', undefined, null);
		await call('POST', '/webhook', { event: 'order_paid', url: 'https://a.test' });
		await call('POST', '/webhook', 'not json');
		expect(api.requests).toEqual([
			{ method: 'GET', path: '/v1/store', body: undefined, apiKey: undefined },
			{
				method: 'POST',
				path: '/v1/webhook',
				body: { event: 'order_paid', url: 'https://a.test' },
				apiKey: 'shopkit-test-key',
			},
			{ method: 'POST', path: '/v1/webhook', body: 'not json', apiKey: 'shopkit-test-key' },
		]);
	});

	it('fails the next `count` requests on any route, recording them and changing nothing', async () => {
		api.failNext(503, { message: 'Down' }, 2);
		expect(await call('POST', '/webhook', { event: 'order_paid', url: 'https://a.test' })).toEqual({
			status: 503,
			body: { message: 'Down' },
		});
		expect(await call('GET', '/store', undefined, null)).toEqual({ status: 503, body: { message: 'Down' } });
		expect(api.webhooks.size).toBe(0);
		expect((await call('GET', '/store')).status).toBe(200);
		expect(api.requests).toHaveLength(3);

		api.failNext(500);
		expect(await call('GET', '/store')).toEqual({ status: 500, body: { message: 'Injected failure' } });
	});

	it('holds a request open for status 0 until the client gives up', async () => {
		api.failNext(0);
		const held = fetch(`${api.baseUrl}/store`, {
			headers: { 'X-API-KEY': api.apiKey },
			signal: AbortSignal.timeout(200),
		});
		await expect(held).rejects.toThrow();
		expect(api.requests).toHaveLength(1);
		expect((await call('GET', '/store')).status).toBe(200);
	});

	it('closes while a request is still held, so nothing keeps jest alive', async () => {
		api.failNext(0);
		const held = fetch(`${api.baseUrl}/store`, { headers: { 'X-API-KEY': api.apiKey } });
		while (api.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
		await api.close();
		await expect(held).rejects.toThrow();
	});

	it('pages GET /webhook as Shopkit documents, 25 unless asked and 50 at most: an array with X-Total-Count and 404 past the end, or numeric keys with paging.next', async () => {
		for (let id = 1; id <= 60; id++) api.webhooks.set(id, { id, event: 'order_paid', url: `https://a.test/${id}`, active: true });
		const ids = (body: unknown) => (Array.isArray(body) ? body : Object.keys(body as object).filter((key) => /^\d+$/.test(key)).map((key) => (body as Record<string, unknown>)[key])).map((webhook) => (webhook as { id: number }).id);

		const first = await fetch(`${api.baseUrl}/webhook`, { headers: { 'X-API-KEY': api.apiKey } });
		expect(first.headers.get('x-total-count')).toBe('60');
		expect(ids(await first.json())).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
		expect(ids((await call('GET', '/webhook?page=2&limit=100')).body)).toEqual(Array.from({ length: 10 }, (_, i) => i + 51));
		expect(await call('GET', '/webhook?page=3&limit=50')).toEqual({ status: 404, body: { message: 'Not found.' } });

		api.listShape = 'paged';
		const page1 = (await call('GET', '/webhook?page=1&limit=50')).body as { paging: { previous: string | null; next: string | null } };
		expect(ids(page1)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
		expect(page1.paging).toEqual({ previous: null, next: `${api.baseUrl}/webhook?page=2&limit=50` });
		const page2 = (await call('GET', '/webhook?page=2&limit=50')).body as { paging: { next: string | null } };
		expect(ids(page2)).toEqual(Array.from({ length: 10 }, (_, i) => i + 51));
		expect(page2.paging.next).toBeNull();
	});
});
