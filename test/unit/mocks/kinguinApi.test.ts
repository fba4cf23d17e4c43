import { kinguinKey, kinguinOrder, startKinguinApi } from '../../../dev/mocks/kinguinApi';
import type { KinguinApiMock } from '../../../dev/mocks/kinguinApi';

/** The mock speaks Kinguin's eCommerce API as PROVIDERS.md records it, so tests of the trigger can rely on it. */
describe('Kinguin eCommerce API mock', () => {
	let api: KinguinApiMock;

	beforeEach(async () => {
		api = await startKinguinApi();
	});

	afterEach(async () => {
		await api.close();
	});

	async function get(path: string, apiKey: string | null = api.apiKey) {
		const response = await fetch(`${api.baseUrl}${path}`, { headers: apiKey === null ? {} : { 'X-Api-Key': apiKey } });
		const text = await response.text();
		return { status: response.status, headers: Object.fromEntries(response.headers), body: text ? (JSON.parse(text) as unknown) : undefined };
	}

	it('serves the order, its keys, the product and the balance below /esa/api with the right X-Api-Key', async () => {
		expect(api.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/esa\/api$/);
		expect(await get('/v1/order/PHS84FJAG5U')).toMatchObject({ status: 200, body: kinguinOrder() });
		expect(await get('/v2/order/PHS84FJAG5U/keys')).toMatchObject({ status: 200, body: [kinguinKey()] });
		expect(await get('/v1/products/1949')).toMatchObject({ status: 200, body: expect.objectContaining({ kinguinId: 1949, name: 'Counter-Strike: Source Steam CD Key', offers: expect.any(Array) }) });
		expect(await get('/v1/balance')).toMatchObject({ status: 200, body: { balance: 12.45 } });
		expect(api.requests.map((request) => request.path)).toEqual([
			'/esa/api/v1/order/PHS84FJAG5U',
			'/esa/api/v2/order/PHS84FJAG5U/keys',
			'/esa/api/v1/products/1949',
			'/esa/api/v1/balance',
		]);
		expect(api.requests.every((request) => request.apiKey === api.apiKey)).toBe(true);
	});

	it('answers a wrong or missing key with 401 and kind "Authorization", as Kinguin documents', async () => {
		const unauthorized = { kind: 'Authorization', status: 401, detail: 'Invalid authentication data.', type: 'Unauthorized' };
		expect(await get('/v1/order/PHS84FJAG5U', 'wrong')).toMatchObject({ status: 401, body: unauthorized });
		expect(await get('/v1/balance', null)).toMatchObject({ status: 401, body: unauthorized });
	});

	it("answers an unknown order, its keys or an unknown product with 404 and Kinguin's error object", async () => {
		expect(await get('/v1/order/NOPE')).toMatchObject({ status: 404, body: { kind: 'OrderNotFound', status: 404, detail: 'Order "NOPE" not found' } });
		expect(await get('/v2/order/NOPE/keys')).toMatchObject({ status: 404, body: { kind: 'OrderNotFound' } });
		expect(await get('/v1/products/7')).toMatchObject({ status: 404, body: { status: 404, detail: 'Product not found' } });
	});

	it('pages keys by page and limit, at most 100 a page', async () => {
		api.orders.set('BIG', kinguinOrder('BIG'));
		api.keys.set('BIG', Array.from({ length: 130 }, (_, index) => kinguinKey(`serial-${index}`)));
		const first = await get('/v2/order/BIG/keys?page=1&limit=500');
		const second = await get('/v2/order/BIG/keys?page=2&limit=100');
		expect((first.body as unknown[]).length).toBe(100);
		expect((second.body as Array<{ serial: string }>).map((key) => key.serial)).toEqual(Array.from({ length: 30 }, (_, index) => `serial-${index + 100}`));
		expect(((await get('/v2/order/BIG/keys')).body as unknown[]).length).toBe(25);
	});

	it('fails the next requests as programmed: 429 with Retry-After, then 503, then answers normally', async () => {
		api.failNext(429, { retryAfter: 2 });
		api.failNext(503, { count: 2 });
		const limited = await get('/v1/order/PHS84FJAG5U');
		expect(limited).toMatchObject({ status: 429, headers: { 'retry-after': '2' }, body: { status: 429, title: 'Too Many Requests' } });
		expect((await get('/v1/order/PHS84FJAG5U')).status).toBe(503);
		expect((await get('/v1/order/PHS84FJAG5U')).status).toBe(503);
		expect((await get('/v1/order/PHS84FJAG5U')).status).toBe(200);
	});

	it('does not spend a programmed failure on a request with a bad key', async () => {
		api.failNext(503);
		expect((await get('/v1/balance', 'wrong')).status).toBe(401);
		expect((await get('/v1/balance')).status).toBe(503);
	});

	it('holds a request until released, and answers it then', async () => {
		const held = api.hold('/v1/order/PHS84FJAG5U');
		let answered = false;
		const pending = get('/v1/order/PHS84FJAG5U').then((answer) => {
			answered = true;
			return answer;
		});
		await held.reached;
		expect((await get('/v1/products/1949')).status).toBe(200);
		expect(answered).toBe(false);
		held.release();
		expect(await pending).toMatchObject({ status: 200, body: { orderId: 'PHS84FJAG5U' } });
		expect((await get('/v1/order/PHS84FJAG5U')).status).toBe(200);
	});
});
