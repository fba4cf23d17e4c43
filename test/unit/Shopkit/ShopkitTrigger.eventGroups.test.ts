import type { INodePropertyOptions } from 'n8n-workflow';

import {
	SHOPKIT_CART_ABANDONED,
	SHOPKIT_CLIENT_UPDATED,
	SHOPKIT_NEWSLETTER_SUBSCRIBED,
	SHOPKIT_ORDER_DOCUMENTED,
	SHOPKIT_PRODUCT_UPDATED,
	shopkitClient,
	shopkitHeaders,
	shopkitOrder,
	shopkitProduct,
} from '../../../dev/fixtures/shopkit';
import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import { SHOPKIT_EVENTS } from '../../../nodes/Shopkit/Shopkit.schemas';
import { ShopkitTrigger } from '../../../nodes/Shopkit/ShopkitTrigger/ShopkitTrigger.node';
import { shopkitTriggerProperties } from '../../../nodes/Shopkit/ShopkitTrigger/ShopkitTrigger.description';
import { activatedShopkitTrigger, SHOPKIT_TEST_SECRET, shopkitTrigger } from './shopkitTriggerInCore';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function deliver(trigger: ReturnType<typeof activatedShopkitTrigger>, event: string, body: string, extraHeaders: Record<string, string> = {}) {
	return trigger.deliver({ headers: shopkitHeaders(event, extraHeaders), rawBody: body, query: { secret: SHOPKIT_TEST_SECRET } });
}

/** The header fields of a delivery made with shopkitHeaders() and no Content-Length. */
const BACKOFFICE = { resourceOrigin: 'backoffice', environment: 'Production', platform: 'Shopkit', contentLength: null };

describe('Shopkit Trigger: the Events list', () => {
	const options = shopkitTriggerProperties.find((property) => property.name === 'events')!.options as INodePropertyOptions[];

	it("offers the 32 events of Shopkit's webhook page (2025), each named by its group, the groups each kept together", () => {
		expect(options.map((option) => option.value).sort()).toEqual([...SHOPKIT_EVENTS].sort());
		expect(options).toHaveLength(32);
		expect(options.map((option) => option.value)).toEqual(
			expect.arrayContaining(['order_invoiced', 'shipping_expedited', 'order_tag_added', 'client_tag_added', 'client_wholesale_accepted', 'client_wholesale_revoked', 'client_wholesale_requested', 'cart_abandoned']),
		);
		const groups = options.map((option) => option.name.split(': ')[0]);
		expect([...new Set(groups)]).toEqual(['Cart', 'Client', 'Newsletter', 'Order', 'Product']);
		expect(groups).toEqual([...groups].sort());
		expect(options.map((option) => option.name)).toEqual(expect.arrayContaining(['Order: Paid', 'Order: Payment Failed', 'Client: Created', 'Newsletter: Subscribed', 'Product: Updated Stock']));
	});

	it('registers one webhook per event for all 32 at once', async () => {
		const api = await startShopkitApi();
		try {
			const trigger = shopkitTrigger({ events: [...SHOPKIT_EVENTS] }, { baseUrl: api.baseUrl, workflowId: 'wf-all-events' });
			expect(await new ShopkitTrigger().webhookMethods.default.create.call(trigger.hookContext())).toBe(true);
			expect([...api.webhooks.values()].map((webhook) => webhook.event).sort()).toEqual([...SHOPKIT_EVENTS].sort());
		} finally {
			await api.close();
		}
	});
});

