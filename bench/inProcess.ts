import { createHash, timingSafeEqual } from 'crypto';
import type { IDataObject, INodeType, IWebhookFunctions } from 'n8n-workflow';

import { KinguinProductUpdate } from '../nodes/Kinguin/Kinguin.schemas';
import { KinguinTrigger } from '../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node';
import { ShopgateEnvelope, shopgatePayloadSchema } from '../nodes/Shopgate/Shopgate.schemas';
import { ShopgateTrigger } from '../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node';
import { ShopkitOrderDelivery } from '../nodes/Shopkit/Shopkit.schemas';
import { ShopkitTrigger } from '../nodes/Shopkit/ShopkitTrigger/ShopkitTrigger.node';
import { SupplierSalesDelivery } from '../nodes/SupplierMarketplace/SupplierMarketplace.schemas';
import { SupplierMarketplaceTrigger } from '../nodes/SupplierMarketplace/SupplierMarketplaceTrigger/SupplierMarketplaceTrigger.node';
import { payloadSchemaOf, TikiEnvelope } from '../nodes/Tiki/TikiTrigger/TikiTrigger.schemas';
import { TikiTrigger } from '../nodes/Tiki/TikiTrigger/TikiTrigger.node';
import { secretDigest } from '../nodes/shared/inbound/secrets';
import { KINGUIN_PRODUCT_UPDATE } from '../dev/fixtures/kinguin';
import { SHOPGATE_PRODUCT_CREATED } from '../dev/fixtures/shopgate';
import { SHOPKIT_ORDER_CREATED } from '../dev/fixtures/shopkit';
import { SUPPLIER_SALE } from '../dev/fixtures/supplierMarketplace';
import { TIKI_REJECTED_DELIVERY } from '../dev/fixtures/tiki';
import type { FakeDelivery } from './fakeWebhookContext';
import { fakeWebhookContext } from './fakeWebhookContext';
import { median } from './median';

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const ROUNDS = 7;
/** Distinct deliveries, used in turn: few enough that the heap stays small. */
const POOL = 5000;
/**
 * The triggers remember a delivery for their platform's retry horizon (at most 25 hours): the clock the
 * ledger reads moves on by more than that each time the pool comes round, so no delivery is a repeat.
 */
const PAST_EVERY_HORIZON_MS = 26 * 60 * 60 * 1000;
const SECRET = 'bench-secret-0123456789abcdef0123456789';

interface Case {
	name: string;
	node: INodeType;
	parameters: IDataObject;
	credentials: IDataObject;
	staticData: IDataObject;
	/** The delivery number `i` of the pool: the seed's payload, made distinct so no de-duplication short-cuts it. */
	delivery(i: number): FakeDelivery;
	/** The secret the baseline compares, as the delivery carries it. */
	carried(delivery: FakeDelivery): string;
	/** The trigger's zod validation of the parsed body alone, as its webhook() runs it. */
	validate(body: unknown): unknown;
}

const json = (value: object) => Buffer.from(JSON.stringify(value));
/** Static data holding what activation leaves as the bench node's state (nodes/shared/memory/nodeState.ts). */
const nodeStateOf = (state: IDataObject): IDataObject => ({ 'node:bench-node': state });
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
			body.kinguinId = 100_000 + i;
			return { headers: { 'x-event-name': 'product.update', 'x-event-secret': SECRET }, rawBody: json(body) };
		},
		carried: (delivery) => delivery.headers['x-event-secret'],
		validate: (body) => KinguinProductUpdate.safeParse(body),
	},
	{
		name: 'Shopkit Trigger (full order)',
		node: new ShopkitTrigger(),
		parameters: { events: ['order_created'], simplify: true, checkUserAgent: true },
		credentials: {},
		staticData: nodeStateOf({ webhooks: [{ id: 1, event: 'order_created', url: 'https://n8n.example.com/webhook/bench/webhook', secretDigest: secretDigest(SECRET) }] }),
		delivery: (i) => {
			const body = JSON.parse(SHOPKIT_ORDER_CREATED);
			body.order.id = 10_000 + i;
			// the seed's client is Shopkit itself, which the trigger takes for the dashboard's test order
			body.order.client.email = `client${i}@example.com`;
			return {
				headers: { 'user-agent': 'Shopkit-Webhook', 'x-shopkit-event': 'order_created' },
				query: { secret: SECRET },
				rawBody: json(body),
			};
		},
		carried: (delivery) => delivery.query!.secret,
		validate: (body) => ShopkitOrderDelivery.safeParse(body),
	},
	{
		name: 'Tiki Trigger (rejection)',
		node: new TikiTrigger(),
		parameters: { events: ['product:request:rejected'] },
		credentials: { webhookId: 'tiki-id', webhookSecret: SECRET },
		staticData: nodeStateOf({ grantDigest: secretDigest(`tiki-id:${SECRET}`) }),
		delivery: (i) => {
			const body = JSON.parse(TIKI_REJECTED_DELIVERY);
			body.id = `delivery-${i}`;
			return { headers: { authorization: `Basic ${basic}` }, rawBody: json(body) };
		},
		carried: () => `tiki-id:${SECRET}`,
		validate: (body) => {
			const envelope = TikiEnvelope.parse(body);
			return payloadSchemaOf('product:request:rejected').safeParse(envelope.payload);
		},
	},
	{
		name: 'Shopgate Trigger (productCreated)',
		node: new ShopgateTrigger(),
		parameters: { events: ['productCreated'], onlyShopgateIps: false },
		credentials: {},
		staticData: nodeStateOf({ tokenDigest: secretDigest(SECRET) }),
		delivery: (i) => {
			const body = JSON.parse(SHOPGATE_PRODUCT_CREATED);
			body.id = `delivery-${i}`;
			// the seed carries the guide's sample ids, which the trigger takes for the "test webhook" call
			body.webhookId = 'bench-webhook';
			return { headers: { 'shopgate-token': SECRET }, rawBody: json(body) };
		},
		carried: (delivery) => delivery.headers['shopgate-token'],
		validate: (body) => {
			const envelope = ShopgateEnvelope.parse(body);
			return shopgatePayloadSchema(envelope.eventCode).safeParse(envelope.payload);
		},
	},
	{
		name: 'Supplier Marketplace Trigger (sale, size lines)',
		node: new SupplierMarketplaceTrigger(),
		parameters: { authentication: 'headerSecret', output: 'sizeLines' },
		credentials: { headerName: 'X-Webhook-Secret', secret: SECRET },
		staticData: {},
		delivery: () => ({ headers: { 'x-webhook-secret': SECRET }, rawBody: Buffer.from(SUPPLIER_SALE) }),
		carried: (delivery) => delivery.headers['x-webhook-secret'],
		validate: (body) => SupplierSalesDelivery.safeParse(body),
	},
];

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The baseline: what any authenticated JSON webhook must do at least. */
async function bare(delivery: FakeDelivery, expected: Buffer, carried: string): Promise<unknown> {
	const body = JSON.parse(delivery.rawBody.toString('utf8'));
	return timingSafeEqual(expected, digest(carried)) ? body : undefined;
}


