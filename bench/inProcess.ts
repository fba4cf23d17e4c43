import { createHash, timingSafeEqual } from 'crypto';
import type { IDataObject, INodeType, IWebhookFunctions } from 'n8n-workflow';

import { KinguinTrigger } from '../nodes/Kinguin/KinguinTrigger.node';
import { ShopgateTrigger } from '../nodes/Shopgate/ShopgateTrigger.node';
import { ShopkitTrigger } from '../nodes/Shopkit/ShopkitTrigger.node';
import { SupplierMarketplaceTrigger } from '../nodes/SupplierMarketplace/SupplierMarketplaceTrigger.node';
import { TikiTrigger } from '../nodes/Tiki/TikiTrigger.node';
import { KINGUIN_PRODUCT_UPDATE } from '../test/fixtures/kinguin';
import { SHOPGATE_PRODUCT_CREATED } from '../test/fixtures/shopgate';
import { SHOPKIT_ORDER_CREATED } from '../test/fixtures/shopkit';
import { SUPPLIER_SALE } from '../test/fixtures/supplierMarketplace';
import { TIKI_REJECTED_DELIVERY } from '../test/fixtures/tiki';
import type { FakeDelivery } from './fakeWebhookContext';
import { fakeWebhookContext } from './fakeWebhookContext';

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const ROUNDS = 5;
const SECRET = 'bench-secret-0123456789abcdef0123456789';

interface Case {
	name: string;
	node: INodeType;
	parameters: IDataObject;
	credentials: IDataObject;
	staticData: IDataObject;
	/** The delivery number `i`: the seed's payload, made distinct so no de-duplication short-cuts it. */
	delivery(i: number): FakeDelivery;
	/** The secret the baseline compares, as the delivery carries it. */
	carried(delivery: FakeDelivery): string;
}

const json = (value: object) => Buffer.from(JSON.stringify(value));
const basic = Buffer.from(`tiki-id:${SECRET}`).toString('base64');

const cases: Case[] = [
	{
		name: 'Kinguin Trigger (product.update)',
		node: new KinguinTrigger(),
		parameters: { events: ['product.update', 'order.status'], ignoreOutOfOrder: true, onlyStatuses: [] },
		credentials: { secret: SECRET },
		staticData: {},
		delivery: (i) => {
			const body = JSON.parse(KINGUIN_PRODUCT_UPDATE);
			body.kinguinId = i % 500;
			body.updatedAt = new Date(Date.UTC(2024, 0, 1) + i).toISOString().replace('Z', '+00:00');
			return { headers: { 'x-event-name': 'product.update', 'x-event-secret': SECRET }, rawBody: json(body) };
		},
		carried: (delivery) => delivery.headers['x-event-secret'],
	},
	{
		name: 'Shopkit Trigger (full order)',
		node: new ShopkitTrigger(),
		parameters: { events: ['order_created'], simplify: true, checkUserAgent: true },
		credentials: {},
		staticData: { secret: SECRET },
		delivery: (i) => {
			const body = JSON.parse(SHOPKIT_ORDER_CREATED);
			body.order.id = 10_000 + i;
			return {
				headers: { 'user-agent': 'Shopkit-Webhook', 'x-shopkit-event': 'order_created' },
				query: { secret: SECRET },
				rawBody: json(body),
			};
		},
		carried: (delivery) => delivery.query!.secret,
	},
	{
		name: 'Tiki Trigger (rejection)',
		node: new TikiTrigger(),
		parameters: { events: ['product:request:rejected'] },
		credentials: {},
		staticData: { grant: { id: 'tiki-id', secret: SECRET } },
		delivery: (i) => {
			const body = JSON.parse(TIKI_REJECTED_DELIVERY);
			body.id = `delivery-${i}`;
			return { headers: { authorization: `Basic ${basic}` }, rawBody: json(body) };
		},
		carried: () => `tiki-id:${SECRET}`,
	},
	{
		name: 'Shopgate Trigger (productCreated)',
		node: new ShopgateTrigger(),
		parameters: { events: ['productCreated'], onlyShopgateIps: false },
		credentials: {},
		staticData: { webhookToken: SECRET },
		delivery: (i) => {
			const body = JSON.parse(SHOPGATE_PRODUCT_CREATED);
			body.id = `delivery-${i}`;
			return { headers: { 'shopgate-token': SECRET }, rawBody: json(body) };
		},
		carried: (delivery) => delivery.headers['shopgate-token'],
	},
	{
		name: 'Supplier Marketplace Trigger (sale, size lines)',
		node: new SupplierMarketplaceTrigger(),
		parameters: { authentication: 'headerSecret', output: 'sizeLines' },
		credentials: { headerName: 'X-Webhook-Secret', secret: SECRET },
		staticData: {},
		delivery: () => ({ headers: { 'x-webhook-secret': SECRET }, rawBody: Buffer.from(SUPPLIER_SALE) }),
		carried: (delivery) => delivery.headers['x-webhook-secret'],
	},
];

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The baseline: what any authenticated JSON webhook must do at least. */
async function bare(delivery: FakeDelivery, expected: Buffer, carried: string): Promise<unknown> {
	const body = JSON.parse(delivery.rawBody.toString('utf8'));
	return timingSafeEqual(expected, digest(carried)) ? body : undefined;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function timePerCall(run: (i: number) => Promise<unknown>): Promise<number> {
	const rounds: number[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		const started = process.hrtime.bigint();
		for (let i = 0; i < CALLS; i++) await run(round * CALLS + i);
		rounds.push(Number(process.hrtime.bigint() - started) / 1000 / CALLS);
	}
	return median(rounds);
}

export interface InProcessResult {
	name: string;
	nodeMicros: number;
	baselineMicros: number;
	ratio: number;
}

export async function benchInProcess(): Promise<InProcessResult[]> {
	const results: InProcessResult[] = [];
	for (const benchCase of cases) {
		const deliveries = Array.from({ length: CALLS * (ROUNDS + 2) }, (_, i) => benchCase.delivery(i));
		let index = 0;
		const context = fakeWebhookContext({
			parameters: benchCase.parameters,
			credentials: benchCase.credentials,
			staticData: benchCase.staticData,
			workflowId: `bench-${benchCase.name}`,
			delivery: () => deliveries[index++ % deliveries.length],
		}) as IWebhookFunctions & { next(): void };
		const expected = digest(SECRET);
		const webhook = benchCase.node.webhook!;

		// warm both paths up, then measure them alternately so drift hits both alike
		for (let i = 0; i < CALLS; i++) {
			context.next();
			await webhook.call(context);
			await bare(deliveries[i], expected, benchCase.carried(deliveries[i]));
		}
		const baselineMicros = await timePerCall((i) => bare(deliveries[i % deliveries.length], expected, benchCase.carried(deliveries[i % deliveries.length])));
		const nodeMicros = await timePerCall(async () => {
			context.next();
			const result = await webhook.call(context);
			if (!result.workflowData) throw new Error(`${benchCase.name}: a benchmark delivery was not emitted`);
		});
		results.push({ name: benchCase.name, nodeMicros, baselineMicros, ratio: nodeMicros / baselineMicros });
	}
	return results;
}

if (require.main === module) {
	void benchInProcess().then((results) => {
		for (const result of results) {
			console.log(`${result.name}: ${result.nodeMicros.toFixed(2)} µs/call vs ${result.baselineMicros.toFixed(2)} µs baseline = ${result.ratio.toFixed(2)}×`);
		}
	});
}
