import Ajv from 'ajv';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { KINGUIN_ORDER_COMPLETE, KINGUIN_ORDER_STATUS, KINGUIN_PRODUCT_UPDATE, kinguinHeaders, orderStatus, productUpdate } from '../../dev/fixtures/kinguin';
import { startKinguinApi } from '../../dev/mocks/kinguinApi';
import { SHOPGATE_PRODUCT_CREATED, shopgateEnvelope } from '../../dev/fixtures/shopgate';
import {
	SHOPKIT_CLIENT_UPDATED,
	SHOPKIT_NEWSLETTER_SUBSCRIBED,
	SHOPKIT_ORDER_CREATED,
	SHOPKIT_ORDER_DOCUMENTED,
	SHOPKIT_PRODUCT_UPDATED,
	shopkitHeaders,
} from '../../dev/fixtures/shopkit';
import { SUPPLIER_SALE, SUPPLIER_WEBHOOK_SECRET } from '../../dev/fixtures/supplierMarketplace';
import { TIKI_REJECTED_DELIVERY, tikiApprovedPayload, tikiEnvelope } from '../../dev/fixtures/tiki';
import { shopgateFulfillmentOrder, shopgateSalesOrder, startShopgateApi } from '../../dev/mocks/shopgateApi';
import { startShopkitApi } from '../../dev/mocks/shopkitApi';
import { mockClient, mockProduct } from '../../dev/mocks/shopkitCatalog';
import { mockOrder, tagsOf } from '../../dev/mocks/shopkitOrders';
import { startSupplierApi } from '../../dev/mocks/supplierApi';
import { startTikiEventQueueApi } from '../../dev/mocks/tikiEventQueueApi';
import { PROJECT_DIR } from '../../dev/n8n/communityPackage';
import type { JsonSchema } from '../../dev/schemaPreview';
import { jsonSchemaOf, schemaPreviewFiles } from '../../dev/schemaPreview';
import { output as kinguinOutput } from '../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.output';
import { output as shopgateOutput } from '../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.output';
import { output as shopkitNodeOutput } from '../../nodes/Shopkit/Shopkit/Shopkit.output';
import { output as shopkitOutput } from '../../nodes/Shopkit/ShopkitTrigger/ShopkitTrigger.output';
import type { NodeOutput } from '../../nodes/shared/inbound/itemSchemas';
import { output as supplierOutput } from '../../nodes/SupplierMarketplace/SupplierMarketplace/SupplierMarketplace.output';
import { output as supplierTriggerOutput } from '../../nodes/SupplierMarketplace/SupplierMarketplaceTrigger/SupplierMarketplaceTrigger.output';
import { output as tikiEventOutput } from '../../nodes/Tiki/TikiEventTrigger/TikiEventTrigger.output';
import { output as tikiOutput } from '../../nodes/Tiki/TikiTrigger/TikiTrigger.output';
import { SUPPLIER_ACTIONS } from '../../nodes/SupplierMarketplace/SupplierMarketplace.schemas';
import { kinguinTrigger } from './Kinguin/kinguinTriggerInCore';
import { activatedShopgateTrigger, TOKEN } from './Shopgate/shopgateTriggerInCore';
import { shopkitNode } from './Shopkit/shopkitNodeInCore';
import { activatedShopkitTrigger, SHOPKIT_TEST_SECRET } from './Shopkit/shopkitTriggerInCore';
import { supplierAction, supplierTrigger } from '../../dev/supplierNodesInCore';
import { tikiEventTrigger } from './Tiki/tikiEventTriggerInCore';
import { activatedTikiTrigger, basic } from './Tiki/tikiTriggerInCore';

/**
 * The schema previews the build writes into `__schema__`: where they go, that n8n's editor can read them, and
 * that they describe what the nodes really emit. Every item below comes from a node running in n8n-core's own
 * contexts on a documented delivery, and must validate against its node's preview and name no field of its
 * own the preview does not, so a field a node adds, renames or retypes without its `*Output.ts` fails here.
 */

