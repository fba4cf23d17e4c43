import http from 'http';
import type { AddressInfo } from 'net';
import { SHOPGATE_EVENT_CODES, shopgateFulfillmentOrder, shopgateSalesOrder, startShopgateApi, type ShopgateApiMock } from '../../../dev/mocks/shopgateApi';

let api: ShopgateApiMock;

beforeEach(async () => {
	api = await startShopgateApi({ webhookToken: 'the-webhook-token' });
});

afterEach(async () => {
	await api.close();
});

function basic(id: string, secret: string): string {
	return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

async function requestToken(form: Record<string, string>, authorization = basic(api.clientId, api.clientSecret)) {
	const response = await fetch(api.authUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
		body: new URLSearchParams(form).toString(),
	});
	return { status: response.status, body: JSON.parse(await response.text()) };
}

function passwordGrant(overrides: Record<string, string> = {}): Record<string, string> {
	return {
		grant_type: 'password',
		username: api.username,
		password: api.password,
		tenantType: 'merchant',
		tenantId: api.merchantCode,
		...overrides,
	};
}

async function token(): Promise<string> {
	return (await requestToken(passwordGrant())).body.access_token;
}

/** A call to the webhook service; `path` is relative to webhookServiceUrl. */
async function call(method: string, path: string, body?: unknown, authorization?: string | null) {
	const headers: Record<string, string> = {};
	const auth = authorization === undefined ? `Bearer ${await token()}` : authorization;
	if (auth !== null) headers.authorization = auth;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(`${api.webhookServiceUrl}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const HOOK = {
	code: 'n8n-orders',
	name: 'n8n orders',
	endpoint: 'https://n8n.test/webhook/shopgate',
	active: true,
	events: [{ code: 'salesOrderAdded' }, { code: 'salesOrderUpdated' }],
};

async function create(...webhooks: unknown[]) {
	return call('POST', '/webhooks', { webhooks });
}

/** A local endpoint that records what it receives and answers with the next queued reply (default 204). */
async function startReceiver(replies: Array<{ status: number; body?: string } | 'hang'> = []) {
	const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			const reply = replies.shift() ?? { status: 204 };
			if (reply !== 'hang') res.writeHead(reply.status).end(reply.body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
		received,
		close: () =>
			new Promise((resolve) => {
				server.close(resolve);
				server.closeAllConnections();
			}),
	};
}

describe('startShopgateApi', () => {
	it('listens on a free local port with the default merchant and credentials', async () => {
		await api.close();
		api = await startShopgateApi();
		expect(api.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(api.authUrl).toBe(`${api.baseUrl}/oauth/token`);
		expect(api.webhookServiceUrl).toBe(`${api.baseUrl}/v1/merchants/theMerchant`);
		expect([api.clientId, api.clientSecret, api.username, api.password]).toEqual([
			'shopgate-client',
			'shopgate-secret',
			'api@merchant.example',
			'Api-Passw0rd',
		]);
		expect(api.webhookToken).toMatch(/^[0-9a-f]{64}$/);
		expect(SHOPGATE_EVENT_CODES).toHaveLength(24);
	});

	describe('POST /oauth/token', () => {
		it('issues tokens for the password grant, then again for its refresh token', async () => {
			const first = await requestToken(passwordGrant());
			expect(first).toEqual({
				status: 200,
				body: {
					access_token: expect.stringMatching(/^[0-9a-f]+$/),
					token_type: 'Bearer',
					expires_in: 3600,
					refresh_token: expect.stringMatching(/^[0-9a-f]+$/),
				},
			});
			const refreshed = await requestToken({
				grant_type: 'refresh_token',
				refresh_token: first.body.refresh_token,
				tenantType: 'merchant',
				tenantId: api.merchantCode,
			});
			expect(refreshed.status).toBe(200);
			expect(refreshed.body.access_token).not.toBe(first.body.access_token);
			expect((await call('GET', '/webhooks', undefined, `Bearer ${refreshed.body.access_token}`)).status).toBe(200);
			expect(api.tokensIssued).toBe(2);
		});

		it('rejects a wrong or missing client with 401 invalid_client', async () => {
			const invalid = { status: 401, body: { error: 'invalid_client' } };
			expect(await requestToken(passwordGrant(), basic(api.clientId, 'wrong'))).toEqual(invalid);
			expect(await requestToken(passwordGrant(), '')).toEqual(invalid);
		});

		it.each([
			['password', { password: 'wrong' }],
			['user', { username: 'someone@else.example' }],
			['tenant', { tenantId: 'otherMerchant' }],
			['tenant type', { tenantType: 'employee' }],
		])('rejects a wrong %s with 400 invalid_grant', async (_, overrides) => {
			expect(await requestToken(passwordGrant(overrides))).toEqual({ status: 400, body: { error: 'invalid_grant' } });
		});

		it('rejects an unknown refresh token and any other grant', async () => {
			const refresh = { grant_type: 'refresh_token', refresh_token: 'made-up', tenantType: 'merchant' };
			expect(await requestToken({ ...refresh, tenantId: api.merchantCode })).toEqual({
				status: 400,
				body: { error: 'invalid_grant' },
			});
			expect(await requestToken({ grant_type: 'client_credentials' })).toEqual({
				status: 400,
				body: { error: 'unsupported_grant_type' },
			});
			expect(api.tokensIssued).toBe(0);
		});
	});

	it('requires a bearer token this server issued, then a known merchant', async () => {
		const unauthorized = { status: 401, body: { code: 'Unauthorized', message: 'Unauthorized' } };
		expect(await call('GET', '/webhooks', undefined, null)).toEqual(unauthorized);
		expect(await call('GET', '/webhooks', undefined, 'Bearer made-up')).toEqual(unauthorized);
		expect(await call('POST', '/webhooks', { webhooks: [HOOK] }, basic(api.clientId, api.clientSecret))).toEqual(
			unauthorized,
		);
		expect(api.webhooks.size).toBe(0);
		const response = await fetch(`${api.baseUrl}/v1/merchants/otherMerchant/webhooks`, {
			headers: { authorization: `Bearer ${await token()}` },
		});
		expect(response.status).toBe(404);
		expect(await response.json()).toEqual({ code: 'NotFound', message: 'Merchant or Webhook not found' });
	});

	describe('POST /webhooks', () => {
		it('creates webhooks with uuid ids, defaulting the code to the id', async () => {
			const { code: _, ...withoutCode } = HOOK;
			const result = await create(HOOK, withoutCode);
			expect(result).toEqual({ status: 200, body: { ids: [expect.any(String), expect.any(String)], errors: [] } });
			const [first, second] = result.body.ids;
			expect(first).toMatch(/^[0-9a-f-]{36}$/);
			expect(api.webhooks.get(first)).toEqual({ id: first, ...HOOK });
			expect(api.webhooks.get(second)?.code).toBe(second);
		});

		it('reports a duplicate code (409) and an invalid entry (400) in errors, with HTTP 200', async () => {
			await create(HOOK);
			const badEvent = { ...HOOK, code: 'other', events: [{ code: 'orderExploded' }] };
			const fine = { ...HOOK, code: 'fine' };
			const result = await create(HOOK, badEvent, fine);
			expect(result).toEqual({
				status: 200,
				body: {
					ids: [expect.any(String)],
					errors: [
						{ code: 409, entity: 'webhook', entityIndex: 0, reason: 'Webhook code already exists' },
						{ code: 400, entity: 'webhook', entityIndex: 1, reason: expect.stringContaining('events[0].code') },
					],
				},
			});
			expect([...api.webhooks.values()].map((webhook) => webhook.code)).toEqual(['n8n-orders', 'fine']);
		});

		it.each([
			['a missing name', { ...HOOK, name: undefined }],
			['a non-boolean active', { ...HOOK, active: 'yes' }],
			['an endpoint over 255 characters', { ...HOOK, endpoint: `https://n8n.test/${'x'.repeat(240)}` }],
			['an unknown property', { ...HOOK, secret: 'x' }],
			['an event with another property', { ...HOOK, events: [{ code: 'productCreated', extra: 1 }] }],
		])('reports %s as a 400 error', async (_, entry) => {
			const result = await create(entry);
			expect(result.status).toBe(200);
			expect(result.body).toEqual({
				ids: [],
				errors: [{ code: 400, entity: 'webhook', entityIndex: 0, reason: expect.any(String) }],
			});
		});

		it('answers 400 BadRequest to a body that is not JSON or has no webhooks array', async () => {
			expect(await call('POST', '/webhooks', '{"webhooks":')).toEqual({
				status: 400,
				body: { code: 'BadRequest', message: expect.any(String) },
			});
			expect((await call('POST', '/webhooks', { webhook: HOOK })).status).toBe(400);
			expect(api.webhooks.size).toBe(0);
		});
	});

	it('lists all webhooks, or those matching $eq filters on code or endpoint', async () => {
		const other = { ...HOOK, code: 'other', endpoint: 'https://elsewhere.test/hook' };
		await create(HOOK, other);
		const list = async (filters?: unknown) =>
			call(
				'GET',
				filters === undefined ? '/webhooks' : `/webhooks?filters=${encodeURIComponent(JSON.stringify(filters))}`,
			);
		expect((await list()).body.webhooks.map((webhook: { code: string }) => webhook.code)).toEqual([
			'n8n-orders',
			'other',
		]);
		expect((await list({ code: { $eq: 'other' } })).body).toEqual({
			webhooks: [{ id: expect.any(String), ...other }],
		});
		expect((await list({ endpoint: { $eq: HOOK.endpoint } })).body.webhooks).toHaveLength(1);
		expect((await list({ code: { $eq: 'nope' } })).body).toEqual({ webhooks: [] });
		expect((await list({ name: { $like: 'n8n' } })).status).toBe(400);
	});

	it('updates a webhook partially with 204, and 404s an unknown id', async () => {
		const [id] = (await create(HOOK)).body.ids;
		const change = { active: false, events: [{ code: 'productUpdated' }] };
		expect(await call('POST', `/webhooks/${id}`, change)).toEqual({ status: 204, body: undefined });
		expect(api.webhooks.get(id)).toEqual({ id, ...HOOK, ...change });
		expect((await call('POST', `/webhooks/${id}`, { events: [{ code: 'nope' }] })).status).toBe(400);
		expect(await call('POST', '/webhooks/unknown-id', change)).toEqual({
			status: 404,
			body: { code: 'NotFound', message: 'Merchant or Webhook not found' },
		});
	});

	it('deletes a webhook once with 204, then answers 404', async () => {
		const [id] = (await create(HOOK)).body.ids;
		expect(await call('DELETE', `/webhooks/${id}`)).toEqual({ status: 204, body: undefined });
		expect(api.webhooks.size).toBe(0);
		expect(await call('DELETE', `/webhooks/${id}`)).toEqual({
			status: 404,
			body: { code: 'NotFound', message: 'Merchant or Webhook not found' },
		});
	});

	it('sends the test call with the token and a sample body, and reports the endpoint answer', async () => {
		const receiver = await startReceiver([
			{ status: 200, body: 'ok' },
			{ status: 500, body: 'broken' },
		]);
		try {
			const [id] = (await create({ ...HOOK, endpoint: receiver.url })).body.ids;
			expect(await call('POST', `/webhooks/${id}/test`)).toEqual({
				status: 200,
				body: { error: null, body: 'ok', statusCode: 200 },
			});
			expect(receiver.received[0].headers['shopgate-token']).toBe('the-webhook-token');
			expect(receiver.received[0].headers['content-type']).toBe('application/json');
			expect(JSON.parse(receiver.received[0].body)).toEqual({
				message: 'This is a test webhook call',
				webhookCode: 'n8n-orders',
				sample: { productCode: 'SAMPLE-1', catalogCode: 'SAMPLE' },
			});
			expect(await call('POST', `/webhooks/${id}/test`)).toEqual({
				status: 200,
				body: { error: expect.any(String), body: 'broken', statusCode: 500 },
			});
		} finally {
			await receiver.close();
		}
	});

	it('answers the current webhook token, and 404 to unknown routes', async () => {
		expect(await call('GET', '/webhookToken')).toEqual({ status: 200, body: { webhookToken: 'the-webhook-token' } });
		api.webhookToken = 'rotated';
		expect((await call('GET', '/webhookToken')).body).toEqual({ webhookToken: 'rotated' });
		expect(await call('GET', '/products')).toEqual({ status: 404, body: { code: 'NotFound', message: 'Not found' } });
		expect((await fetch(`${api.baseUrl}/elsewhere`)).status).toBe(404);
	});

	it('records every request with its path, parsed query and body, and authorization', async () => {
		const bearer = `Bearer ${await token()}`;
		const filters = JSON.stringify({ code: { $eq: 'x' } });
		await call('GET', `/webhooks?filters=${encodeURIComponent(filters)}`, undefined, bearer);
		expect(api.requests).toEqual([
			{
				method: 'POST',
				path: '/oauth/token',
				query: {},
				body: passwordGrant(),
				authorization: basic(api.clientId, api.clientSecret),
			},
			{
				method: 'GET',
				path: '/v1/merchants/theMerchant/webhooks',
				query: { filters },
				body: undefined,
				authorization: bearer,
			},
		]);
	});

	it('fails the next `count` /v1 requests but never token requests, and answers JSON in UTF-8', async () => {
		const bearer = `Bearer ${await token()}`;
		api.failNext(503, { code: 'ServiceUnavailable', message: 'Down' }, 2);
		expect(await token()).toMatch(/^[0-9a-f]+$/);
		expect((await create(HOOK)).status).toBe(503);
		expect(await call('GET', '/webhooks', undefined, bearer)).toEqual({
			status: 503,
			body: { code: 'ServiceUnavailable', message: 'Down' },
		});
		expect(api.webhooks.size).toBe(0);
		const response = await fetch(`${api.webhookServiceUrl}/webhooks`, { headers: { authorization: bearer } });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
	});

	it('fails one /v1 request after answering `answered` normally', async () => {
		const bearer = `Bearer ${await token()}`;
		api.failAfter(1, 502);
		expect((await call('GET', '/webhooks', undefined, bearer)).status).toBe(200);
		expect(await call('GET', '/webhooks', undefined, bearer)).toEqual({
			status: 502,
			body: { code: 'InternalServerError', message: 'Injected failure' },
		});
		expect((await call('GET', '/webhooks', undefined, bearer)).status).toBe(200);
	});

	it('holds a request open for status 0, and close() still ends it', async () => {
		api.failNext(0);
		const held = fetch(`${api.webhookServiceUrl}/webhooks`);
		while (api.requests.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
		await api.close();
		await expect(held).rejects.toThrow();
	});

	describe('order service: GET orders/{orderNumber} and fulfillmentOrders/{orderNumber}', () => {
		async function getOrder(path: string, authorization?: string | null) {
			const headers: Record<string, string> = {};
			const auth = authorization === undefined ? `Bearer ${await token()}` : authorization;
			if (auth !== null) headers.authorization = auth;
			const response = await fetch(`${api.orderServiceUrl}${path}`, { headers });
			return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
		}

		it('answers {order} and {fulfillmentOrder} by number, and 404 to an unknown number', async () => {
			expect(api.orderServiceUrl).toBe(`${api.baseUrl}/v1/merchants/theMerchant`);
			api.orders.set('0001', shopgateSalesOrder('0001'));
			api.fulfillmentOrders.set('1500-0001', shopgateFulfillmentOrder('1500-0001', '1500'));
			expect(await getOrder('/orders/0001')).toMatchObject({ status: 200, body: { order: shopgateSalesOrder('0001') } });
			expect(await getOrder('/fulfillmentOrders/1500-0001')).toMatchObject({
				status: 200,
				body: { fulfillmentOrder: { orderNumber: '1500-0001', salesOrderNumber: '1500' } },
			});
			expect(await getOrder('/orders/0002')).toMatchObject({ status: 404, body: { code: 'NotFound', message: 'Order 0002 not found' } });
			expect(await getOrder('/fulfillmentOrders/0001')).toMatchObject({ status: 404, body: { message: 'Fulfillment order 0001 not found' } });
			expect(api.requests.filter((request) => request.path.includes('rders/')).map((request) => request.path)).toEqual([
				'/v1/merchants/theMerchant/orders/0001',
				'/v1/merchants/theMerchant/fulfillmentOrders/1500-0001',
				'/v1/merchants/theMerchant/orders/0002',
				'/v1/merchants/theMerchant/fulfillmentOrders/0001',
			]);
		});

		it('answers 401 to a missing or unknown token, and 404 for another merchant', async () => {
			api.orders.set('0001', shopgateSalesOrder('0001'));
			expect((await getOrder('/orders/0001', null)).status).toBe(401);
			expect((await getOrder('/orders/0001', 'Bearer made-up')).status).toBe(401);
			const other = await fetch(`${api.baseUrl}/v1/merchants/otherMerchant/orders/0001`, { headers: { authorization: `Bearer ${await token()}` } });
			expect(other.status).toBe(404);
		});

		it('fails the next `count` order requests with the status, body and Retry-After given, and no other route', async () => {
			api.orders.set('0001', shopgateSalesOrder('0001'));
			api.failOrderRequests(429, { retryAfterSeconds: 2, count: 2 });
			expect((await call('GET', '/webhookToken')).status).toBe(200);
			expect(await getOrder('/orders/0001')).toEqual({ status: 429, retryAfter: '2', body: { code: 'Failure', message: 'Injected 429' } });
			expect((await getOrder('/orders/0001')).status).toBe(429);
			expect((await getOrder('/orders/0001')).status).toBe(200);
			api.failOrderRequests(503, { body: { code: 'ServiceUnavailable', message: 'Order service down' } });
			expect(await getOrder('/fulfillmentOrders/x')).toEqual({ status: 503, retryAfter: null, body: { code: 'ServiceUnavailable', message: 'Order service down' } });
		});

		it('holds order requests until released, then answers them', async () => {
			api.orders.set('0001', shopgateSalesOrder('0001'));
			const bearer = `Bearer ${await token()}`;
			const hold = api.holdOrderRequests();
			let answered = false;
			const held = getOrder('/orders/0001', bearer).then((answer) => {
				answered = true;
				return answer;
			});
			while (hold.held() < 1) await new Promise((resolve) => setTimeout(resolve, 5));
			expect((await call('GET', '/webhookToken', undefined, bearer)).status).toBe(200);
			expect(answered).toBe(false);
			hold.release();
			expect((await held).status).toBe(200);
			expect(hold.held()).toBe(0);
			expect((await getOrder('/orders/0001', bearer)).status).toBe(200);
		});
	});

	describe('deliver', () => {
		it('POSTs the envelope with the shopgate-token header to the first active subscribed webhook', async () => {
			const receiver = await startReceiver([{ status: 200, body: 'thanks' }]);
			try {
				api.webhooks.set('inactive', {
					...HOOK,
					id: 'inactive',
					code: 'off',
					endpoint: 'http://127.0.0.1:1',
					active: false,
				});
				const [id] = (await create({ ...HOOK, endpoint: receiver.url })).body.ids;
				const payload = { salesOrder: { orderNumber: 'SO-1' } };

				const attempt = await api.deliver('salesOrderAdded', payload, { id: 'delivery-1' });

				expect(attempt).toEqual({ status: 200, body: 'thanks', ms: expect.any(Number) });
				expect(receiver.received[0].headers['shopgate-token']).toBe('the-webhook-token');
				expect(receiver.received[0].headers['content-type']).toBe('application/json');
				expect(JSON.parse(receiver.received[0].body)).toEqual({
					id: 'delivery-1',
					date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
					webhookId: id,
					webhookCode: 'n8n-orders',
					eventCode: 'salesOrderAdded',
					tenantId: 'theMerchant',
					tenantType: 'merchant',
					payload,
				});
				expect(api.requests.some((request) => request.path === '/hook')).toBe(false);
			} finally {
				await receiver.close();
			}
		});

		it('honours token and endpoint overrides, and throws when nothing is subscribed', async () => {
			const receiver = await startReceiver();
			try {
				await api.deliver('productCreated', undefined, { endpoint: receiver.url, token: 'forged' });
				await api.deliver('productCreated', undefined, { endpoint: receiver.url, token: null });
				expect(receiver.received[0].headers['shopgate-token']).toBe('forged');
				expect(receiver.received[1].headers['shopgate-token']).toBeUndefined();
				expect(JSON.parse(receiver.received[0].body).payload).toEqual({});
				await expect(api.deliver('productCreated')).rejects.toThrow(/No active Shopgate webhook/);
			} finally {
				await receiver.close();
			}
		});

		it('retries the same id and date on 500 until an accepted answer, then stops', async () => {
			const receiver = await startReceiver([{ status: 500 }, { status: 500 }, { status: 204 }]);
			try {
				await create({ ...HOOK, endpoint: receiver.url });
				const attempts = await api.deliverWithRetries('salesOrderUpdated', { n: 1 }, [5, 5, 5, 5]);
				expect(attempts.map((attempt) => attempt.status)).toEqual([500, 500, 204]);
				const bodies = receiver.received.map((request) => request.body);
				expect(bodies).toHaveLength(3);
				expect(new Set(bodies).size).toBe(1);
			} finally {
				await receiver.close();
			}
		});

		it('counts no answer within the timeout as status 0, and so does a refused connection', async () => {
			const receiver = await startReceiver(['hang']);
			try {
				const attempt = await api.deliver('productUpdated', {}, { endpoint: receiver.url, timeoutMs: 50 });
				expect(attempt).toEqual({ status: 0, body: '', ms: expect.any(Number) });
				expect(attempt.ms).toBeGreaterThanOrEqual(45);
			} finally {
				await receiver.close();
			}
			expect((await api.deliver('productUpdated', {}, { endpoint: receiver.url })).status).toBe(0);
		});
	});
});