/** µs per call of one round of CALLS calls. */
async function roundMicros(run: (i: number) => unknown): Promise<number> {
	const started = process.hrtime.bigint();
	for (let i = 0; i < CALLS; i++) await run(i);
	return Number(process.hrtime.bigint() - started) / 1000 / CALLS;
}

export interface InProcessResult {
	name: string;
	nodeMicros: number;
	baselineMicros: number;
	ratio: number;
	/** Of nodeMicros, what the payload's zod validation alone costs. */
	validationMicros: number;
	/** (nodeMicros − validationMicros) / baselineMicros: the trigger's own work besides zod. */
	ratioBesidesValidation: number;
	/** The Node.js that ran the measurement. */
	node: string;
}

export async function benchInProcess(): Promise<InProcessResult[]> {
	const results: InProcessResult[] = [];
	const realNow = Date.now.bind(Date);
	let clockShift = 0;
	Date.now = () => realNow() + clockShift;
	for (const benchCase of cases) {
		const deliveries = Array.from({ length: POOL }, (_, i) => benchCase.delivery(i));
		const parsed = deliveries.map((delivery) => JSON.parse(delivery.rawBody.toString('utf8')));
		let index = 0;
		const context = fakeWebhookContext({
			parameters: benchCase.parameters,
			credentials: benchCase.credentials,
			staticData: benchCase.staticData,
			workflowId: `bench-${benchCase.name}`,
			delivery: () => {
				if (index % POOL === 0) clockShift += PAST_EVERY_HORIZON_MS;
				return deliveries[index++ % POOL];
			},
		}) as IWebhookFunctions & { next(): void };
		const expected = digest(SECRET);
		const webhook = benchCase.node.webhook!;
		const paths = {
			baseline: (i: number) => bare(deliveries[i % POOL], expected, benchCase.carried(deliveries[i % POOL])),
			node: async () => {
				context.next();
				const result = await webhook.call(context);
				if (!result.workflowData) throw new Error(`${benchCase.name}: a benchmark delivery was not emitted`);
			},
			validation: (i: number) => benchCase.validate(parsed[i % POOL]),
		};

		// a warm-up round, then the three paths round by round, so that drift and collections hit them alike
		for (const path of Object.values(paths)) await roundMicros(path);
		const rounds = { baseline: [] as number[], node: [] as number[], validation: [] as number[] };
		for (let round = 0; round < ROUNDS; round++) {
			for (const [name, path] of Object.entries(paths)) rounds[name as keyof typeof paths].push(await roundMicros(path));
		}
		const [baselineMicros, nodeMicros, validationMicros] = [rounds.baseline, rounds.node, rounds.validation].map(median);
		results.push({
			name: benchCase.name,
			nodeMicros,
			baselineMicros,
			ratio: nodeMicros / baselineMicros,
			validationMicros,
			ratioBesidesValidation: (nodeMicros - validationMicros) / baselineMicros,
			node: process.versions.node,
		});
	}
	Date.now = realNow;
	return results;
}

/** Run directly (`--json` for bench/run.ts, which starts it under n8n's Node), or imported. */
if (require.main === module) {
	void benchInProcess().then((results) => {
		if (process.argv.includes('--json')) {
			process.stdout.write(`${JSON.stringify(results)}\n`);
			return;
		}
		for (const result of results) {
			console.log(
				`${result.name}: ${result.nodeMicros.toFixed(2)} µs/call vs ${result.baselineMicros.toFixed(2)} µs baseline = ${result.ratio.toFixed(2)}× (zod ${result.validationMicros.toFixed(2)} µs; besides it ${result.ratioBesidesValidation.toFixed(2)}×) on Node ${result.node}`,
			);
		}
	});
}
