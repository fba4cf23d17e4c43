import { NodeOperationError } from 'n8n-workflow';

import { SHOPKIT_ORDER_CREATED, SHOPKIT_PRODUCT_UPDATED, shopkitHeaders, shopkitOrder, shopkitSignature } from '../../../dev/fixtures/shopkit';
import { hmacSha256HexMatches } from '../../../nodes/shared/inbound/secrets';
import { atTimes } from '../atTimes';
import { activatedShopkitTrigger, SHOPKIT_TEST_SECRET } from './shopkitTriggerInCore';

/** The client secret of the store's Shopkit app, as the credential's App Client Secret holds it. */
const CLIENT_SECRET = 'shopkit-app-client-secret-0123456789';

type Trigger = ReturnType<typeof activatedShopkitTrigger>;

function deliver(trigger: Trigger, body: string | Buffer, signature: string | undefined, query: Record<string, string> = { secret: SHOPKIT_TEST_SECRET }) {
	const headers = shopkitHeaders('order_created', signature === undefined ? {} : { 'x-webhook-signature': signature });
	return trigger.deliver({ headers, rawBody: body, query });
}

const signed = (parameters = {}) => activatedShopkitTrigger(parameters, undefined, CLIENT_SECRET);

describe('Shopkit Trigger: X-Webhook-Signature with an App Client Secret', () => {
	it('emits a delivery signed over its raw bytes, whitespace and all', async () => {
		const { response, items } = await deliver(signed(), SHOPKIT_ORDER_CREATED, shopkitSignature(SHOPKIT_ORDER_CREATED, CLIENT_SECRET));
		expect(response.status).toBe(204);
		expect(items).toEqual([expect.objectContaining({ event: 'order_created', orderId: 1337 })]);
	});

	it('accepts the signature in capitals, as hex reads either way', async () => {
		const body = shopkitOrder(71);
		const { items } = await deliver(signed(), body, shopkitSignature(body, CLIENT_SECRET).toUpperCase());
		expect(items).toHaveLength(1);
	});

	it.each([
		['missing', () => undefined],
		['made with another secret', (body: string) => shopkitSignature(body, 'another-app-secret')],
		['not hex', () => 'not-a-signature'],
		['one hex digit short', (body: string) => shopkitSignature(body, CLIENT_SECRET).slice(1)],
		['right, but over other bytes (the same order re-serialised)', (body: string) => shopkitSignature(JSON.stringify(JSON.parse(body)), CLIENT_SECRET)],
		['right, but for another delivery', () => shopkitSignature(SHOPKIT_PRODUCT_UPDATED, CLIENT_SECRET)],
	])('answers 401 and runs nothing when the signature is %s', async (_case, signatureFor) => {
		const { response, result } = await deliver(signed(), SHOPKIT_ORDER_CREATED, signatureFor(SHOPKIT_ORDER_CREATED));
		expect(response).toMatchObject({ status: 401, body: 'Unauthorized' });
		expect(result.workflowData).toBeUndefined();
	});

	it('accepts a delivery signed with an App Client Secret saved in the credential since, on the first delivery that carries it', async () => {
		const ROTATED = 'rotated-app-client-secret-0123456789';
		const trigger = signed();
		const [before, rotated, old] = await atTimes([0, 5_000, 5_001], async (offset) => {
			const body = shopkitOrder(80 + offset);
			if (offset === 0) return deliver(trigger, body, shopkitSignature(body, CLIENT_SECRET));
			trigger.saveCredential('shopkitApi', { apiKey: 'shopkit-test-key', baseUrl: 'http://127.0.0.1:1/v1', appClientSecret: ROTATED });
			return deliver(trigger, body, shopkitSignature(body, offset === 5_000 ? ROTATED : CLIENT_SECRET));
		});
		expect(before.items).toHaveLength(1);
		expect(rotated.items).toEqual([expect.objectContaining({ orderId: 5_080 })]);
		expect(old.response.status).toBe(401);
	});

	it('still needs the URL secret: a right signature without it is refused', async () => {
		const body = shopkitOrder(72);
		const { response, result } = await deliver(signed(), body, shopkitSignature(body, CLIENT_SECRET), { secret: 'b'.repeat(64) });
		expect(response.status).toBe(401);
		expect(result.workflowData).toBeUndefined();
	});

	it('refuses a request without the URL secret before reading its body', async () => {
		const body = Buffer.from(shopkitOrder(73));
		let read = false;
		const watched = new Proxy(body, {
			get(target, property) {
				read = true;
				return Reflect.get(target, property, target);
			},
		});
		const { response } = await deliver(signed(), watched, shopkitSignature(body, CLIENT_SECRET), {});
		expect(response.status).toBe(401);
		expect(read).toBe(false);
		// the watch sees a read: with the URL secret, the signature check reads the body
		await deliver(signed(), watched, shopkitSignature(body, CLIENT_SECRET)).catch(() => undefined);
		expect(read).toBe(true);
	});

	it('stops a test listen with an error naming the signature, never the secret', async () => {
		const trigger = activatedShopkitTrigger({}, undefined, CLIENT_SECRET);
		const body = shopkitOrder(74);
		const headers = shopkitHeaders('order_created', { 'x-webhook-signature': shopkitSignature(body, 'wrong') });
		const response = { headers: {}, ended: false } as { headers: Record<string, string>; ended: boolean; status?: number };
		const refused = trigger.deliver({ headers, rawBody: body, query: { secret: SHOPKIT_TEST_SECRET } }, 'manual', response);
		await expect(refused).rejects.toThrow(NodeOperationError);
		await expect(refused).rejects.toThrow(/X-Webhook-Signature header does not match the HMAC-SHA256 of its body keyed with the App Client Secret/);
		await expect(refused).rejects.not.toThrow(CLIENT_SECRET);
		expect(response.status).toBe(401);
	});
});

describe('Shopkit Trigger: without an App Client Secret', () => {
	it('authenticates by the URL secret alone, whatever signature a delivery carries or lacks', async () => {
		const trigger = activatedShopkitTrigger({ events: ['order_created'] });
		expect((await deliver(trigger, shopkitOrder(80), undefined)).items).toHaveLength(1);
		expect((await deliver(trigger, shopkitOrder(81), 'not-a-signature')).items).toHaveLength(1);
		expect((await deliver(trigger, shopkitOrder(82), undefined, { secret: 'b'.repeat(64) })).response.status).toBe(401);
	});
});

describe('hmacSha256HexMatches', () => {
	const data = Buffer.from('{"order":{"id":1}}');
	const hex = shopkitSignature(data, 'key');

	it('matches the hex HMAC-SHA256 of the bytes under the key, in either case and with surrounding spaces', () => {
		expect(hmacSha256HexMatches('key', data, hex)).toBe(true);
		expect(hmacSha256HexMatches('key', data, ` ${hex.toUpperCase()} `)).toBe(true);
	});

	it('matches nothing else: another key, other bytes, another length, no signature, no key', () => {
		expect(hmacSha256HexMatches('other', data, hex)).toBe(false);
		expect(hmacSha256HexMatches('key', Buffer.from('{"order":{"id":2}}'), hex)).toBe(false);
		expect(hmacSha256HexMatches('key', data, `${hex}00`)).toBe(false);
		expect(hmacSha256HexMatches('key', data, hex.slice(0, 62))).toBe(false);
		expect(hmacSha256HexMatches('key', data, undefined)).toBe(false);
		expect(hmacSha256HexMatches('', data, shopkitSignature(data, ''))).toBe(false);
	});
});
