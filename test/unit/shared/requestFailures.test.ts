import http from 'http';
import type { AddressInfo } from 'net';
import { NodeApiError } from 'n8n-workflow';

import { platformFailureOf, sendToPlatform } from '../../../nodes/shared/transport/platformRequest';
import type { PlatformRequest } from '../../../nodes/shared/transport/platformRequest';
import { N8N_CORE_MAJOR } from '../../../dev/n8nCoreVersion';
import { shopgateTrigger } from '../Shopgate/shopgateTriggerInCore';
import { shopkitTrigger } from '../Shopkit/shopkitTriggerInCore';
import { tikiTrigger } from '../Tiki/tikiTriggerInCore';

/**
 * What n8n's request helper reports of a failed request, read where each n8n version puts it. This file runs in
 * the unit project on n8n-core 2.41.1 and in the compat-core project on 1.123.81 (jest.config.js), with the
 * same expectations: 1.x's NodeApiError keeps neither the answer's headers nor the request library's error.
 */

type Reply = { status: number; headers?: Record<string, string>; body?: unknown } | 'reset' | 'hang';

interface ScriptedApi {
	baseUrl: string;
	/** Method, path and Authorization header of every request to the API (not to /oauth/token). */
	requests: Array<{ path: string; authorization?: string }>;
	tokensIssued: number;
	/** The next requests to the API are answered with these, in order; then `{ ok: true }`. */
	script(...replies: Reply[]): void;
	/** Every token issued so far is refused from now on (401), as a platform whose tokens expired. */
	expireTokens(): void;
	close(): Promise<void>;
}

/** A platform API with a token route (`POST /oauth/token`, OAuth2 client credentials or Shopgate's password grant alike). */
async function scriptedApi({ tokens = false } = {}): Promise<ScriptedApi> {
	const replies: Reply[] = [];
	let validToken: string | undefined;
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			if (req.url?.startsWith('/oauth/token')) {
				api.tokensIssued++;
				validToken = `token-${api.tokensIssued}`;
				res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: validToken, token_type: 'Bearer', expires_in: 3600 }));
				return;
			}
			api.requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
			const reply = replies.shift();
			if (reply === 'reset') {
				req.socket.destroy();
				return;
			}
			if (reply === 'hang') return;
			if (!reply && tokens && req.headers.authorization !== `Bearer ${validToken}`) {
				res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Invalid token' }));
				return;
			}
			const { status, headers, body } = reply ?? { status: 200, body: { ok: true } };
			const text = typeof body === 'string' ? body : JSON.stringify(body ?? {});
			res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json', ...headers }).end(text);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const api: ScriptedApi = {
		baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests: [],
		tokensIssued: 0,
		script: (...next) => replies.push(...next),
		expireTokens: () => {
			validToken = 'none-of-the-issued';
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
	return api;
}

function platform(credentialType: string, baseUrl: string, more: Partial<PlatformRequest> = {}): PlatformRequest {
	return {
		credentialType,
		credentialDisplayName: credentialType,
		name: 'The platform',
		locate: () => ({ baseUrl, configured: [] }),
		guidance: { '400': 'The platform refused the request', default: 'The platform did not answer as expected' },
		...more,
	};
}

const failureOf = async (call: Promise<unknown>) => await call.then(() => undefined, (error: unknown) => error);

let api: ScriptedApi;
afterEach(async () => {
	await api?.close();
});