const files = schemaPreviewFiles(PROJECT_DIR);
/** The previews of each node's first version; a later version's are the same (checked below). */
const firstVersions = files.filter((file) => file.version === '1.0.0');
const previewOf = (node: string, operation?: string): JsonSchema => {
	const file = firstVersions.find((candidate) => candidate.node === node && candidate.operation === operation);
	if (!file) throw new Error(`no schema preview for ${node} ${operation ?? ''}`);
	return file.schema;
};

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, validateFormats: false });

function validated(schema: JsonSchema, item: IDataObject, what: string): void {
	const validate = ajv.compile(schema);
	if (!validate(item)) throw new Error(`item does not match ${what}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(item)}`);
}

/**
 * Each item validates against the variant of item it is (of its node's `*Output.ts`) and against the preview
 * n8n serves, and names no top-level field its variant does not: the node's own fields (event, ids,
 * receivedAt, isTest…) must be described. `passedThrough` names payload fields the delivery carries beyond
 * its schema, which the nodes pass on by design.
 */
function expectConforming(
	preview: JsonSchema,
	output: NodeOutput,
	variant: string,
	items: IDataObject[],
	{ operation, passedThrough = [] }: { operation?: string; passedThrough?: string[] } = {},
): void {
	expect(items.length).toBeGreaterThan(0);
	const variants = 'item' in output ? output.item : 'byOperation' in output ? output.byOperation[operation!] : output.byResource[operation!.split('/')[0]][operation!.split('/')[1]];
	const schema = jsonSchemaOf(variants[variant]);
	for (const item of items) {
		// n8n stores items as JSON; compare what it would store
		const stored = JSON.parse(JSON.stringify(item)) as IDataObject;
		validated(schema, stored, `its variant "${variant}"`);
		validated(preview, stored, 'the schema preview');
		const undescribed = Object.keys(stored).filter((field) => !(field in (schema.properties ?? {})) && !passedThrough.includes(field));
		expect(undescribed).toEqual([]);
	}
}

/**
 * The fields n8n's editor shows for a schema preview, as `path: type`, computed the way its
 * getSchemaForJsonSchema (useDataSchema) reads a schema: `type: "object"` and `type: "array"` open, any other
 * type is the first of its list, a schema without a type shows as "undefined".
 */
function fieldsN8nShows(schema: JsonSchema, path = ''): string[] {
	if (schema.type === 'object') {
		return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => fieldsN8nShows(property, `${path}.${name}`));
	}
	if (schema.type === 'array') return [`${path}: array`, ...(schema.items && Object.keys(schema.items).length ? fieldsN8nShows(schema.items, `${path}[0]`) : [])];
	const type = Array.isArray(schema.type) ? schema.type[0] : (schema.type ?? 'undefined');
	return [`${path}: ${type === 'integer' ? 'number' : type}`];
}

/** The Shopkit node's resources and operations, as its schema previews are named: `order/get` … */
const SHOPKIT_NODE_OPERATIONS = [
	...['get', 'getMany', 'update', 'issueInvoice'].map((operation) => `order/${operation}`),
	...['get', 'getMany', 'create', 'update', 'updateVariant'].map((operation) => `product/${operation}`),
	...['get', 'getMany', 'create', 'update'].map((operation) => `client/${operation}`),
];

describe('schema previews: where the build puts them', () => {
	it('has one file per trigger version (v1.0.0.json; v1.1.0.json for the webhook triggers), one per operation of the action node (v1.0.0/<operation>.json) and one per resource and operation of the Shopkit node (v1.0.0/<resource>/<operation>.json), beside each node', () => {
		const webhookTriggers = ['Kinguin/KinguinTrigger', 'Shopkit/ShopkitTrigger', 'Tiki/TikiTrigger', 'Shopgate/ShopgateTrigger', 'SupplierMarketplace/SupplierMarketplaceTrigger'];
		expect(files.map((file) => file.path).sort()).toEqual(
			[
				...webhookTriggers.flatMap((node) => [`dist/nodes/${node}/__schema__/v1.0.0.json`, `dist/nodes/${node}/__schema__/v1.1.0.json`]),
				'dist/nodes/Tiki/TikiEventTrigger/__schema__/v1.0.0.json',
				...SUPPLIER_ACTIONS.map((action) => `dist/nodes/SupplierMarketplace/SupplierMarketplace/__schema__/v1.0.0/${action}.json`),
				...SHOPKIT_NODE_OPERATIONS.map((operation) => `dist/nodes/Shopkit/Shopkit/__schema__/v1.0.0/${operation}.json`),
			].sort(),
		);
	});

	it('gives version 1.1 of a webhook trigger the preview of version 1: the same node', () => {
		const later = files.filter((file) => file.version !== '1.0.0');
		expect(later).toHaveLength(5);
		for (const { node, operation, schema } of later) expect(schema).toEqual(previewOf(node, operation));
	});

	it('gives every schema what n8n’s editor requires before it shows one: an object type and at least one property', () => {
		for (const { schema } of files) {
			expect(schema.type).toBe('object');
			expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(0);
		}
	});
});

