import type { IDataObject } from 'n8n-workflow';

import { shopkitHeaders, shopkitOrder } from '../../../dev/fixtures/shopkit';
import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import type { NodeInN8nCore } from '../../../dev/nodeInN8nCore';
import { ShopkitTrigger } from '../../../nodes/Shopkit/ShopkitTrigger/ShopkitTrigger.node';
import { atTimes } from '../atTimes';
import { shopkitTrigger } from './shopkitTriggerInCore';

const lifecycle = new ShopkitTrigger().webhookMethods.default;
const PRODUCTION = 'https://n8n.example.com/webhook/hook-id/webhook';
const MOVED = 'https://n8n.moved.example/webhook';
const HOUR = 60 * 60 * 1000;
const [FIRST, SECOND, THIRD] = ['1'.repeat(64), '2'.repeat(64), '3'.repeat(64)];

let shopkit: ShopkitApiMock;

beforeEach(async () => {
	shopkit = await startShopkitApi();
});
afterEach(async () => {
	await shopkit.close();
});

let workflows = 0;
// what a node keeps in the process (when Shopkit was last asked) is per workflow: each test is a workflow of its own
let workflowId: string;
beforeEach(() => {
	workflowId = `shopkit-secrets-${++workflows}`;
});
const trigger = (staticData: IDataObject, webhookBaseUrl?: string) =>
	shopkitTrigger({ events: ['order_created', 'order_paid'] }, { baseUrl: shopkit.baseUrl, staticData, workflowId }, { webhookBaseUrl });
const order = (node: NodeInN8nCore, secret: string, id: number) =>
	node.deliver({ headers: shopkitHeaders('order_created'), rawBody: shopkitOrder(id), query: { secret } });
const activate = async (node: NodeInN8nCore) => {
	if (!(await lifecycle.checkExists.call(node.hookContext('init')))) await lifecycle.create.call(node.hookContext('init'));
};

/**
 * Webhooks registered before instance tags, each with a secret of its own (as earlier versions could leave them),
 * then a move to a new WEBHOOK_URL: the new webhooks carry one secret, and the other one no webhook carries any more.
 */
describe('Shopkit Trigger: a secret its webhooks no longer carry', () => {
	it("stays accepted for Shopkit's 6-hour retry horizon after the move, and is refused after it", async () => {
		const staticData: IDataObject = {};
		shopkit.webhooks.set(41, { id: 41, event: 'order_created', url: `${PRODUCTION}?secret=${FIRST}`, active: true });
		shopkit.webhooks.set(42, { id: 42, event: 'order_paid', url: `${PRODUCTION}?secret=${SECOND}`, active: true });

		const answers = await atTimes([0, 0, 5 * HOUR, 6 * HOUR + 1000], async (_offset, step) => {
			if (step === 0) {
				await activate(trigger(staticData));
				return 'kept';
			}
			if (step === 1) {
				await activate(trigger(staticData, MOVED));
				const secrets = [...shopkit.webhooks.values()].map((webhook) => new URL(webhook.url).searchParams.get('secret'));
				return secrets.every((secret) => secret === FIRST) ? 'moved, carrying the first secret only' : `moved, carrying ${secrets.join(', ')}`;
			}
			return (await order(trigger(staticData, MOVED), SECOND, step)).response.status;
		});
		expect(answers).toEqual(['kept', 'moved, carrying the first secret only', 204, 401]);
	});

	it('accepts a secret the state does not know once a webhook of the node carried it at Shopkit, until 6 hours after Shopkit last listed it', async () => {
		const staticData: IDataObject = {};
		shopkit.webhooks.set(41, { id: 41, event: 'order_created', url: `${PRODUCTION}?secret=${FIRST}`, active: true });
		const answers = await atTimes([0, 0, 5 * HOUR, 6 * HOUR + 1000], async (_offset, step) => {
			if (step === 0) {
				await activate(trigger(staticData));
				// a newer registration the node's copy of the state does not know yet
				shopkit.webhooks.set(43, { id: 43, event: 'order_paid', url: `${PRODUCTION}?secret=${THIRD}`, active: true });
				return 'registered';
			}
			const status = (await order(trigger(staticData), THIRD, step)).response.status;
			shopkit.webhooks.delete(43);
			return status;
		});
		expect(answers).toEqual(['registered', 204, 204, 401]);
	});
});