describe(`the request helper of n8n-core ${N8N_CORE_MAJOR}.x: a failure is read in one shape`, () => {
	const send = (more: Partial<PlatformRequest> = {}, timeoutMs?: number) =>
		sendToPlatform(shopkitTrigger({}, { baseUrl: api.baseUrl }).hookContext(), platform('shopkitApi', api.baseUrl, more), { method: 'POST', path: '/stock', body: { qty: 1 }, timeoutMs });

	it("429 with Retry-After: waits what the platform asks, then sends again; the header is read from the answer", async () => {
		api = await scriptedApi();
		api.script({ status: 429, headers: { 'retry-after': '1' }, body: { message: 'Slow down' } });
		const started = Date.now();
		const answer = await send({ retry: { retryOn: ['rateLimited'], maxRetries: 1, baseDelayMs: 10, maxDelayMs: 5000 } });
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(answer).toEqual({ body: { ok: true }, attempts: 2 });

		api.script({ status: 429, headers: { 'retry-after': '7' }, body: { message: 'Slow down' } });
		const failure = await failureOf(send());
		expect(platformFailureOf(failure)).toMatchObject({ status: 429, retryAfter: '7', answer: { message: 'Slow down' } });
	});

	it.each([
		['{"message"}', { message: 'sizes.0.value: unknown size M' }],
		['{"error"}', { error: 'sizes.0.value: unknown size M' }],
	])("400 with the platform's reason as %s: the message quotes it, the description keeps it", async (_shape, body) => {
		api = await scriptedApi();
		api.script({ status: 400, body });
		const failure = await failureOf(send());
		expect(failure).toBeInstanceOf(NodeApiError);
		expect(failure).toMatchObject({
			message: 'The platform refused the request. The platform\'s answer: "sizes.0.value: unknown size M" (POST /stock: HTTP 400)',
			description: 'sizes.0.value: unknown size M',
			httpCode: '400',
		});
		expect(platformFailureOf(failure)).toMatchObject({ status: 400, answer: body, attempts: 1, end: 'final' });
	});

	it.each([
		[503, { error: 'Service Unavailable' }],
		[500, { message: 'Down' }],
		[502, '<html><body>Bad gateway</body></html>'],
	])('%s: the status and the answer as sent', async (status, body) => {
		api = await scriptedApi();
		api.script({ status, body });
		const failure = await failureOf(send());
		expect(failure).toMatchObject({ httpCode: String(status), message: expect.stringMatching(new RegExp(`^The platform did not answer as expected.* \\(POST /stock: HTTP ${status}\\)$`)) });
		expect(platformFailureOf(failure)).toMatchObject({ status, answer: body });
	});

	it('no answer in time: the kind is a timeout, and the words say how long was waited', async () => {
		api = await scriptedApi();
		api.script('hang');
		const failure = await failureOf(send({}, 300));
		expect(platformFailureOf(failure)).toMatchObject({ code: 'ECONNABORTED', attempts: 1 });
		expect(failure).toMatchObject({ message: 'The platform did not answer as expected (POST /stock)', description: expect.stringMatching(/^No answer in 0\.\d s$/) });
	});

	it('a reset connection and a refused one: each kind by its code', async () => {
		api = await scriptedApi();
		api.script('reset');
		expect(platformFailureOf(await failureOf(send()))).toMatchObject({ code: 'ECONNRESET' });

		const { baseUrl } = api;
		await api.close();
		const refused = await failureOf(sendToPlatform(shopkitTrigger({}, { baseUrl }).hookContext(), platform('shopkitApi', baseUrl), { method: 'POST', path: '/stock' }));
		expect(platformFailureOf(refused)).toMatchObject({ code: 'ECONNREFUSED' });
		expect(refused).toMatchObject({ description: expect.stringMatching(/^The platform did not answer as expected\. /) });
	});

	it('401 with an API key: refused as on every version, after the one more attempt n8n 2.x makes itself', async () => {
		api = await scriptedApi();
		api.script({ status: 401, body: { message: 'Bad key' } }, { status: 401, body: { message: 'Bad key' } });
		const failure = await failureOf(send());
		expect(platformFailureOf(failure)).toMatchObject({ status: 401, answer: { message: 'Bad key' } });
		expect(api.requests).toHaveLength(2);
	});
});

describe(`the request helper of n8n-core ${N8N_CORE_MAJOR}.x: an expired token is renewed`, () => {
	// n8n 1.x resolves a 401 with the other failures: the request is sent again with the 401 thrown, which is when
	// 1.x renews the token, so the old token is refused once more there first
	const refusedBeforeRenewal = N8N_CORE_MAJOR === 1 ? 2 : 1;

	it.each([
		['an OAuth2 token (Tiki)', 'tikiOAuth2Api', (baseUrl: string) => tikiTrigger({}, { baseUrl, credential: { accessTokenUrl: `${baseUrl}/oauth/token` } })],
		["a credential's own token (Shopgate's password grant)", 'shopgateApi', (baseUrl: string) => shopgateTrigger({}, { baseUrl })],
	])('%s: renewed, and the request sent again with the new one', async (_token, credentialType, trigger) => {
		api = await scriptedApi({ tokens: true });
		const node = trigger(api.baseUrl);
		const withToken = platform(credentialType, api.baseUrl, { renewsToken: true });
		await sendToPlatform(node.hookContext(), withToken, { method: 'GET', path: '/events' });
		api.expireTokens();

		expect(await sendToPlatform(node.hookContext(), withToken, { method: 'GET', path: '/events' })).toEqual({ body: { ok: true }, attempts: 1 });
		expect(api.tokensIssued).toBe(2);
		expect(api.requests.slice(1).map((request) => request.authorization)).toEqual([...Array(refusedBeforeRenewal).fill('Bearer token-1'), 'Bearer token-2']);
	});
});
