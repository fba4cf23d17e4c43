import { rmSync } from 'fs';

import { ensureRuntime, N8nApi, packProject, startN8n, triggerWorkflow } from '../../dev/n8n';
import type { N8nInstance } from '../../dev/n8n';
import { SHOPGATE_CREDENTIAL_FIELDS } from '../../dev/fixtures/shopgate';
import { startShopgateApi } from '../../dev/mocks/shopgateApi';
import type { ShopgateApiMock } from '../../dev/mocks/shopgateApi';
import { startShopkitApi } from '../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../dev/mocks/shopkitApi';

/**
 * Registrations across a restart of n8n, in an n8n of this file's own (the shared one must not restart
 * under other test files): a restarted n8n re-activates its workflows without registering anything twice,
 * and a deactivation after the restart still removes the webhooks, from what static data kept alone.
 */
describe('webhook registrations across an n8n restart', () => {
	let n8n: N8nInstance;
	let shopkit: ShopkitApiMock;
	let shopgate: ShopgateApiMock;
	let tarball: string;

	beforeAll(async () => {
		tarball = process.env.N8N_E2E_TARBALL ?? (await packProject());
		n8n = await startN8n(await ensureRuntime(), { packages: [tarball] });
		shopkit = await startShopkitApi();
		shopgate = await startShopgateApi();
	}, 180_000);

	afterAll(async () => {
		await n8n?.stop();
		await shopkit?.close();
		await shopgate?.close();
		if (n8n && !process.env.KEEP_N8N_USER_FOLDER) rmSync(n8n.userFolder, { recursive: true, force: true });
	});

	it('registers nothing twice when n8n restarts, and removes everything on a deactivation after it', async () => {
		let api = await N8nApi.connect(n8n);
		const shopkitCredential = await api.createCredential('restart shopkit', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl });
		const shopgateCredential = await api.createCredential('restart shopgate', 'shopgateApi', {
			environment: 'production',
			...SHOPGATE_CREDENTIAL_FIELDS,
			authUrl: shopgate.baseUrl,
			webhookUrl: shopgate.baseUrl,
		});
		const shopkitWorkflow = await api.createWorkflow(
			triggerWorkflow({ node: 'shopkitTrigger', parameters: { events: ['order_created', 'order_paid'] }, credentials: { shopkitApi: shopkitCredential } }).definition,
		);
		const shopgateWorkflow = await api.createWorkflow(
			triggerWorkflow({ node: 'shopgateTrigger', parameters: { events: ['productCreated'] }, credentials: { shopgateApi: shopgateCredential } }).definition,
		);
		await api.activate(shopkitWorkflow);
		await api.activate(shopgateWorkflow);
		const shopkitBefore = [...shopkit.webhooks.values()];
		const shopgateBefore = [...shopgate.webhooks.values()];
		expect(shopkitBefore).toHaveLength(2);
		expect(shopgateBefore).toHaveLength(1);

		await n8n.stop();
		n8n = await startN8n(await ensureRuntime(), { userFolder: n8n.userFolder, port: n8n.port, packages: [tarball] });
		api = await N8nApi.connect(n8n);
		expect((await api.getWorkflow(shopkitWorkflow)).active).toBe(true);
		expect([...shopkit.webhooks.values()]).toEqual(shopkitBefore);
		expect([...shopgate.webhooks.values()]).toEqual(shopgateBefore);
		expect(shopkit.requests.filter((request) => request.method === 'POST')).toHaveLength(2);

		await api.deactivate(shopkitWorkflow);
		await api.deactivate(shopgateWorkflow);
		expect(shopkit.webhooks.size).toBe(0);
		expect(shopgate.webhooks.size).toBe(0);
	}, 180_000);
});