describe('schema previews: what n8n’s editor shows of them', () => {
	it('shows a field for every property, nested objects and array items opened, with a type for all but unknown values', () => {
		const untyped = firstVersions.flatMap(({ node, operation, schema }) =>
			fieldsN8nShows(schema)
				.filter((field) => field.endsWith(': undefined'))
				.map((field) => `${node}${operation ? `/${operation}` : ''}${field}`),
		);
		// the three values whose shape nobody documents: the marketplace's answer, Shopgate's test sample, a rejection's reason_data
		expect(untyped.sort()).toEqual(
			[
				'shopgateTrigger.body: undefined',
				'tikiTrigger.list_reasons[0].reason_data: undefined',
				...SUPPLIER_ACTIONS.flatMap((action) => [`supplierMarketplace/${action}.response: undefined`, `supplierMarketplace/${action}.error.response: undefined`]),
				...SHOPKIT_NODE_OPERATIONS.map((operation) => `shopkit/${operation}.error.response: undefined`),
			].sort(),
		);
	});

	it('opens the nested fields people map: the raw Shopkit order, Tiki’s reasons, a sale’s sizes, the stock update sent', () => {
		expect(fieldsN8nShows(previewOf('shopkitTrigger'))).toEqual(
			expect.arrayContaining(['.clientEmail: string', '.products[0].title: string', '.order.client.email: string', '.order.client.billing.address: string', '.order.products[0].image.full: string']),
		);
		expect(fieldsN8nShows(previewOf('tikiTrigger'))).toEqual(expect.arrayContaining(['.list_reasons[0].reason_name: string', '.event_time_iso: string']));
		expect(fieldsN8nShows(previewOf('supplierMarketplaceTrigger'))).toEqual(expect.arrayContaining(['.soldCount: number', '.products[0].sizes[0].soldCount: number']));
		expect(fieldsN8nShows(previewOf('supplierMarketplace', 'receipts'))).toEqual(expect.arrayContaining(['.request.sizes[0].count: number', '.attempts: number', '.error.message: string', '.error.outcome: string']));
	});

	it('says which fields only some items have', () => {
		const shopkit = previewOf('shopkitTrigger').properties!;
		expect(shopkit.order.description).toBe('Only for order events with Simplify off.');
		expect(shopkit.clientEmail.description).toBe('Only for order events with Simplify on.');
		expect(shopkit.client.description).toBe('Only for client events or for newsletter events.');
		expect(shopkit.product.description).toBe('Only for product events.');
		expect(shopkit.receivedAt.description).toBe('When n8n received the delivery (ISO 8601)');
		// null: the TEST URL button names no event
		expect(previewOf('kinguinTrigger').properties!.event).toEqual({ type: ['string', 'null'], enum: ['product.update', 'order.status', 'order.complete', null] });
	});
});

