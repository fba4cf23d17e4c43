import { rmSync } from 'fs';

import { ensureRuntime, N8nApi, packProject, startN8n, triggerWorkflow } from '../../dev/n8n';
import type { N8nInstance, N8nRuntime, TriggerWorkflow } from '../../dev/n8n';
import { KINGUIN_SECRET, kinguinHeaders, productUpdate } from '../../dev/fixtures/kinguin';
import { rememberedDeliveries } from '../../dev/fixtures/rememberedDeliveries';
import type { LedgerOfTrigger } from '../../dev/fixtures/rememberedDeliveries';
import { SHOPGATE_CREDENTIAL_FIELDS } from '../../dev/fixtures/shopgate';
import { shopkitHeaders, shopkitOrder } from '../../dev/fixtures/shopkit';
import { tikiApprovedPayload, tikiCredentialFields } from '../../dev/fixtures/tiki';
import { startShopgateApi } from '../../dev/mocks/shopgateApi';
import type { ShopgateApiMock } from '../../dev/mocks/shopgateApi';
import { startShopkitApi } from '../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../dev/mocks/shopkitApi';
import { startTikiApi } from '../../dev/mocks/tikiApi';
import type { TikiApiMock } from '../../dev/mocks/tikiApi';
import { NEWEST_UPDATES_RETENTION_MS } from '../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.receive';
import { DELIVERY_ID_RETENTION_MS as SHOPGATE_RETENTION_MS } from '../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.receive';
import { REDELIVERY_WINDOW_MS } from '../../nodes/Shopkit/ShopkitTrigger/ShopkitTrigger.receive';
import { DELIVERY_ID_RETENTION_MS as TIKI_RETENTION_MS } from '../../nodes/Tiki/TikiTrigger/TikiTrigger.receive';
import { waitFor } from './setup/waitFor';

/** What a busy shop's trigger remembers when n8n stops: a few hours of 20,000 deliveries a day. */
const REMEMBERED = 3_000;
/** Deliveries answered just before n8n stops, then delivered again after it started. */
const DELIVERED = 50;
const LIVE = '2026-12-01T10:00:00.000+00:00';

type Platform = 'kinguin' | 'shopkit' | 'tiki' | 'shopgate';

interface TriggerUnderTest {
	workflow: TriggerWorkflow;
	ledger: LedgerOfTrigger;
	/** Sends delivery `index` as the platform does; its status. */
	deliver(index: number): Promise<number>;
}

/**
 * Exactly once across a stop and a kill of n8n, for every trigger that recognises redeliveries, in an n8n of this
 * file's own: each trigger remembers 3,000 deliveries of a busy shop, gets 50 more (each answered), n8n stops right
 * after the last answer (gracefully, then in the second round by SIGKILL of its process group) and starts again on
 * the same database, and the platform delivers the same 50 again: none of them runs. n8n 2.41.1 answers a delivery
 * the trigger hands over only after it created the execution and saved the static data that remembers it.
 */
