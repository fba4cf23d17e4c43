import { NodeApiError } from 'n8n-workflow';

import { ShopgateTrigger } from '../../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node';
import { ShopkitTrigger } from '../../../nodes/Shopkit/ShopkitTrigger/ShopkitTrigger.node';
import { TikiTrigger } from '../../../nodes/Tiki/TikiTrigger/TikiTrigger.node';
import { startShopgateApi } from '../../../dev/mocks/shopgateApi';
import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import { startTikiApi } from '../../../dev/mocks/tikiApi';
import type { NodeInN8nCore } from '../../../dev/nodeInN8nCore';
import { shopgateTrigger } from '../Shopgate/shopgateTriggerInCore';
import { shopkitTrigger } from '../Shopkit/shopkitTriggerInCore';
import { tikiTrigger } from '../Tiki/tikiTriggerInCore';

interface Mock {
	failAfter(answered: number, status: number, body?: unknown): void;
	failNext(status: number, body?: unknown, count?: number): void;
	close(): Promise<void>;
	registered(): number;
}

interface Platform {
	name: string;
	lifecycle: { create: (this: never) => Promise<boolean> };
	start(): Promise<{ mock: Mock; trigger: NodeInN8nCore }>;
	/** Requests a successful activation makes before its first creation, so a fault can hit that creation. */
	before: number;
}

const platforms: Platform[] = [
	{
		name: 'Shopkit',
		lifecycle: new ShopkitTrigger().webhookMethods.default as never,
		// the list of the store's webhooks
		before: 1,
		async start() {
			const api = await startShopkitApi();
			return {
				mock: { failAfter: api.failAfter, failNext: api.failNext, close: api.close, registered: () => api.webhooks.size },
				trigger: shopkitTrigger({ events: ['order_created', 'order_paid'] }, { baseUrl: api.baseUrl }),
			};
		},
	},
	{
		name: 'Tiki',
		lifecycle: new TikiTrigger().webhookMethods.default as never,
		before: 1,
		async start() {
			const api = await startTikiApi();
			return {
				mock: { failAfter: api.failAfter, failNext: api.failNext, close: api.close, registered: () => api.webhooks.size },
				trigger: tikiTrigger({ events: ['product:request:approved', 'product:request:rejected'] }, { baseUrl: api.baseUrl }),
			};
		},
	},
	{
		name: 'Shopgate',
		lifecycle: new ShopgateTrigger().webhookMethods.default as never,
		// the merchant's webhook token, the lookups by code (with and without the instance tag)
		before: 3,
		async start() {
			const api = await startShopgateApi();
			return {
				mock: { failAfter: api.failAfter, failNext: api.failNext, close: api.close, registered: () => api.webhooks.size },
				trigger: shopgateTrigger({ events: ['productCreated'] }, { baseUrl: api.baseUrl }),
			};
		},
	},
];

const faults = [
	{ status: 401, says: /credential/ },
	{ status: 429, says: /(wait|requests)/ },
	{ status: 500, says: /(did not answer as expected|HTTP 500)/ },
	{ status: 503, says: /HTTP 503/ },
];

/**
 * A platform API that fails while a workflow is being activated: activation fails with a message that
 * says what to do, and leaves nothing registered at the platform.
 */
describe.each(platforms)('$name registration faults', (platform) => {
	it.each(faults)('fails activation on HTTP $status with a message that says what to do, leaving nothing registered', async ({ status, says }) => {
		const { mock, trigger } = await platform.start();
		try {
			// the fault persists, as a refused key or an overloaded API does (n8n itself sends a request again once after a 401)
			mock.failAfter(platform.before, status, { message: 'injected' });
			mock.failNext(status, { message: 'injected' }, 3);
			const activation = platform.lifecycle.create.call(trigger.hookContext() as never);
			await expect(activation).rejects.toThrow(NodeApiError);
			await expect(activation).rejects.toMatchObject({ message: expect.stringMatching(says) });
			expect(mock.registered()).toBe(0);
		} finally {
			await mock.close();
		}
	});

	it('fails activation when the answer is not what the API documents, leaving nothing registered', async () => {
		const { mock, trigger } = await platform.start();
		try {
			mock.failAfter(platform.before, 200, 'not the documented answer');
			await expect(platform.lifecycle.create.call(trigger.hookContext() as never)).rejects.toThrow();
			expect(mock.registered()).toBe(0);
		} finally {
			await mock.close();
		}
	});
});

describe('registration when a platform API does not answer', () => {
	it('sends a registration call again after the request timeout, for every platform at once, and registers', async () => {
		const started = await Promise.all(platforms.map(async (platform) => ({ platform, ...(await platform.start()) })));
		try {
			const outcomes = await Promise.allSettled(
				started.map(({ platform, mock, trigger }) => {
					mock.failAfter(platform.before, 0);
					return platform.lifecycle.create.call(trigger.hookContext() as never);
				}),
			);
			expect(outcomes.map((outcome) => outcome.status)).toEqual(platforms.map(() => 'fulfilled'));
			for (const { mock } of started) expect(mock.registered()).toBeGreaterThan(0);
		} finally {
			await Promise.all(started.map(({ mock }) => mock.close()));
		}
	}, 60_000);
});

describe.each(platforms)('$name deactivation faults', (platform) => {
	it('fails a deactivation the API refuses, keeps what is left to remove, and removes it on the next try', async () => {
		const { mock, trigger } = await platform.start();
		const lifecycle = platform.lifecycle as unknown as { create(this: never): Promise<boolean>; delete(this: never): Promise<boolean> };
		try {
			await lifecycle.create.call(trigger.hookContext() as never);
			expect(mock.registered()).toBeGreaterThan(0);
			// the API keeps failing through every retry
			mock.failNext(500, { message: 'injected' }, 4);
			await expect(lifecycle.delete.call(trigger.hookContext() as never)).rejects.toThrow(NodeApiError);
			expect(mock.registered()).toBeGreaterThan(0);
			expect(await lifecycle.delete.call(trigger.hookContext() as never)).toBe(true);
			expect(mock.registered()).toBe(0);
		} finally {
			await mock.close();
		}
	});
});
