import http from 'http';
import type { AddressInfo } from 'net';
import { startTikiApi, TIKI_EVENTS, type TikiApiMock } from '../../../dev/mocks/tikiApi';

let api: TikiApiMock;

beforeEach(async () => {
	api = await startTikiApi();
});

afterEach(async () => {
	await api.close();
});

function basic(id: string, secret: string): string {
	return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

async function requestToken(form: Record<string, string>, authorization?: string) {
	const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
	if (authorization !== undefined) headers.authorization = authorization;
	const response = await fetch(api.tokenUrl, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
	return { status: response.status, body: JSON.parse(await response.text()) };
}

async function token(): Promise<string> {
	const { body } = await requestToken({ grant_type: 'client_credentials' }, basic(api.clientId, api.clientSecret));
	return body.access_token;
}

async function call(method: string, path: string, body?: unknown, authorization?: string | null) {
	const headers: Record<string, string> = {};
	const auth = authorization === undefined ? `Bearer ${await token()}` : authorization;
	if (auth !== null) headers.authorization = auth;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(`${api.baseUrl}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const HOOK = { uri: 'https://n8n.test/webhook/tiki', event: 'product:request:approved' };

describe('startTikiApi', () => {
	it('listens on a free local port with the default client', () => {
		expect(api.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(api.tokenUrl).toBe(`${api.baseUrl}/sc/oauth2/token`);
		expect([api.clientId, api.clientSecret]).toEqual(['tiki-client-id', 'tiki-client-secret']);
		expect(TIKI_EVENTS).toContain('product:request:locked');
	});

	describe('POST /sc/oauth2/token', () => {
		it('issues a bearer token to a client using Basic auth, with the requested scope or "product"', async () => {
			const first = await requestToken(
				{ grant_type: 'client_credentials' },
				basic('tiki-client-id', 'tiki-client-secret'),
			);
			expect(first).toEqual({
				status: 200,
				body: {
					access_token: expect.stringMatching(/^[0-9a-f]+$/),
					expires_in: 3600,
					token_type: 'bearer',
					scope: 'product',
				},
			});
			const second = await requestToken(
				{ grant_type: 'client_credentials', scope: 'product inventory' },
				basic('tiki-client-id', 'tiki-client-secret'),
			);
			expect(second.body.scope).toBe('product inventory');
			expect(second.body.access_token).not.toBe(first.body.access_token);
			expect(api.tokensIssued).toBe(2);
		});

		it('rejects a wrong or missing client, and body fields when the app uses Basic', async () => {
			const invalid = {
				status: 401,
				body: { error: 'invalid_client', error_description: 'Client authentication failed' },
			};
			expect(await requestToken({ grant_type: 'client_credentials' }, basic('tiki-client-id', 'wrong'))).toEqual(
				invalid,
			);
			expect(await requestToken({ grant_type: 'client_credentials' })).toEqual(invalid);
			expect(
				await requestToken({
					grant_type: 'client_credentials',
					client_id: 'tiki-client-id',
					client_secret: 'tiki-client-secret',
				}),
			).toEqual(invalid);
			expect(api.tokensIssued).toBe(0);
		});

		it('authenticates through form fields when the app uses body auth, and then refuses Basic', async () => {
			await api.close();
			api = await startTikiApi({ clientId: 'app', clientSecret: 's3cret', clientAuthentication: 'body' });
			const ok = await requestToken({ grant_type: 'client_credentials', client_id: 'app', client_secret: 's3cret' });
			expect(ok.status).toBe(200);
			expect((await requestToken({ grant_type: 'client_credentials' }, basic('app', 's3cret'))).status).toBe(401);
			expect(
				(await requestToken({ grant_type: 'client_credentials', client_id: 'app', client_secret: 'nope' })).status,
			).toBe(401);
			expect(api.tokensIssued).toBe(1);
		});

		it('rejects any grant other than client_credentials', async () => {
			expect(await requestToken({ grant_type: 'password' }, basic(api.clientId, api.clientSecret))).toEqual({
				status: 400,
				body: { error: 'unsupported_grant_type' },
			});
			expect(api.tokensIssued).toBe(0);
		});
	});

	it('requires a bearer token this server issued on every /integration route', async () => {
		const unauthorized = { status: 401, body: { error: { id: 'unauthorized', message: 'Unauthorized' } } };
		expect(await call('GET', '/integration/v1/webhooks', undefined, null)).toEqual(unauthorized);
		expect(await call('GET', '/integration/v1/webhooks', undefined, 'Bearer made-up')).toEqual(unauthorized);
		expect(await call('POST', '/integration/v1/webhooks', HOOK, basic(api.clientId, api.clientSecret))).toEqual(
			unauthorized,
		);
		expect(await call('GET', '/integration/nowhere', undefined, null)).toEqual(unauthorized);
		expect(api.webhooks.size).toBe(0);
	});

	it('registers one webhook per event, then answers 409', async () => {
		expect(await call('POST', '/integration/v1/webhooks', HOOK)).toEqual({ status: 200, body: HOOK });
		expect(api.webhooks.get(HOOK.event)).toEqual(HOOK);
		expect(await call('POST', '/integration/v1/webhooks', { ...HOOK, uri: 'https://other.test' })).toEqual({
			status: 409,
			body: { error: { message: 'Webhook for this event has been registered. Please update it instead.' } },
		});
		expect(api.webhooks.get(HOOK.event)?.uri).toBe(HOOK.uri);
	});

	it.each([
		['an unknown event', { uri: 'https://a.test', event: 'product:request:exploded' }, 'Invalid event'],
		['a missing event', { uri: 'https://a.test' }, 'Invalid event'],
		['a uri without http(s)', { uri: 'ftp://a.test', event: 'product:request:locked' }, 'Invalid URI'],
		['a missing uri', { event: 'product:request:locked' }, 'Invalid URI'],
		['a body that is not JSON', '{"uri":', 'Invalid JSON'],
	])('rejects %s with 400 on POST and PUT', async (_, body, message) => {
		expect(await call('POST', '/integration/v1/webhooks', body)).toEqual({ status: 400, body: { error: { message } } });
		expect(await call('PUT', '/integration/v1/webhooks', body)).toEqual({ status: 400, body: { error: { message } } });
		expect(api.webhooks.size).toBe(0);
	});

	it('lists webhooks, including pre-filled ones', async () => {
		api.webhooks.set('product:request:locked', { uri: 'http://pre.test', event: 'product:request:locked' });
		await call('POST', '/integration/v1/webhooks', HOOK);
		expect(await call('GET', '/integration/v1/webhooks')).toEqual({
			status: 200,
			body: { data: [{ uri: 'http://pre.test', event: 'product:request:locked' }, HOOK] },
		});
	});

	it('updates the uri of a registered event, and 404s for an unregistered one', async () => {
		expect(await call('PUT', '/integration/v1/webhooks', HOOK)).toEqual({
			status: 404,
			body: { error: { message: 'Webhook not found' } },
		});
		await call('POST', '/integration/v1/webhooks', HOOK);
		const moved = { ...HOOK, uri: 'http://moved.test/hook' };
		expect(await call('PUT', '/integration/v1/webhooks', moved)).toEqual({ status: 200, body: moved });
		expect([...api.webhooks.values()]).toEqual([moved]);
	});

	it('deletes by event once, then answers 404', async () => {
		await call('POST', '/integration/v1/webhooks', HOOK);
		const path = `/integration/v1/webhooks?event=${encodeURIComponent(HOOK.event)}`;
		expect(await call('DELETE', path)).toEqual({ status: 200, body: {} });
		expect(api.webhooks.size).toBe(0);
		expect(await call('DELETE', path)).toEqual({ status: 404, body: { error: { message: 'Webhook not found' } } });
		expect(await call('DELETE', '/integration/v1/webhooks')).toEqual({
			status: 404,
			body: { error: { message: 'Webhook not found' } },
		});
	});

	it('grants delivery credentials, rejecting empty or non-string ones', async () => {
		const path = '/integration/v1/webhooks/credentials';
		const invalid = { status: 400, body: { error: { message: 'Invalid credentials' } } };
		expect(await call('PUT', path, { id: '', secret: 'x' })).toEqual(invalid);
		expect(await call('PUT', path, { id: 'n8n', secret: 42 })).toEqual(invalid);
		expect(await call('PUT', path, 'nope')).toEqual({ status: 400, body: { error: { message: 'Invalid JSON' } } });
		expect(api.credentials).toBeUndefined();
		expect(await call('PUT', path, { id: 'n8n', secret: 'hush' })).toEqual({ status: 200, body: { id: 'n8n' } });
		expect(api.credentials).toEqual({ id: 'n8n', secret: 'hush' });
	});

	it('answers 404 to unknown routes and methods', async () => {
		const notFound = { status: 404, body: { error: { message: 'Not found' } } };
		expect(await call('GET', '/integration/v1/products')).toEqual(notFound);
		expect(await call('PATCH', '/integration/v1/webhooks', HOOK)).toEqual(notFound);
		expect(await call('GET', '/integration/v1/webhooks/credentials')).toEqual(notFound);
		expect(await call('GET', '/sc/oauth2/token', undefined, null)).toEqual(notFound);
	});

	it('records every request, token ones too, with query and parsed body', async () => {
		const bearer = `Bearer ${await token()}`;
		await call('DELETE', '/integration/v1/webhooks?event=product%3Arequest%3Alocked&x=1', undefined, bearer);
		await call('POST', '/integration/v1/webhooks', 'not json', bearer);
		expect(api.requests).toEqual([
			{
				method: 'POST',
				path: '/sc/oauth2/token',
				query: {},
				body: { grant_type: 'client_credentials' },
				authorization: basic(api.clientId, api.clientSecret),
			},
			{
				method: 'DELETE',
				path: '/integration/v1/webhooks',
				query: { event: 'product:request:locked', x: '1' },
				body: undefined,
				authorization: bearer,
			},
			{ method: 'POST', path: '/integration/v1/webhooks', query: {}, body: 'not json', authorization: bearer },
		]);
	});

	it('answers UTF-8 JSON, so Vietnamese text survives', async () => {
		const response = await fetch(`${api.baseUrl}/integration/v1/webhooks/credentials`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
			body: JSON.stringify({ id: 'Sản phẩm đã duyệt', secret: 'x' }),
		});
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(await response.json()).toEqual({ id: 'Sản phẩm đã duyệt' });
	});

	it('fails the next `count` /integration requests but never token requests', async () => {
		const bearer = `Bearer ${await token()}`;
		api.failNext(503, { error: { message: 'Down' } }, 2);
		expect(await token()).toMatch(/^[0-9a-f]+$/);
		expect(await call('POST', '/integration/v1/webhooks', HOOK, bearer)).toEqual({
			status: 503,
			body: { error: { message: 'Down' } },
		});
		expect((await call('GET', '/integration/v1/webhooks', undefined, bearer)).status).toBe(503);
		expect(api.webhooks.size).toBe(0);
		expect((await call('GET', '/integration/v1/webhooks', undefined, bearer)).status).toBe(200);

		api.failNext(500);
		expect(await call('GET', '/integration/v1/webhooks', undefined, bearer)).toEqual({
			status: 500,
			body: { error: { message: 'Injected failure' } },
		});
	});

	it('fails one /integration request after answering `answered` normally', async () => {
		const bearer = `Bearer ${await token()}`;
		api.failAfter(1, 502);
		expect((await call('POST', '/integration/v1/webhooks', HOOK, bearer)).status).toBe(200);
		expect((await call('GET', '/integration/v1/webhooks', undefined, bearer)).status).toBe(502);
		expect((await call('GET', '/integration/v1/webhooks', undefined, bearer)).status).toBe(200);
	});

	it('holds a request open for status 0, and close() still ends it', async () => {
		const bearer = `Bearer ${await token()}`;
		api.failNext(0);
		const held = fetch(`${api.baseUrl}/integration/v1/webhooks`, { headers: { authorization: bearer } });
		while (api.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
		await api.close();
		await expect(held).rejects.toThrow();
	});

	describe('deliver', () => {
		let receiver: http.Server;
		let receiverUrl: string;
		let received: Array<{ method?: string; headers: http.IncomingHttpHeaders; body: string }>;

		beforeEach(async () => {
			received = [];
			receiver = http.createServer((req, res) => {
				const chunks: Buffer[] = [];
				req.on('data', (chunk: Buffer) => chunks.push(chunk));
				req.on('end', () => {
					received.push({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
					res.writeHead(202, { 'X-Receiver': 'yes' }).end('accepted');
				});
			});
			await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
			receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
		});

		afterEach(async () => {
			await new Promise((resolve) => {
				receiver.close(resolve);
				receiver.closeAllConnections();
			});
		});

		it('POSTs {id, event, payload} to the registered uri with the granted Basic pair', async () => {
			await call('POST', '/integration/v1/webhooks', { uri: receiverUrl, event: 'product:request:rejected' });
			await call('PUT', '/integration/v1/webhooks/credentials', { id: 'n8n', secret: 'hush' });
			const payload = { sku: 'ABC', reason: 'Ảnh sản phẩm không rõ ràng' };

			const result = await api.deliver('product:request:rejected', payload, { id: 'delivery-1' });

			expect(result).toEqual({
				status: 202,
				body: 'accepted',
				headers: expect.objectContaining({ 'x-receiver': 'yes' }),
			});
			expect(received).toHaveLength(1);
			expect(received[0].method).toBe('POST');
			expect(received[0].headers.authorization).toBe(basic('n8n', 'hush'));
			expect(received[0].headers['content-type']).toBe('application/json');
			expect(JSON.parse(received[0].body)).toEqual({ id: 'delivery-1', event: 'product:request:rejected', payload });
		});

		it('defaults to a random id and an empty payload, and honours authorization and uri overrides', async () => {
			await api.deliver('product:request:locked', undefined, { uri: receiverUrl, authorization: 'Basic Zm9vOmJhcg==' });
			await api.deliver('product:request:locked', { a: 1 }, { uri: receiverUrl, authorization: null });
			const first = JSON.parse(received[0].body);
			expect(first).toEqual({
				id: expect.stringMatching(/^[0-9a-f-]{36}$/),
				event: 'product:request:locked',
				payload: {},
			});
			expect(received[0].headers.authorization).toBe('Basic Zm9vOmJhcg==');
			expect(received[1].headers.authorization).toBeUndefined();
			expect(JSON.parse(received[1].body).id).not.toBe(first.id);
		});

		it('throws without a registered uri or a granted pair', async () => {
			await expect(api.deliver('product:request:approved')).rejects.toThrow(/No Tiki webhook registered/);
			api.webhooks.set('product:request:approved', { uri: receiverUrl, event: 'product:request:approved' });
			await expect(api.deliver('product:request:approved')).rejects.toThrow(/No webhook credentials/);
			expect(received).toHaveLength(0);
		});
	});
});