describe('Shopkit Trigger: each group of events emits its body typed', () => {
	it("emits today's documented order whole with Simplify off: payment title and method, address blocks, empty amounts as null", async () => {
		const { response, items } = await deliver(activatedShopkitTrigger({ events: ['order_updated'], simplify: false }), 'order_updated', SHOPKIT_ORDER_DOCUMENTED);
		expect(response.status).toBe(204);
		expect(items).toHaveLength(1);
		expect(items[0]).not.toHaveProperty('payloadIssues');
		expect(items[0]).toMatchObject({ event: 'order_updated', ...BACKOFFICE, isTest: true });
		const order = items[0].order as Record<string, any>;
		expect(order.payment).toMatchObject({ title: 'Multibanco', method: 'multibanco', gateway: 'gateway' });
		expect(order.shipping.tax_percent).toBeNull();
		expect(order.client.delivery).toMatchObject({ zip_code: '6000-767', city: 'Castelo Branco', country_code_alpha_2: 'PT' });
		expect(order.client.id).toBe(731068);
		expect(order.update_at).toBe('2024-09-20T15:31:02.000Z');
	});

	it('emits a client event as { client }, its Unix-second times as ISO 8601, and the documented example as the test', async () => {
		const trigger = activatedShopkitTrigger({ events: ['client_updated', 'client_created'] });
		const documented = await deliver(trigger, 'client_updated', SHOPKIT_CLIENT_UPDATED);
		expect(documented.items).toEqual([
			expect.objectContaining({
				event: 'client_updated',
				...BACKOFFICE,
				client: expect.objectContaining({ name: 'Shopkit', email: 'info@shopk.it', created_at: '2019-10-28T19:01:29.000Z', subscribe_newsletter: false }),
				isTest: true,
				receivedAt: expect.stringMatching(ISO),
			}),
		]);
		const real = await deliver(trigger, 'client_created', shopkitClient('ana@example.pt'));
		expect(real.items).toEqual([expect.objectContaining({ event: 'client_created', isTest: false, client: expect.objectContaining({ email: 'ana@example.pt' }) })]);
		expect((real.items[0].client as Record<string, any>).delivery).toMatchObject({ city: 'Castelo Branco', zip_code: '6000-767' });
		expect(real.items[0]).not.toHaveProperty('payloadIssues');
	});

	it('emits a newsletter event as { client: { name, email, hash } }', async () => {
		const trigger = activatedShopkitTrigger({ events: ['newsletter_subscribed', 'newsletter_unsubscribed'] });
		const { items } = await deliver(trigger, 'newsletter_unsubscribed', SHOPKIT_NEWSLETTER_SUBSCRIBED.replace('info@shopk.it', 'rui@example.pt'));
		expect(items).toEqual([
			{
				event: 'newsletter_unsubscribed',
				...BACKOFFICE,
				client: { name: 'Shopkit', email: 'rui@example.pt', hash: 'a77e38d0b16ba62f32361331774324904278edcf' },
				isTest: false,
				receivedAt: expect.stringMatching(ISO),
			},
		]);
	});

	it("emits a product event as { product }, the API's product typed and its other fields as sent", async () => {
		const trigger = activatedShopkitTrigger({ events: ['product_updated_stock'] });
		const { response, items } = await deliver(trigger, 'product_updated_stock', SHOPKIT_PRODUCT_UPDATED);
		expect(response.status).toBe(204);
		expect(items).toEqual([expect.objectContaining({ event: 'product_updated_stock', ...BACKOFFICE, isTest: false })]);
		expect(items[0]).not.toHaveProperty('payloadIssues');
		const product = items[0].product as Record<string, any>;
		expect(product).toMatchObject({ id: 212322, title: 'Rustic Spice Bowl Set', price: 40.73, updated_at: '2020-11-27T15:36:57.000Z', price_formatted: '40,73 €' });
		expect(product.stock).toMatchObject({ stock_enabled: true, stock_qty: 88 });
		expect(product.options[0]).toMatchObject({ id: 363364, title: 'Small bowl / White', stock: 88 });
	});

	it('emits a product without an id, or a client with a bad time, with what could be read and its payloadIssues', async () => {
		const trigger = activatedShopkitTrigger({ events: ['product_created', 'client_created'] });
		const product = await deliver(trigger, 'product_created', '{"product":{"title":"Caneca","price":"9.90"}}');
		expect(product.items).toEqual([expect.objectContaining({ product: { title: 'Caneca', price: 9.9 }, payloadIssues: [{ path: 'product.id', problem: 'is missing' }] })]);
		const client = await deliver(trigger, 'client_created', '{"client":{"email":"a@b.pt","created_at":"soon"}}');
		expect(client.items).toEqual([
			expect.objectContaining({ client: { email: 'a@b.pt', created_at: 'soon' }, payloadIssues: [{ path: 'client.created_at', problem: 'should be a date like 2014-11-19T00:44:19+00:00, not text "soon"' }] }),
		]);
	});

	it('reads a delivery without X-Shopkit-Event by the field its body has', async () => {
		const trigger = activatedShopkitTrigger();
		const { 'x-shopkit-event': _event, ...headers } = shopkitHeaders('product_updated');
		const { items } = await trigger.deliver({ headers, rawBody: shopkitProduct(77), query: { secret: SHOPKIT_TEST_SECRET } });
		expect(items).toEqual([expect.objectContaining({ event: null, product: expect.objectContaining({ id: 77 }), payloadIssues: [{ path: 'headers.x-shopkit-event', problem: 'is missing' }] })]);
	});
});

