import { secretDigest } from '../../../nodes/shared/inbound/secrets';
import { SHOPGATE_DELIVERY, SHOPGATE_PRODUCT_CREATED, shopgateEnvelope } from '../../../dev/fixtures/shopgate';
import { stateIn, staticDataWith } from '../../../dev/nodeInN8nCore';
import { startShopgateApi } from '../../../dev/mocks/shopgateApi';
import { atTimes } from '../atTimes';
import { expectAnsweredWhileRegistering } from '../whileRegistering';
import { activatedShopgateTrigger, shopgateTrigger, TOKEN } from './shopgateTriggerInCore';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const headers = (token: string | null = TOKEN) => ({
	'content-type': 'application/json',
	...(token === null ? {} : { 'shopgate-token': token }),
});

describe('Shopgate Trigger: valid deliveries', () => {
	it('answers 204 and emits the typed envelope of the seed, delivered by its webhook', async () => {
		const { response, items } = await activatedShopgateTrigger().deliver({ headers: headers(), rawBody: SHOPGATE_DELIVERY });
		expect(response).toMatchObject({ status: 204, ended: true });
		expect(items).toEqual([
			{
				deliveryId: 'a7d3c1e0-0000-4000-8000-000000000001',
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

	it('reads numbers sent where text is documented as text', async () => {
		const { items } = await activatedShopgateTrigger().deliver({
			headers: headers(),
			rawBody: shopgateEnvelope('fulfillmentOrderAdded', { locationCode: 7, fulfillmentOrderNumber: 1001, customerId: 42 }),
		});
		expect(items[0]).toMatchObject({ payload: { locationCode: '7', fulfillmentOrderNumber: '1001', customerId: '42' }, isTest: false });
		expect(items[0]).not.toHaveProperty('payloadIssues');
	});
});

describe('Shopgate Trigger: the "test webhook" call (POST /webhooks/{id}/test)', () => {
	it('emits a sample without the envelope with isTest', async () => {
		const sample = { message: 'This is a test webhook call', webhookCode: 'x', sample: { productCode: 'SAMPLE-1' } };
		const { response, items } = await activatedShopgateTrigger().deliver({ headers: headers(), rawBody: JSON.stringify(sample) });
		expect(response.status).toBe(204);
		expect(items).toEqual([{ isTest: true, body: sample, receivedAt: expect.stringMatching(ISO) }]);
	});

	it("emits a sample that carries the envelope with the guide's ids with isTest, whatever its payload and even when rejecting", async () => {
		const trigger = activatedShopgateTrigger({ invalidPayloads: 'reject' });
		for (let click = 0; click < 2; click++) {
			const { response, items } = await trigger.deliver({ headers: headers(), rawBody: SHOPGATE_PRODUCT_CREATED });
			expect(response.status).toBe(204);
			expect(items).toEqual([expect.objectContaining({ deliveryId: '34caaaf2-15b5-4aca-8f71-dfd0b287b116', eventCode: 'productCreated', isTest: true })]);
		}
		const sample = JSON.stringify({ ...JSON.parse(SHOPGATE_PRODUCT_CREATED), eventCode: 'salesOrderAdded', payload: { note: 'sample' } });
		expect((await trigger.deliver({ headers: headers(), rawBody: sample })).items).toEqual([expect.objectContaining({ eventCode: 'salesOrderAdded', isTest: true })]);
	});

	it('emits an envelope naming another webhook than the one the node registered with isTest', async () => {
		const other = shopgateEnvelope('productCreated', { catalogCode: 'c', productCode: 'p' }, 'sample-1', 'another-webhook');
		const { items } = await activatedShopgateTrigger().deliver({ headers: headers(), rawBody: other });
		expect(items).toEqual([expect.objectContaining({ deliveryId: 'sample-1', isTest: true })]);
	});
});

describe('Shopgate Trigger: authentication', () => {
	it('answers 401 to a missing token without asking Shopgate', async () => {
		const { response, result } = await activatedShopgateTrigger().deliver({ headers: headers(null), rawBody: SHOPGATE_DELIVERY });
		expect(response.status).toBe(401);
		expect(result.workflowData).toBeUndefined();
	});

	it('re-reads a rotated token once, accepts it, and refuses other tokens without asking again within the minute', async () => {
		const shopgate = await startShopgateApi({ webhookToken: 'rotated-token-abcdef0123456789' });
		try {
			const trigger = activatedShopgateTrigger({}, { baseUrl: shopgate.baseUrl });
			const rotated = await trigger.deliver({ headers: headers('rotated-token-abcdef0123456789'), rawBody: SHOPGATE_DELIVERY });
			expect(rotated.response.status).toBe(204);
			// kept in the process, never written by a delivery into the registration state
			expect(stateIn(trigger.workflow.staticData)).toMatchObject({ tokenDigest: secretDigest(TOKEN) });
			expect((await trigger.deliver({ headers: headers('rotated-token-abcdef0123456789'), rawBody: shopgateEnvelope('productCreated', {}, 'second') })).response.status).toBe(204);
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

	it('answers 503 with Retry-After and starts nothing while activation has read no token, asking Shopgate nothing, and says why in the log at most once a minute', async () => {
		const shopgate = await startShopgateApi({ webhookToken: TOKEN });
		try {
			const trigger = shopgateTrigger({}, { baseUrl: shopgate.baseUrl });
			const [said] = await expectAnsweredWhileRegistering(trigger, { headers: headers(), rawBody: SHOPGATE_DELIVERY });
			expect(said).toMatch(/^Trigger \(workflow .+\): answered a request 503 \(Retry-After: 120 s\) and started nothing, as the node has no webhook token yet/);
			expect(said).toMatch(/if no activation is under way, deactivate the workflow and activate it again\.$/);
			await expectAnsweredWhileRegistering(shopgateTrigger({}, { baseUrl: shopgate.baseUrl }), { headers: headers('forged'), rawBody: SHOPGATE_DELIVERY });
			expect(shopgate.requests).toEqual([]);

			// then activation saves the token's digest, and Shopgate's delivery runs
			trigger.workflow.staticData.global = staticDataWith({ tokenDigest: secretDigest(TOKEN) }).global;
			const { response, items } = await trigger.deliver({ headers: headers(), rawBody: SHOPGATE_DELIVERY });
			expect(response.status).toBe(204);
			expect(items).toHaveLength(1);
		} finally {
			await shopgate.close();
		}
	});

	it('with "Only Accept Shopgate\'s IPs", accepts the environment\'s address (also IPv4-mapped) and refuses others', async () => {
		const trigger = activatedShopgateTrigger({ onlyShopgateIps: true });
		const from = (ip: string) => trigger.deliver({ ip, headers: headers(), rawBody: shopgateEnvelope('productCreated', { catalogCode: 'c', productCode: 'p' }, `ip-${ip}`) });
		expect((await from('35.195.40.181')).response.status).toBe(204);
		expect((await from('::ffff:35.195.40.181')).response.status).toBe(204);
		expect((await from('35.205.144.206')).response.status).toBe(401);
		expect((await from('127.0.0.1')).response.status).toBe(401);
		const staging = activatedShopgateTrigger({ onlyShopgateIps: true }, { credential: { environment: 'staging' } });
		expect((await staging.deliver({ ip: '35.205.144.206', headers: headers(), rawBody: SHOPGATE_DELIVERY })).response.status).toBe(204);
	});
});

describe('Shopgate Trigger: events, bodies and retries', () => {
	it('acknowledges an event that is not selected and runs nothing, also when its envelope misses a field', async () => {
		const trigger = activatedShopgateTrigger({ events: ['salesOrderAdded'] });
		for (const rawBody of [SHOPGATE_DELIVERY, JSON.stringify({ ...JSON.parse(SHOPGATE_DELIVERY), tenantType: undefined, date: 5 })]) {
			const { response, result } = await trigger.deliver({ headers: headers(), rawBody });
			expect(response.status).toBe(204);
			expect(result.workflowData).toBeUndefined();
		}
	});

	it('emits a delivery of a selected event that misses an envelope field as a real event, with its payloadIssues', async () => {
		const { tenantType: _dropped, ...envelope } = JSON.parse(SHOPGATE_DELIVERY);
		const { response, items } = await activatedShopgateTrigger().deliver({ headers: headers(), rawBody: JSON.stringify(envelope) });
		expect(response.status).toBe(204);
		expect(items).toEqual([
			expect.objectContaining({ eventCode: 'productCreated', tenantType: null, isTest: false, payloadIssues: [{ path: 'tenantType', problem: 'is missing' }] }),
		]);
	});

	it('emits a body that is not JSON, and a documented payload missing a field, with their payloadIssues', async () => {
		const notJson = await activatedShopgateTrigger().deliver({ headers: headers(), rawBody: '{"id":' });
		expect(notJson.response.status).toBe(204);
		expect(notJson.items).toEqual([expect.objectContaining({ body: '{"id":', isTest: true })]);
		const missing = await activatedShopgateTrigger().deliver({ headers: headers(), rawBody: shopgateEnvelope('productCreated', { catalogCode: 'c' }) });
		expect(missing.response.status).toBe(204);
		expect(missing.items).toEqual([
			expect.objectContaining({ payload: { catalogCode: 'c' }, isTest: false, payloadIssues: [{ path: 'payload.productCode', problem: 'is missing' }] }),
		]);
	});

	it('acknowledges a broken payload without running, or rejects it with 400, as Invalid Payloads says', async () => {
		const body = shopgateEnvelope('productCreated', { catalogCode: 'c' });
		const acknowledged = await activatedShopgateTrigger({ invalidPayloads: 'acknowledge' }).deliver({ headers: headers(), rawBody: body });
		expect(acknowledged.response.status).toBe(204);
		expect(acknowledged.result.workflowData).toBeUndefined();
		const rejecting = activatedShopgateTrigger({ invalidPayloads: 'reject' });
		const rejected = await rejecting.deliver({ headers: headers(), rawBody: body });
		expect(rejected.response).toMatchObject({ status: 400, body: { error: 'payload.productCode: is missing' } });
		// a rejected delivery id is not remembered: Shopgate's retry of it is rejected again, not acknowledged
		const retry = await rejecting.deliver({ headers: headers(), rawBody: body });
		expect(retry.response).toMatchObject({ status: 400, body: { error: 'payload.productCode: is missing' } });
	});

	it('emits a delivery id once however often Shopgate retries it, answering 2xx to every repeat', async () => {
		const trigger = activatedShopgateTrigger();
		const first = await trigger.deliver({ headers: headers(), rawBody: SHOPGATE_DELIVERY });
		expect(first.items).toHaveLength(1);
		for (let retry = 0; retry < 10; retry++) {
			const again = await trigger.deliver({ headers: headers(), rawBody: SHOPGATE_DELIVERY });
			expect(again.response.status).toBe(204);
			expect(again.items).toHaveLength(0);
		}
	});

	it("remembers a delivery id for Shopgate's whole retry ladder (~24 h), not beyond 25 h", async () => {
		const trigger = activatedShopgateTrigger();
		const send = () => trigger.deliver({ headers: headers(), rawBody: SHOPGATE_DELIVERY });
		const ladder = [60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400];
		const retries = ladder.map((_, index) => ladder.slice(0, index + 1).reduce((sum, wait) => sum + wait, 0) * 1000);
		const emitted = await atTimes([0, ...retries, 25 * 60 * 60 * 1000], async () => (await send()).items.length);
		expect(emitted).toEqual([1, ...ladder.map(() => 0), 1]);
	});
});
