import { NodeOperationError } from 'n8n-workflow';

import { secretDigest } from '../../../nodes/shared';
import { SHOPGATE_PRODUCT_CREATED, shopgateEnvelope } from '../../../dev/fixtures/shopgate';
import { stateIn } from '../../../dev/nodeInN8nCore';
import { startShopgateApi } from '../../../dev/mocks/shopgateApi';
import { activatedShopgateTrigger, shopgateTrigger, TOKEN } from './shopgateTriggerInCore';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const headers = (token: string | null = TOKEN) => ({
	'content-type': 'application/json',
	...(token === null ? {} : { 'shopgate-token': token }),
});

describe('Shopgate Trigger: valid deliveries', () => {
	it('answers 204 and emits the typed envelope of the seed', async () => {
		const { response, items } = await activatedShopgateTrigger().deliver({ headers: headers(), rawBody: SHOPGATE_PRODUCT_CREATED });
		expect(response).toMatchObject({ status: 204, ended: true });
		expect(items).toEqual([
			{
				deliveryId: '34caaaf2-15b5-4aca-8f71-dfd0b287b116',
				eventCode: 'productCreated',
				webhookCode: 'productCreatedMagento',
				tenantId: 'theMerchant#1',
				tenantType: 'merchant',
				date: '2021-03-02T10:52:20.952Z',
				payload: { catalogCode: 'NARetail', productCode: '24-MB01', user: 'api@merchant.example' },
				isTest: false,
				receivedAt: expect.stringMatching(ISO),
			},
		]);
	});

	it('passes an undocumented payload through as an object', async () => {
		const { items } = await activatedShopgateTrigger({ events: ['salesOrderAdded'] }).deliver({
			headers: headers(),
			rawBody: shopgateEnvelope('salesOrderAdded', { orderNumber: 'SO-1', lines: [{ sku: 'a', quantity: 2 }] }),
		});
		expect(items[0].payload).toEqual({ orderNumber: 'SO-1', lines: [{ sku: 'a', quantity: 2 }] });
	});

	it('emits the "test webhook" sample, which lacks the envelope, with isTest', async () => {
		const sample = { message: 'This is a test webhook call', webhookCode: 'x', sample: { productCode: 'SAMPLE-1' } };
		const { response, items } = await activatedShopgateTrigger().deliver({ headers: headers(), rawBody: JSON.stringify(sample) });
		expect(response.status).toBe(204);
		expect(items).toEqual([{ isTest: true, body: sample, receivedAt: expect.stringMatching(ISO) }]);
	});
});

describe('Shopgate Trigger: authentication', () => {
	it('answers 401 to a missing token without asking Shopgate', async () => {
		const { response, result } = await activatedShopgateTrigger().deliver({ headers: headers(null), rawBody: SHOPGATE_PRODUCT_CREATED });
		expect(response.status).toBe(401);
		expect(result.workflowData).toBeUndefined();
	});

	it('re-reads a rotated token once, accepts it, and refuses other tokens without asking again within the minute', async () => {
		const shopgate = await startShopgateApi({ webhookToken: 'rotated-token-abcdef0123456789' });
		try {
			const trigger = activatedShopgateTrigger({}, { baseUrl: shopgate.baseUrl });
			const rotated = await trigger.deliver({ headers: headers('rotated-token-abcdef0123456789'), rawBody: SHOPGATE_PRODUCT_CREATED });
			expect(rotated.response.status).toBe(204);
			expect(stateIn(trigger.workflow.staticData)).toMatchObject({ tokenDigest: secretDigest('rotated-token-abcdef0123456789') });
			const reads = () => shopgate.requests.filter((request) => request.path.endsWith('/webhookToken')).length;
			expect(reads()).toBe(1);

			for (const forged of ['forged-1', 'forged-2', 'forged-3']) {
				const { response, result } = await trigger.deliver({ headers: headers(forged), rawBody: shopgateEnvelope('productCreated', {}, forged) });
				expect(response.status).toBe(401);
				expect(result.workflowData).toBeUndefined();
			}
			expect(reads()).toBe(1);
		} finally {
			await shopgate.close();
		}
	});

	it('fails as a configuration error when activation fetched no token', async () => {
		await expect(shopgateTrigger().deliver({ headers: headers(), rawBody: SHOPGATE_PRODUCT_CREATED })).rejects.toThrow(NodeOperationError);
	});

	it('with "Only Accept Shopgate\'s IPs", accepts the environment\'s address (also IPv4-mapped) and refuses others', async () => {
		const trigger = activatedShopgateTrigger({ onlyShopgateIps: true });
		const from = (ip: string) => trigger.deliver({ ip, headers: headers(), rawBody: shopgateEnvelope('productCreated', { catalogCode: 'c', productCode: 'p' }, `ip-${ip}`) });
		expect((await from('35.195.40.181')).response.status).toBe(204);
		expect((await from('::ffff:35.195.40.181')).response.status).toBe(204);
		expect((await from('35.205.144.206')).response.status).toBe(401);
		expect((await from('127.0.0.1')).response.status).toBe(401);
		const staging = activatedShopgateTrigger({ onlyShopgateIps: true }, { credential: { environment: 'staging' } });
		expect((await staging.deliver({ ip: '35.205.144.206', headers: headers(), rawBody: SHOPGATE_PRODUCT_CREATED })).response.status).toBe(204);
	});
});

describe('Shopgate Trigger: events, bodies and retries', () => {
	it('acknowledges an event that is not selected and runs nothing', async () => {
		const { response, result } = await activatedShopgateTrigger({ events: ['salesOrderAdded'] }).deliver({ headers: headers(), rawBody: SHOPGATE_PRODUCT_CREATED });
		expect(response.status).toBe(204);
		expect(result.workflowData).toBeUndefined();
	});

	it('answers 400 to a body that is not JSON, and to a documented payload missing a field', async () => {
		const notJson = await activatedShopgateTrigger().deliver({ headers: headers(), rawBody: '{"id":' });
		expect(notJson.response.status).toBe(400);
		const missing = await activatedShopgateTrigger().deliver({ headers: headers(), rawBody: shopgateEnvelope('productCreated', { catalogCode: 'c' }) });
		expect(missing.response).toMatchObject({ status: 400, body: { error: 'payload.productCode: Required' } });
	});

	it('emits a delivery id once however often Shopgate retries it, answering 2xx to every repeat', async () => {
		const trigger = activatedShopgateTrigger();
		const first = await trigger.deliver({ headers: headers(), rawBody: SHOPGATE_PRODUCT_CREATED });
		expect(first.items).toHaveLength(1);
		for (let retry = 0; retry < 10; retry++) {
			const again = await trigger.deliver({ headers: headers(), rawBody: SHOPGATE_PRODUCT_CREATED });
			expect(again.response.status).toBe(204);
			expect(again.items).toHaveLength(0);
		}
	});
});