describe('redeliveries after n8n stops or is killed, at a busy shop', () => {
	let runtime: N8nRuntime;
	let tarball: string;
	let n8n: N8nInstance;
	let api: N8nApi;
	let shopkit: ShopkitApiMock;
	let shopgate: ShopgateApiMock;
	let tiki: TikiApiMock;
	const triggers = {} as Record<Platform, TriggerUnderTest>;
	const ids = {} as Record<Platform, string>;
	const platforms: Platform[] = ['kinguin', 'shopkit', 'tiki', 'shopgate'];

	const executionCount = async (platform: Platform) => (await api.executions(ids[platform], { includeData: false })).length;

	/** A new n8n with the package installed, or the same one started again on its user folder (the package is there). */
	async function start(userFolder?: string, port?: number): Promise<void> {
		n8n = await startN8n(runtime, userFolder ? { userFolder, port } : { packages: [tarball] });
		api = await N8nApi.connect(n8n);
	}

	/** SIGKILL to n8n's process group (the main process and its task runner): nothing of n8n's shutdown runs. */
	async function kill(): Promise<void> {
		const exited = new Promise((resolve) => n8n.process.once('exit', resolve));
		process.kill(-n8n.process.pid!, 'SIGKILL');
		await exited;
	}

	/** Delivers `indexes` to every trigger, one after the other per trigger and the triggers at once; every answer must be 2xx. */
	async function deliverAll(indexes: number[]): Promise<void> {
		await Promise.all(
			platforms.map(async (platform) => {
				for (const index of indexes) {
					const status = await triggers[platform].deliver(index);
					if (status < 200 || status > 299) throw new Error(`${platform} delivery ${index} was answered ${status}`);
				}
			}),
		);
	}

	const range = (from: number) => Array.from({ length: DELIVERED }, (_, offset) => from + offset);

	/** Round: 50 new deliveries answered, n8n stopped by `stop` at once, started again, the same 50 again, then one new one. */
	async function roundAcross(stop: () => Promise<void>, from: number): Promise<Record<Platform, number[]>> {
		const before = Object.fromEntries(await Promise.all(platforms.map(async (platform) => [platform, await executionCount(platform)])));
		await deliverAll(range(from));
		await stop();
		await start(n8n.userFolder, n8n.port);
		const afterFirst = Object.fromEntries(await Promise.all(platforms.map(async (platform) => [platform, await executionCount(platform)])));
		await deliverAll(range(from));
		// a new delivery after the redeliveries: once its execution is there, any redelivery that ran would be too
		await deliverAll([from + DELIVERED]);
		const counts = {} as Record<Platform, number[]>;
		for (const platform of platforms) {
			const total = await waitFor(`${platform}'s new delivery to run`, async () => {
				const count = await executionCount(platform);
				return count > afterFirst[platform] ? count : undefined;
			});
			counts[platform] = [afterFirst[platform] - before[platform], total - afterFirst[platform]];
		}
		return counts;
	}

	beforeAll(async () => {
		runtime = await ensureRuntime();
		tarball = process.env.N8N_E2E_TARBALL ?? (await packProject());
		[shopkit, shopgate, tiki] = await Promise.all([startShopkitApi(), startShopgateApi(), startTikiApi()]);
		await start();

		const kinguinCredential = await api.createCredential('restarts: Kinguin', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
		const shopkitCredential = await api.createCredential('restarts: Shopkit', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl });
		const tikiCredential = await api.createCredential('restarts: Tiki', 'tikiOAuth2Api', tikiCredentialFields(tiki.baseUrl));
		const shopgateCredential = await api.createCredential('restarts: Shopgate', 'shopgateApi', {
			environment: 'production',
			...SHOPGATE_CREDENTIAL_FIELDS,
			authUrl: shopgate.baseUrl,
			webhookUrl: shopgate.baseUrl,
		});
		const shopkitUrl = () => [...shopkit.webhooks.values()].find((webhook) => webhook.event === 'order_created')!.url;
		triggers.kinguin = {
			workflow: triggerWorkflow({ node: 'kinguinTrigger', parameters: { events: ['product.update'] }, credentials: { kinguinWebhookApi: kinguinCredential } }),
			ledger: { name: 'newestUpdate', versioned: true, retentionMs: NEWEST_UPDATES_RETENTION_MS },
			deliver: async (index) => (await api.deliver(triggers.kinguin.workflow.webhookPath, productUpdate(100_000 + index, LIVE), kinguinHeaders('product.update'))).status,
		};
		triggers.shopkit = {
			workflow: triggerWorkflow({ node: 'shopkitTrigger', parameters: { events: ['order_created'] }, credentials: { shopkitApi: shopkitCredential } }),
			ledger: { name: 'redeliveries', versioned: false, retentionMs: REDELIVERY_WINDOW_MS },
			deliver: async (index) => (await api.deliver(shopkitUrl(), shopkitOrder(100_000 + index), shopkitHeaders('order_created'))).status,
		};
		triggers.tiki = {
			workflow: triggerWorkflow({ node: 'tikiTrigger', parameters: { events: ['product:request:approved'] }, credentials: { tikiOAuth2Api: tikiCredential } }),
			ledger: { name: 'deliveryIds', versioned: false, retentionMs: TIKI_RETENTION_MS },
			deliver: async (index) => (await tiki.deliver('product:request:approved', tikiApprovedPayload(String(100_000 + index)), { id: `delivery-${index}` })).status,
		};
		triggers.shopgate = {
			workflow: triggerWorkflow({ node: 'shopgateTrigger', parameters: { events: ['productCreated'] }, credentials: { shopgateApi: shopgateCredential } }),
			ledger: { name: 'deliveryIds', versioned: false, retentionMs: SHOPGATE_RETENTION_MS },
			deliver: async (index) => (await shopgate.deliver('productCreated', { catalogCode: 'c', productCode: `p${index}` }, { id: `delivery-${index}` })).status,
		};
		for (const platform of platforms) {
			const { definition } = triggers[platform].workflow;
			const staticData = { global: rememberedDeliveries(definition.nodes[0].id, triggers[platform].ledger, REMEMBERED) };
			ids[platform] = await api.createWorkflow({ ...definition, staticData } as typeof definition);
			await api.activate(ids[platform]);
		}
	}, 240_000);

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([shopkit?.close(), shopgate?.close(), tiki?.close()]);
		if (n8n && !process.env.KEEP_N8N_USER_FOLDER) rmSync(n8n.userFolder, { recursive: true, force: true });
	});

	it('runs none of 50 deliveries answered right before a graceful stop again when they are redelivered after the start', async () => {
		const counts = await roundAcross(() => n8n.stop(), 0);
		expect(counts).toEqual({ kinguin: [DELIVERED, 1], shopkit: [DELIVERED, 1], tiki: [DELIVERED, 1], shopgate: [DELIVERED, 1] });
	}, 180_000);

	it('runs none of 50 deliveries answered right before a SIGKILL again when they are redelivered after the start', async () => {
		const counts = await roundAcross(kill, 1_000);
		expect(counts).toEqual({ kinguin: [DELIVERED, 1], shopkit: [DELIVERED, 1], tiki: [DELIVERED, 1], shopgate: [DELIVERED, 1] });
	}, 180_000);
});
