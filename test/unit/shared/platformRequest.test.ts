import { NodeApiError } from 'n8n-workflow';

import { ShopgateTrigger } from '../../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.node';
import { ShopkitTrigger } from '../../../nodes/Shopkit/ShopkitTrigger/ShopkitTrigger.node';
import { TikiTrigger } from '../../../nodes/Tiki/TikiTrigger/TikiTrigger.node';
import { platformFailureOf, sendToPlatform } from '../../../nodes/shared/transport/platformRequest';
import type { PlatformRequest } from '../../../nodes/shared/transport/platformRequest';
import { startShopgateApi } from '../../../dev/mocks/shopgateApi';
import { startShopkitApi } from '../../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../../dev/mocks/shopkitApi';
import { startTikiApi } from '../../../dev/mocks/tikiApi';
import type { TikiApiMock } from '../../../dev/mocks/tikiApi';
import { shopgateTrigger } from '../Shopgate/shopgateTriggerInCore';
import { shopkitTrigger } from '../Shopkit/shopkitTriggerInCore';
import { tikiTrigger } from '../Tiki/tikiTriggerInCore';

const activate = (trigger: { webhookMethods?: unknown }, context: unknown) =>
	(trigger.webhookMethods as { default: { create(this: unknown): Promise<boolean> } }).default.create.call(context);

describe('shared platform request: configured URLs are checked before anything is sent', () => {
	it('names the Shopkit credential field when its API Base URL lacks a scheme', async () => {
		const trigger = shopkitTrigger({ events: ['order_created'] }, { baseUrl: 'api.shopk.it/v1' });
		await expect(activate(new ShopkitTrigger(), trigger.hookContext())).rejects.toMatchObject({
			message: 'The API Base URL of the Shopkit API credential is not an http(s) URL: "api.shopk.it/v1"',
			description: 'Open the credential and enter the whole address, starting with https:// (or http://).',
		});
	});

	it('names the Custom Base URL of the Tiki credential', async () => {
		const trigger = tikiTrigger({}, { credential: { environment: 'custom', baseUrl: 'tiki-proxy.example.com' } });
		await expect(activate(new TikiTrigger(), trigger.hookContext())).rejects.toMatchObject({
			message: 'The Custom Base URL of the Tiki OAuth2 API credential is not an http(s) URL: "tiki-proxy.example.com"',
		});
	});

	it("checks Shopgate's auth service URL as well as its webhook service URL", async () => {
		const api = await startShopgateApi();
		try {
			const trigger = shopgateTrigger({ events: ['productCreated'] }, { baseUrl: api.baseUrl, credential: { authUrl: 'auth.shopgate.io' } });
			await expect(activate(new ShopgateTrigger(), trigger.hookContext())).rejects.toMatchObject({
				message: 'The Auth Base URL of the Shopgate API credential is not an http(s) URL: "auth.shopgate.io"',
			});
			expect(api.requests).toEqual([]);
		} finally {
			await api.close();
		}
	});
});