describe('schema previews: the items the nodes emit match them', () => {
	it('Kinguin Trigger, for each event', async () => {
		const trigger = kinguinTrigger({ events: ['product.update', 'order.status', 'order.complete'] });
		for (const [event, body] of [
			['product.update', KINGUIN_PRODUCT_UPDATE],
			['order.status', KINGUIN_ORDER_STATUS],
			['order.complete', KINGUIN_ORDER_COMPLETE],
		]) {
			const { items } = await trigger.deliver({ headers: kinguinHeaders(event), rawBody: body });
			expectConforming(previewOf('kinguinTrigger'), kinguinOutput, `for ${event}`, items);
		}
		const { 'x-event-name': _event, ...noEvent } = kinguinHeaders('product.update');
		const { items } = await trigger.deliver({ headers: noEvent, rawBody: '{"test":true}' });
		expectConforming(previewOf('kinguinTrigger'), kinguinOutput, 'for the TEST URL button without X-Event-Name (its body as sent)', items, {
			passedThrough: ['test'],
		});
	});

	it('Kinguin Trigger, with the order, its keys and the product fetched, or null when Kinguin does not know them', async () => {
		const kinguin = await startKinguinApi();
		try {
			const trigger = kinguinTrigger(
				{ events: ['product.update', 'order.status', 'order.complete'], fetchFullOrder: true, fetchOrderKeys: true, fetchProduct: true },
				{ api: { apiKey: kinguin.apiKey, environment: 'custom', baseUrl: kinguin.baseUrl } },
			);
			const live = '2025-01-10T00:00:00.000+00:00';
			for (const [event, body] of [
				['product.update', productUpdate(1949, live)],
				['product.update', productUpdate(7, live)],
				['order.status', orderStatus('PHS84FJAG5U', 'completed', live)],
				['order.status', orderStatus('UNKNOWN', 'completed', live)],
				['order.complete', JSON.stringify({ orderId: 'PHS84FJAG5U', orderExternalId: 'AL2FEEHOO2OHF', updatedAt: '2025-01-11T00:00:00.000+00:00' })],
			]) {
				const { items } = await trigger.deliver({ headers: kinguinHeaders(event), rawBody: body });
				expect('product' in items[0] || 'order' in items[0]).toBe(true);
				expectConforming(previewOf('kinguinTrigger'), kinguinOutput, `for ${event}`, items);
			}
		} finally {
			await kinguin.close();
		}
	});

	it("every trigger's preview describes payloadIssues as a delivery that breaks its schema carries it", async () => {
		const body = JSON.stringify({ ...JSON.parse(KINGUIN_PRODUCT_UPDATE), kinguinId: 7, qty: 'many' });
		const { items } = await kinguinTrigger().deliver({ headers: kinguinHeaders('product.update'), rawBody: body });
		const { payloadIssues } = JSON.parse(JSON.stringify(items[0])) as IDataObject;
		expect(payloadIssues).toEqual([{ path: 'qty', problem: 'should be a whole number, not text "many"' }]);
		const triggers = firstVersions.filter((file) => file.operation === undefined);
		expect(triggers).toHaveLength(6);
		for (const { node, schema } of triggers) {
			const described = { type: 'object', properties: { payloadIssues: schema.properties!.payloadIssues }, required: ['payloadIssues'] };
			validated(described, { payloadIssues }, `${node}'s payloadIssues`);
		}
	});

	it('Shopkit Trigger, for each group of events, orders with Simplify on and off', async () => {
		const deliver = (event: string, rawBody: string, parameters = {}) =>
			activatedShopkitTrigger({ events: [event], ...parameters }).deliver({ headers: shopkitHeaders(event), rawBody, query: { secret: SHOPKIT_TEST_SECRET } });
		for (const simplify of [true, false]) {
			const { items } = await deliver('order_created', SHOPKIT_ORDER_CREATED, { simplify });
			expectConforming(previewOf('shopkitTrigger'), shopkitOutput, `for order events with Simplify ${simplify ? 'on' : 'off'}`, items);
		}
		const { items: documented } = await deliver('order_updated', SHOPKIT_ORDER_DOCUMENTED, { simplify: false });
		expectConforming(previewOf('shopkitTrigger'), shopkitOutput, 'for order events with Simplify off', documented);
		for (const [event, body, variant] of [
			['client_updated', SHOPKIT_CLIENT_UPDATED, 'for client events'],
			['newsletter_subscribed', SHOPKIT_NEWSLETTER_SUBSCRIBED, 'for newsletter events'],
			['product_updated_stock', SHOPKIT_PRODUCT_UPDATED, 'for product events'],
		]) {
			const { items } = await deliver(event, body);
			expectConforming(previewOf('shopkitTrigger'), shopkitOutput, variant, items);
		}
	});

	it('Tiki Trigger, for a rejection with reasons, an approval and an empty payload', async () => {
		const trigger = activatedTikiTrigger({ events: ['product:request:approved', 'product:request:rejected', 'product:request:locked'] });
		const deliveries = [
			TIKI_REJECTED_DELIVERY,
			tikiEnvelope('product:request:approved', tikiApprovedPayload(), 'c3a1b2d4-0000-4000-8000-000000000002'),
			tikiEnvelope('product:request:locked', {}, 'c3a1b2d4-0000-4000-8000-000000000003'),
		];
		for (const body of deliveries) {
			const { items } = await trigger.deliver({ headers: { authorization: basic() }, rawBody: body });
			expectConforming(previewOf('tikiTrigger'), tikiOutput, `for ${JSON.parse(body).event}`, items);
		}
	});

	it('Tiki Event Trigger, for every event type, a full order and a malformed payload', async () => {
		// one batch holds all six: a poll hands over one batch
		const tiki = await startTikiEventQueueApi({ batchSize: 10 });
		try {
			const staticData: IDataObject = {};
			const parameters = {
				events: ['ORDER_CREATED_SUCCESSFULLY', 'ORDER_STATUS_UPDATED', 'PRODUCT_INVENTORY_UPDATED', 'PRODUCT_MARKET_PRICE_UPDATED', 'PRODUCT_PRICE_UPDATED'],
				options: { fetchFullOrder: true },
			};
			const poll = () => tikiEventTrigger(tiki.baseUrl, parameters, { staticData }).poll();
			await poll();
			tiki.createOrder('239545064');
			tiki.publish('ORDER_STATUS_UPDATED', { order_code: '239545064', status: 'shipping' });
			tiki.publish('PRODUCT_INVENTORY_UPDATED', { product_id: 2162835, original_sku: 'SKU-1', warehouse_id: 1, quantity_sellable_from: 3, quantity_sellable_to: 2 }, { version: 2 });
			tiki.publish('PRODUCT_MARKET_PRICE_UPDATED', { product_id: '2162835', original_sku: 'SKU-1', market_price_from: 150000, market_price_to: 140000 });
			tiki.publish('PRODUCT_PRICE_UPDATED', { product_id: '2162835', original_sku: null, price_from: '120000', price_to: '99000' });
			tiki.publish('ORDER_STATUS_UPDATED', { status: 'canceled' });
			const { items } = await poll();
			expect(items).toHaveLength(6);
			expect(items[0].order).toBeDefined();
			expect(items[5].payloadIssues).toBeDefined();
			for (const item of items) {
				const asSent = Boolean(item.payloadIssues);
				const variant = asSent ? "for an event that breaks Tiki's documented one (as sent)" : `for ${String(item.type)}`;
				// documented fields the schema leaves untyped, and the payload of the malformed event as sent
				const passedThrough = ['quantity_sellable_from', 'quantity_sellable_to', ...(asSent ? ['status'] : [])];
				expectConforming(previewOf('tikiEventTrigger'), tikiEventOutput, variant, [item], { passedThrough });
			}
		} finally {
			await tiki.close();
		}
	});

	it('Shopgate Trigger, for a documented payload, an undocumented one, each with its fetched order, an unknown order and the test call', async () => {
		const shopgate = await startShopgateApi();
		try {
			shopgate.orders.set('0001', shopgateSalesOrder('0001'));
			shopgate.fulfillmentOrders.set('1500-0001', shopgateFulfillmentOrder('1500-0001', '1500'));
			const trigger = activatedShopgateTrigger({ events: ['productCreated', 'fulfillmentOrderAdded', 'salesOrderAdded'], fetchFullOrder: true }, { baseUrl: shopgate.baseUrl });
			const deliver = async (body: string) => (await trigger.deliver({ headers: { 'shopgate-token': TOKEN }, rawBody: body })).items;
			const events = [
				SHOPGATE_PRODUCT_CREATED,
				shopgateEnvelope(
					'fulfillmentOrderAdded',
					{ locationCode: '1', fulfillmentOrderNumber: '1500-0001', customerId: '7b196c58', salesOrderNumber: '1500', sequenceId: 1, user: '6' },
					'a7d3c1e0-0000-4000-8000-000000000002',
				),
				shopgateEnvelope('salesOrderAdded', { customerId: '7b196c58', salesOrderId: 5, salesOrderNumber: '0001', imported: false }, 'a7d3c1e0-0000-4000-8000-000000000003'),
				shopgateEnvelope('salesOrderAdded', { customerId: '7b196c58', salesOrderId: 6, salesOrderNumber: '0002', imported: false }, 'a7d3c1e0-0000-4000-8000-000000000004'),
			];
			const items = [];
			for (const body of events) items.push(...(await deliver(body)));
			expect(items.map(({ order, fulfillmentOrder, payloadIssues }) => ({ order, fulfillmentOrder, payloadIssues }))).toEqual([
				{},
				{ fulfillmentOrder: expect.objectContaining({ orderNumber: '1500-0001' }) },
				{ order: expect.objectContaining({ orderNumber: '0001' }) },
				{ order: null, payloadIssues: [{ path: 'order', problem: 'Shopgate has no sales order 0002' }] },
			]);
			expectConforming(previewOf('shopgateTrigger'), shopgateOutput, 'for an event', items);
			expectConforming(previewOf('shopgateTrigger'), shopgateOutput, "for the webhook service's test call without an envelope", await deliver(JSON.stringify({ sample: true })));
		} finally {
			await shopgate.close();
		}
	});

	it('Supplier Marketplace Trigger, with each Output', async () => {
		for (const [output, label] of [
			['sizeLines', 'One Item per Size Line'],
			['delivery', 'One Item per Delivery'],
		]) {
			const trigger = supplierTrigger({ authentication: 'headerSecret', output });
			const { items } = await trigger.deliver({ headers: { 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET }, rawBody: SUPPLIER_SALE });
			expectConforming(previewOf('supplierMarketplaceTrigger'), supplierTriggerOutput, `with Output: ${label}`, items);
		}
	});

	it.each(SUPPLIER_ACTIONS)('Supplier Marketplace, %s: an update sent, and with Continue On Fail one that failed', async (operation) => {
		const api = await startSupplierApi();
		try {
			const parameters = {
				operation,
				supplierProductId: 'SS21CA2N',
				newPrice: 76000,
				sizes: { size: [{ value: 'XL', count: 2, options: { soldCount: 1, sizeId: 5 } }] },
			};
			const [sent] = await supplierAction(parameters, api).execute([{}]);
			const [failed] = await supplierAction({ ...parameters, supplierProductId: '' }, api).execute([{}], { continueOnFail: true });
			expect(failed[0].json.error).toBeDefined();
			const preview = previewOf('supplierMarketplace', operation);
			expectConforming(preview, supplierOutput, 'for an update the marketplace applied', sent.map((item) => item.json), { operation });
			expectConforming(preview, supplierOutput, 'with Continue On Fail, for an update that was not applied, may have been, or was not sent', failed.map((item) => item.json), { operation });
		} finally {
			await api.close();
		}
	});

	it('Shopkit node: an order, an invoice issued, a product and a client as the mock of Shopkit answers them, and with Continue On Fail an item that failed', async () => {
		const api = await startShopkitApi();
		try {
			api.store.orders.set(7, mockOrder(7, { tags: tagsOf(['vip']) }));
			api.catalog.products.set(3, mockProduct(3));
			api.catalog.clients.set(4, mockClient(4, { tags: tagsOf(['b2b']) }));
			const cases: Array<[string, INodeParameters, string]> = [
				['order/get', { operation: 'get', orderId: '7' }, 'the order'],
				['order/issueInvoice', { operation: 'issueInvoice', orderId: '7' }, 'whether the invoice was issued'],
				['product/get', { resource: 'product', operation: 'get', productId: '3' }, 'the product'],
				['client/get', { resource: 'client', operation: 'get', clientId: '4' }, 'the client'],
			];
			for (const [operation, parameters, variant] of cases) {
				const [items] = await shopkitNode(api, parameters).execute([{}]);
				expectConforming(previewOf('shopkit', operation), shopkitNodeOutput, variant, items.map((item) => item.json), { operation });
			}
			const [failed] = await shopkitNode(api, { operation: 'get', orderId: '404' }).execute([{}], { continueOnFail: true });
			expectConforming(previewOf('shopkit', 'order/get'), shopkitNodeOutput, 'with Continue On Fail, for an item that failed', failed.map((item) => item.json), { operation: 'order/get' });
		} finally {
			await api.close();
		}
	});
});
