import type { IDataObject, INodeType } from 'n8n-workflow';

import { SHOPGATE_WEBHOOK_ID, shopgateEnvelope } from '../../../dev/fixtures/shopgate';
import { shopgateSalesOrder, startShopgateApi } from '../../../dev/mocks/shopgateApi';
import type { ShopgateApiMock } from '../../../dev/mocks/shopgateApi';
import { staticDataWith } from '../../../dev/nodeInN8nCore';
import type { RecordedResponse } from '../../../dev/nodeInN8nCore';
import { secretDigest } from '../../../nodes/shared/inbound/secrets';
import { inFreshProcess } from '../freshProcess';
import { shopgateTrigger, TOKEN } from './shopgateTriggerInCore';

const headers = { 'content-type': 'application/json', 'shopgate-token': TOKEN };
const salesOrderAdded = (orderNumber: string, id: string) =>
	shopgateEnvelope('salesOrderAdded', { customerId: '7b196c58', salesOrderId: 5, salesOrderNumber: orderNumber, imported: false }, id);
const productCreated = (id: string) => shopgateEnvelope('productCreated', { catalogCode: 'c', productCode: id }, id);

/** The trigger as an n8n process loads it: a restart after a kill is a new one, with only what the database holds. */
const newProcess = (): INodeType => {
	const { ShopgateTrigger } = inFreshProcess(() => require('../../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node') as typeof import('../../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node'));
	return new ShopgateTrigger();
};

/**
 * n8n 2.41.1's handling of a webhook request's static data: a fresh copy from the database per request, saved whole
 * when the node changed it, once webhook() has returned (LiveWebhooks, RECIPE §8a).
 */
class N8nDatabase {
	stored: IDataObject = staticDataWith({ webhookId: SHOPGATE_WEBHOOK_ID, tokenDigest: secretDigest(TOKEN) });

	constructor(private readonly baseUrl: string) {}

	async request(process: INodeType, rawBody: string, response?: RecordedResponse) {
		const trigger = shopgateTrigger(
			{ events: ['salesOrderAdded', 'productCreated'], fetchFullOrder: true },
			{ baseUrl: this.baseUrl, staticData: JSON.parse(JSON.stringify(this.stored)), workflowId: 'hand-over', nodeType: process },
		);
		const delivered = await trigger.deliver({ headers, rawBody }, 'webhook', response);
		if ((trigger.workflow.staticData as { __dataChanged?: boolean }).__dataChanged === true) this.stored = JSON.parse(JSON.stringify(trigger.workflow.staticData));
		return delivered;
	}
}

let shopgate: ShopgateApiMock;

beforeEach(async () => {
	shopgate = await startShopgateApi();
	shopgate.orders.set('0001', shopgateSalesOrder('0001'));
});

afterEach(async () => {
	await shopgate.close();
});

describe('Shopgate Trigger: nothing is remembered before it is handed over (n8n-core webhook context)', () => {
	it('leaves a delivery whose order is still loading out of every save, so that after a kill its redelivery runs once', async () => {
		const database = new N8nDatabase(shopgate.baseUrl);
		const before = newProcess();
		const hold = shopgate.holdOrderRequests();
		const answered: RecordedResponse = { headers: {}, ended: false };
		const waiting = database.request(before, salesOrderAdded('0001', 'delivery-waiting'), answered);
		while (hold.held() === 0) await new Promise((resolve) => setTimeout(resolve, 10));

		// another delivery is handed over and saved meanwhile: its save must not hold the one still waiting
		expect((await database.request(before, productCreated('delivery-saved'))).items).toHaveLength(1);
		expect(answered.ended).toBe(false);

		// n8n is killed here: the platform got no answer for the waiting delivery and sends it again to the new process
		const after = newProcess();
		hold.release();
		const redelivered = await database.request(after, salesOrderAdded('0001', 'delivery-waiting'));
		expect(redelivered.items).toEqual([expect.objectContaining({ deliveryId: 'delivery-waiting', order: shopgateSalesOrder('0001') })]);
		expect((await database.request(after, productCreated('delivery-saved'))).items).toEqual([]);
		await waiting;
	});

	it('remembers a handed-over delivery in the save n8n makes before it answers, so that after a kill its redelivery runs 0 times', async () => {
		const database = new N8nDatabase(shopgate.baseUrl);
		const before = newProcess();
		const first = await database.request(before, salesOrderAdded('0001', 'delivery-answered'));
		expect(first.items).toHaveLength(1);
		expect(first.result.noWebhookResponse).toBeUndefined();

		const after = newProcess();
		const redelivered = await database.request(after, salesOrderAdded('0001', 'delivery-answered'));
		expect(redelivered.response.status).toBe(204);
		expect(redelivered.items).toEqual([]);
	});
});