describe("shared platform request: the platform's own reason reaches the message n8n shows at activation", () => {
	it('quotes Shopkit\'s {"message": "Invalid url"} beside the guidance', async () => {
		const api = await startShopkitApi();
		try {
			// after the list of the store's webhooks
			api.failAfter(1, 400, { message: 'Invalid url' });
			const activation = activate(new ShopkitTrigger(), shopkitTrigger({ events: ['order_created'] }, { baseUrl: api.baseUrl }).hookContext());
			await expect(activation).rejects.toMatchObject({
				message:
					'Shopkit rejected the request: check that n8n\'s webhook URL is public (set WEBHOOK_URL) and the selected events. Shopkit\'s answer: "Invalid url" (POST /v1/webhook: HTTP 400)',
				description: 'Invalid url',
				httpCode: '400',
			});
		} finally {
			await api.close();
		}
	});

	it("quotes Tiki's nested error message", async () => {
		const api = await startTikiApi();
		try {
			api.failAfter(1, 400, { error: { id: 'invalid_uri', message: 'Invalid URI' } });
			const activation = activate(new TikiTrigger(), tikiTrigger({}, { baseUrl: api.baseUrl }).hookContext());
			await expect(activation).rejects.toMatchObject({
				message: expect.stringMatching(/^Tiki rejected the webhook: .*\. Tiki's answer: "Invalid URI" \(POST \/integration\/v1\/webhooks: HTTP 400\)$/),
			});
		} finally {
			await api.close();
		}
	});

	it('leaves out a reason that only repeats the status line', async () => {
		const api = await startShopkitApi();
		try {
			api.failNext(401, { message: 'Unauthorized' }, 2);
			const activation = activate(new ShopkitTrigger(), shopkitTrigger({ events: ['order_created'] }, { baseUrl: api.baseUrl }).hookContext());
			await expect(activation).rejects.toMatchObject({
				message: 'Shopkit refused the API key: check the API Key of the Shopkit API credential (Account settings → Developers → API) (GET /v1/webhook: HTTP 401)',
			});
		} finally {
			await api.close();
		}
	});
});

/** A client of Shopkit's GET /store with a retry policy, to watch the shared policy at a real server. */
function retryingShopkit(baseUrl: string): PlatformRequest {
	return {
		credentialType: 'shopkitApi',
		credentialDisplayName: 'Shopkit API',
		name: 'Shopkit',
		locate: () => ({ baseUrl, configured: [{ url: baseUrl, field: 'API Base URL' }] }),
		guidance: { default: 'Shopkit did not answer as expected' },
		retry: { retryOn: ['rateLimited', 'serverError'], maxRetries: 2, baseDelayMs: 20, maxDelayMs: 100 },
	};
}

describe('shared platform request: one retry policy', () => {
	let shopkit: ShopkitApiMock;
	beforeEach(async () => {
		shopkit = await startShopkitApi();
	});
	afterEach(async () => {
		await shopkit.close();
	});
	const context = () => shopkitTrigger({}, { baseUrl: shopkit.baseUrl }).hookContext();

	it('sends again what the policy retries, up to its retries, and says how many attempts it took', async () => {
		shopkit.failNext(503, { message: 'Down' }, 2);
		const answer = await sendToPlatform(context(), retryingShopkit(shopkit.baseUrl), { method: 'GET', path: '/store' });
		expect(answer).toEqual({ body: expect.objectContaining({}), attempts: 3 });

		shopkit.failNext(500, { message: 'Down' }, 3);
		const failure = await sendToPlatform(context(), retryingShopkit(shopkit.baseUrl), { method: 'GET', path: '/store' }).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeApiError);
		expect(platformFailureOf(failure)).toMatchObject({ status: 500, attempts: 3, end: 'final', answer: { message: 'Down' } });
	});

	it('never sends again what the request itself got wrong', async () => {
		shopkit.failNext(404, { message: 'Not found' });
		const failure = await sendToPlatform(context(), retryingShopkit(shopkit.baseUrl), { method: 'GET', path: '/store' }).catch((error: unknown) => error);
		expect(platformFailureOf(failure)).toMatchObject({ status: 404, attempts: 1, end: 'final' });
		expect(shopkit.requests).toHaveLength(1);
	});

	it('stops retrying once the caller has stopped', async () => {
		shopkit.failNext(503, { message: 'Down' });
		const failure = await sendToPlatform(context(), retryingShopkit(shopkit.baseUrl), { method: 'GET', path: '/store' }, { stopped: () => true }).catch(
			(error: unknown) => error,
		);
		expect(platformFailureOf(failure)).toMatchObject({ status: 503, attempts: 1, end: 'stopped' });
		expect(shopkit.requests).toHaveLength(1);
	});
});

describe('shared platform request: a deadline bounds the wait, whatever Retry-After asks', () => {
	let tiki: TikiApiMock;
	beforeEach(async () => {
		tiki = await startTikiApi();
	});
	afterEach(async () => {
		await tiki.close();
	});

	it('fails at once instead of waiting past the deadline', async () => {
		const platform: PlatformRequest = {
			credentialType: 'tikiOAuth2Api',
			credentialDisplayName: 'Tiki OAuth2 API',
			name: 'Tiki',
			locate: () => ({ baseUrl: tiki.baseUrl, configured: [] }),
			guidance: { '429': 'Tiki kept answering "too many requests"', default: 'Tiki did not answer as expected' },
			retry: { retryOn: ['rateLimited'], maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 },
		};
		tiki.failNext(429, { errors: ['Too many requests'] }, 1, { 'retry-after': '20' });
		const started = Date.now();
		const failure = await sendToPlatform(tikiTrigger({}, { baseUrl: tiki.baseUrl }).hookContext(), platform, { method: 'GET', path: '/integration/v1/webhooks' }, {
			deadline: Date.now() + 5000,
		}).catch((error: unknown) => error);
		expect(Date.now() - started).toBeLessThan(4000);
		expect(failure).toMatchObject({ message: 'Tiki kept answering "too many requests" (GET /integration/v1/webhooks: HTTP 429)' });
		expect(platformFailureOf(failure)).toMatchObject({ status: 429, retryAfter: '20', attempts: 1, end: 'deadline' });
	});
});
