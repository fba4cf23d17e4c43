import type { IDataObject } from 'n8n-workflow';

import { ShopkitTrigger } from '../../../nodes/Shopkit/ShopkitTrigger/ShopkitTrigger.node';
import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import type { ShopkitApiMock, ShopkitWebhook } from '../../../dev/mocks/shopkitApi';
import { shopkitTrigger } from './shopkitTriggerInCore';

const lifecycle = new ShopkitTrigger().webhookMethods.default;
const EVENTS = ['order_created', 'order_paid'];

/**
 * 60 webhooks of other integrations on the same events, listed before the node's: an invoicing app's, and another
 * n8n's whose URL has the same path (a copy of the workflow, with its own instance tag and secret).
 */
function foreignWebhooks(): ShopkitWebhook[] {
	return Array.from({ length: 60 }, (_, i) => ({
		id: i + 1,
		event: EVENTS[i % 2],
		url:
			i % 3 === 0
				? `https://other-n8n.example.com/webhook/hook-id/webhook?n8n-instance=${'f'.repeat(16)}&secret=${String(i).padStart(64, '0')}`
				: `https://invoicing.example.com/shopkit/${i}`,
		active: i % 7 !== 0,
	}));
}

describe.each(['array', 'paged'] as const)('Shopkit Trigger in a store with 60 other webhooks, its list paged as %s', (listShape) => {
	let api: ShopkitApiMock;
	let foreign: ShopkitWebhook[];

	beforeEach(async () => {
		api = await startShopkitApi();
		api.listShape = listShape;
		foreign = foreignWebhooks();
		for (const webhook of foreign) api.webhooks.set(webhook.id, { ...webhook });
	});
	afterEach(async () => {
		await api.close();
	});

	const workflow = (staticData: IDataObject) => shopkitTrigger({ events: EVENTS }, { baseUrl: api.baseUrl, staticData, workflowId: 'wf-busy' });
	const own = () => [...api.webhooks.values()].filter((webhook) => webhook.id > 60);
	const others = () => [...api.webhooks.values()].filter((webhook) => webhook.id <= 60);
	const listPages = () => api.requests.filter((request) => request.method === 'GET' && request.path === '/v1/webhook').length;

	async function activated(staticData: IDataObject) {
		const trigger = workflow(staticData);
		expect(await lifecycle.checkExists.call(trigger.hookContext())).toBe(false);
		expect(await lifecycle.create.call(trigger.hookContext())).toBe(true);
		return trigger;
	}

	it('activation registers its two webhooks, and a restart finds them on the list\'s last page and changes nothing', async () => {
		const staticData: IDataObject = {};
		await activated(staticData);
		const registered = own();
		expect(registered.map((webhook) => webhook.event).sort()).toEqual(EVENTS);
		expect(others()).toEqual(foreign);

		const before = api.requests.length;
		// n8n's start: checkExists, and create only when it says false
		expect(await lifecycle.checkExists.call(workflow(staticData).hookContext('init'))).toBe(true);
		expect(api.requests.slice(before).every((request) => request.method === 'GET')).toBe(true);
		expect(api.requests.length - before).toBe(2);
		expect(own()).toEqual(registered);
		expect(others()).toEqual(foreign);
	});

	it('a restart with one of its webhooks suspended revives exactly that one, and touches no other webhook', async () => {
		const staticData: IDataObject = {};
		await activated(staticData);
		const [kept, suspended] = own().sort((a, b) => a.event.localeCompare(b.event));
		api.webhooks.get(suspended.id)!.active = false;

		const trigger = workflow(staticData);
		expect(await lifecycle.checkExists.call(trigger.hookContext('init'))).toBe(false);
		expect(await lifecycle.create.call(trigger.hookContext('init'))).toBe(true);

		const after = own().sort((a, b) => a.event.localeCompare(b.event));
		expect(after).toHaveLength(2);
		expect(after[0]).toEqual(kept);
		expect(after[1]).toMatchObject({ event: suspended.event, url: suspended.url, active: true });
		expect(after[1].id).not.toBe(suspended.id);
		expect(others()).toEqual(foreign);
		expect(await lifecycle.checkExists.call(workflow(staticData).hookContext('init'))).toBe(true);
	});

	it('deactivation deletes exactly its webhooks, wherever they are on the list', async () => {
		const staticData: IDataObject = {};
		const trigger = await activated(staticData);
		const pagesBefore = listPages();
		expect(await lifecycle.delete.call(trigger.hookContext('remove'))).toBe(true);

		expect(own()).toEqual([]);
		expect(others()).toEqual(foreign);
		expect(listPages() - pagesBefore).toBeGreaterThanOrEqual(2);
	});
});
