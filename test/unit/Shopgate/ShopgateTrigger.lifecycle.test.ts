import type { IDataObject } from 'n8n-workflow';

import { instanceTag } from '../../../nodes/shared/lifecycle/instanceIdentity';
import { secretDigest } from '../../../nodes/shared/inbound/secrets';
import { ShopgateTrigger } from '../../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node';
import { stateIn, staticDataWith } from '../../../dev/nodeInN8nCore';
import { startShopgateApi } from '../../../dev/mocks/shopgateApi';
import type { ShopgateApiMock } from '../../../dev/mocks/shopgateApi';
import { shopgateTrigger } from './shopgateTriggerInCore';

const lifecycle = new ShopgateTrigger().webhookMethods.default;
const NODE_URL = 'https://n8n.example.com/webhook/hook-id/webhook';

describe('Shopgate Trigger: registration through the webhook service', () => {
	let shopgate: ShopgateApiMock;

	beforeEach(async () => {
		shopgate = await startShopgateApi();
	});
	afterEach(async () => {
		await shopgate.close();
	});

	function workflow(events: string[], staticData: IDataObject = {}, credential: IDataObject = {}) {
		return shopgateTrigger({ events }, { baseUrl: shopgate.baseUrl, staticData, credential, workflowId: 'wf-shopgate' });
	}
	const webhooks = () => [...shopgate.webhooks.values()];

	it('logs in with the password grant, creates one webhook for its URL and events, and keeps its id and the merchant token', async () => {
		const staticData: IDataObject = {};
		const trigger = workflow(['productCreated', 'salesOrderAdded'], staticData);
		expect(await lifecycle.checkExists.call(trigger.hookContext())).toBe(false);
		expect(await lifecycle.create.call(trigger.hookContext())).toBe(true);

		expect(shopgate.tokensIssued).toBe(1);
		expect(webhooks()).toEqual([
			{
				id: expect.any(String),
				code: `n8n-${instanceTag(trigger.hookContext())}-wf-shopgate-trigger-node`,
				name: expect.stringContaining('Trigger'),
				endpoint: NODE_URL,
				active: true,
				events: [{ code: 'productCreated' }, { code: 'salesOrderAdded' }],
			},
		]);
		expect(stateIn(staticData)).toEqual({ webhookId: webhooks()[0].id, code: `n8n-${instanceTag(trigger.hookContext())}-wf-shopgate-trigger-node`, tokenDigest: secretDigest(shopgate.webhookToken) });
		expect(JSON.stringify(staticData)).not.toContain(shopgate.webhookToken);
		expect(await lifecycle.checkExists.call(trigger.hookContext())).toBe(true);
	});

	it('finds its webhook by code after a restart and does not create a second one', async () => {
		await lifecycle.create.call(workflow(['productCreated'], {}).hookContext());
		const restarted: IDataObject = {};
		const trigger = workflow(['productCreated'], restarted);
		expect(await lifecycle.checkExists.call(trigger.hookContext())).toBe(false);
		await lifecycle.create.call(trigger.hookContext());
		expect(webhooks()).toHaveLength(1);
		expect(await lifecycle.checkExists.call(trigger.hookContext())).toBe(true);
	});

	it('updates its webhook in place when the events change', async () => {
		const staticData: IDataObject = {};
		await lifecycle.create.call(workflow(['productCreated'], staticData).hookContext());
		const changed = workflow(['fulfillmentOrderAdded', 'importCompleted'], staticData);
		expect(await lifecycle.checkExists.call(changed.hookContext())).toBe(false);
		await lifecycle.create.call(changed.hookContext());
		expect(webhooks()).toHaveLength(1);
		expect(webhooks()[0].events).toEqual([{ code: 'fulfillmentOrderAdded' }, { code: 'importCompleted' }]);
	});

	it('deletes its webhook on deactivation; one already gone counts as deleted', async () => {
		const staticData: IDataObject = {};
		await lifecycle.create.call(workflow(['productCreated'], staticData).hookContext());
		expect(await lifecycle.delete.call(workflow(['productCreated'], staticData).hookContext())).toBe(true);
		expect(webhooks()).toEqual([]);
		expect(stateIn(staticData)).toEqual({});
		expect(await lifecycle.delete.call(workflow(['productCreated'], staticDataWith({ webhookId: 'gone' })).hookContext())).toBe(true);
	});

	it('reads the errors Shopgate returns with HTTP 200 and fails activation with them', async () => {
		const trigger = workflow(['productCreated'], {});
		shopgate.failAfter(3, 200, { ids: [], errors: [{ code: 409, entity: 'webhook', entityIndex: 0, reason: 'Webhook code already exists' }] });
		await expect(lifecycle.create.call(trigger.hookContext())).rejects.toMatchObject({
			message: 'Shopgate did not create the webhook: 409 Webhook code already exists',
		});
		expect(shopgate.requests.map((request) => `${request.method} ${request.path.replace(/^\/v1\/merchants\/theMerchant/, '')}`)).toEqual([
			'POST /oauth/token',
			'GET /webhookToken',
			// its code, then the code of versions before instance tags
			'GET /webhooks',
			'GET /webhooks',
			'POST /webhooks',
			// a creation answered with a conflict may have been made by an earlier try: it is looked up by its code
			'GET /webhooks',
		]);
	});

	it.each([
		['password', { password: 'wrong' }],
		['client secret', { clientSecret: 'wrong' }],
		['merchant code', { merchantCode: 'nobody' }],
	])('fails activation with a message naming the credential fields when the login is refused (wrong %s)', async (_case, credential) => {
		const trigger = workflow(['productCreated'], {}, credential);
		await expect(lifecycle.create.call(trigger.hookContext())).rejects.toMatchObject({
			message: expect.stringMatching(/^Shopgate refused the credentials: check the Client ID, Client Secret, Username, Password and Merchant Code/),
		});
		expect(webhooks()).toEqual([]);
	});
});