describe("Shopkit Trigger: the 2025 payloads' fields", () => {
	it('order_tag_added with Simplify on: the item says which tags the order has, its wholesale and its tracking', async () => {
		const { items } = await deliver(activatedShopkitTrigger({ events: ['order_tag_added'] }), 'order_tag_added', SHOPKIT_ORDER_DOCUMENTED);
		expect(items).toEqual([
			expect.objectContaining({
				event: 'order_tag_added',
				orderId: 1337,
				tags: [{ id: 2800420, title: 'shopkit', handle: 'shopkit', total_items: 1, created_at: '2024-09-20T15:31:02.000Z' }],
				wholesale: false,
				trackingCode: '',
				trackingStatus: null,
			}),
		]);
		expect(items[0]).not.toHaveProperty('payloadIssues');
	});

	it('client_wholesale_requested: the client with its wholesale and tags, a pending wholesale as sent', async () => {
		const trigger = activatedShopkitTrigger({ events: ['client_wholesale_requested', 'client_tag_added'] });
		const { items: documented } = await deliver(trigger, 'client_tag_added', SHOPKIT_CLIENT_UPDATED);
		expect(documented).toEqual([expect.objectContaining({ event: 'client_tag_added', client: expect.objectContaining({ wholesale: false, tags: [] }) })]);

		const pending = JSON.stringify({ client: { id: 731068, name: 'Ana Silva', email: 'ana.silva@example.com', wholesale: 'pending', tags: [{ id: 7, title: 'vip' }] } });
		const { items } = await deliver(trigger, 'client_wholesale_requested', pending);
		expect(items).toEqual([expect.objectContaining({ event: 'client_wholesale_requested', client: expect.objectContaining({ wholesale: 'pending', tags: [{ id: 7, title: 'vip' }] }), isTest: false })]);
		expect(items[0]).not.toHaveProperty('payloadIssues');
	});

	it('cart_abandoned, whose body Shopkit does not document: every field emitted as sent, nothing flagged, every delivery run', async () => {
		const trigger = activatedShopkitTrigger({ events: ['cart_abandoned'] });
		const first = await deliver(trigger, 'cart_abandoned', SHOPKIT_CART_ABANDONED);
		expect(first.response.status).toBe(204);
		expect(first.items).toEqual([{ event: 'cart_abandoned', ...BACKOFFICE, ...JSON.parse(SHOPKIT_CART_ABANDONED), isTest: false, receivedAt: expect.stringMatching(ISO) }]);
		expect((await deliver(trigger, 'cart_abandoned', SHOPKIT_CART_ABANDONED)).items).toHaveLength(1);
		expect((await deliver(trigger, 'cart_abandoned', '{"anything": [1, "two"]}')).items).toEqual([expect.objectContaining({ anything: [1, 'two'] })]);
	});
});

describe("Shopkit Trigger: Shopkit's headers as item fields", () => {
	it('copies X-Webhook-Resource-Origin, X-Shopkit-Environment, X-Platform and Content-Length (as a number) into every item', async () => {
		const trigger = activatedShopkitTrigger({ events: ['product_deleted'] });
		const headers = { 'x-webhook-resource-origin': 'import', 'x-shopkit-environment': 'production', 'content-length': '1234' };
		const { items } = await deliver(trigger, 'product_deleted', shopkitProduct(5), headers);
		expect(items[0]).toMatchObject({ resourceOrigin: 'import', environment: 'production', platform: 'Shopkit', contentLength: 1234 });
	});

	it('gives null for a header Shopkit did not send, and for a Content-Length that is not a number', async () => {
		const trigger = activatedShopkitTrigger();
		const headers = { 'content-type': 'application/json', 'user-agent': 'Shopkit-Webhook', 'x-shopkit-event': 'order_created', 'content-length': 'many' };
		const { items } = await trigger.deliver({ headers, rawBody: shopkitOrder(6), query: { secret: SHOPKIT_TEST_SECRET } });
		expect(items[0]).toMatchObject({ resourceOrigin: null, environment: null, platform: null, contentLength: null, orderId: 6 });
	});
});

describe('Shopkit Trigger: Ignore Changes Made Through the API', () => {
	it('acknowledges a change made through the API and runs nothing when on, whatever its case', async () => {
		const trigger = activatedShopkitTrigger({ events: ['order_paid', 'product_updated'], ignoreApiChanges: true });
		for (const origin of ['api', 'API']) {
			const { response, result } = await deliver(trigger, 'order_paid', shopkitOrder(20), { 'x-webhook-resource-origin': origin });
			expect(response.status).toBe(204);
			expect(result.workflowData).toBeUndefined();
		}
		const product = await deliver(trigger, 'product_updated', shopkitProduct(21), { 'x-webhook-resource-origin': 'api' });
		expect(product.result.workflowData).toBeUndefined();
	});

	it('emits changes from every other origin when on, and changes through the API when off (the default)', async () => {
		const on = activatedShopkitTrigger({ events: ['order_paid'], ignoreApiChanges: true });
		for (const [index, origin] of ['backoffice', 'storefront', 'import', 'duplicate', 'process'].entries()) {
			const { items } = await deliver(on, 'order_paid', shopkitOrder(30 + index), { 'x-webhook-resource-origin': origin });
			expect(items).toEqual([expect.objectContaining({ resourceOrigin: origin })]);
		}
		const off = await deliver(activatedShopkitTrigger({ events: ['order_paid'] }), 'order_paid', shopkitOrder(40), { 'x-webhook-resource-origin': 'api' });
		expect(off.items).toEqual([expect.objectContaining({ orderId: 40, resourceOrigin: 'api' })]);
	});
});

describe('Shopkit Trigger: redeliveries per group', () => {
	it('runs an order event once per order id and update time', async () => {
		const trigger = activatedShopkitTrigger({ events: ['order_delivered'] });
		const emitted = [];
		for (const body of [shopkitOrder(50), shopkitOrder(50), shopkitOrder(50, '2024-06-02T12:00:00+00:00')]) {
			emitted.push((await deliver(trigger, 'order_delivered', body)).items.length);
		}
		expect(emitted).toEqual([1, 0, 1]);
	});

	it('runs a product event once per product as sent (id, updated_at, stock), each event apart', async () => {
		const trigger = activatedShopkitTrigger({ events: ['product_updated', 'product_updated_stock'] });
		const emitted = [];
		for (const [event, body] of [
			['product_updated', shopkitProduct(60)],
			['product_updated', shopkitProduct(60)],
			['product_updated_stock', shopkitProduct(60)],
			['product_updated', shopkitProduct(60, '2024-06-01T12:01:00+00:00')],
			// the stock moved and Shopkit kept updated_at: a new change, not a retry
			['product_updated_stock', shopkitProduct(60, '2024-06-01T12:00:00+00:00', 87)],
			['product_updated_stock', shopkitProduct(60, '2024-06-01T12:00:00+00:00', 87)],
		]) {
			const { response, items } = await deliver(trigger, event, body);
			expect(response.status).toBe(204);
			emitted.push(items.length);
		}
		expect(emitted).toEqual([1, 0, 1, 1, 1, 0]);
	});

	it('never drops a client or newsletter event as a redelivery: they carry no version to tell one apart', async () => {
		const trigger = activatedShopkitTrigger({ events: ['client_updated', 'newsletter_subscribed'] });
		const emitted = [];
		for (let attempt = 0; attempt < 3; attempt++) {
			emitted.push((await deliver(trigger, 'client_updated', shopkitClient('ana@example.pt'))).items.length);
			emitted.push((await deliver(trigger, 'newsletter_subscribed', SHOPKIT_NEWSLETTER_SUBSCRIBED.replace('info@shopk.it', 'ana@example.pt'))).items.length);
		}
		expect(emitted).toEqual([1, 1, 1, 1, 1, 1]);
	});
});
