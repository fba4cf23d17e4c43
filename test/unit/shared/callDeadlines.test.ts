import http from 'http';
import type { AddressInfo } from 'net';
import { NodeApiError } from 'n8n-workflow';

import { platformFailureOf, sendToPlatform } from '../../../nodes/shared/transport/platformRequest';
import type { PlatformRequest } from '../../../nodes/shared/transport/platformRequest';
import { SHOPGATE_TOKEN_TIMEOUT_MS } from '../../../credentials/platforms/shopgate';
import { startShopgateApi } from '../../../dev/mocks/shopgateApi';
import { shopgateTrigger } from '../Shopgate/shopgateTriggerInCore';
import { shopkitTrigger } from '../Shopkit/shopkitTriggerInCore';
import { tikiTrigger } from '../Tiki/tikiTriggerInCore';

/**
 * Every call out ends by its time, in n8n-core's real request helpers: whatever the socket does (silent, or
 * trickling an answer that never ends) and whatever n8n does for the call first (an OAuth2 token, a credential's
 * token request). The sockets of an abandoned attempt are closed.
 */

interface Unanswering {
	url: string;
	/** Method and path of every request received. */
	requests: string[];
	/** Requests whose connection has been closed. */
	closed: () => number;
	close: () => Promise<void>;
}

/** A server that accepts every request and never answers it; `trickle` sends the headers and then a space every 20 ms, for ever. */
async function unanswering({ trickle = false } = {}): Promise<Unanswering> {
	const requests: string[] = [];
	let closed = 0;
	const timers = new Set<NodeJS.Timeout>();
	const server = http.createServer((req, res) => {
		requests.push(`${req.method} ${req.url}`);
		req.socket.once('close', () => closed++);
		if (!trickle) return;
		res.writeHead(200, { 'content-type': 'application/json' });
		const timer = setInterval(() => res.write(' '), 20);
		timers.add(timer);
		req.socket.once('close', () => clearInterval(timer));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		closed: () => closed,
		close: async () => {
			for (const timer of timers) clearInterval(timer);
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

async function until(condition: () => boolean, withinMs = 10_000): Promise<void> {
	const end = Date.now() + withinMs;
	while (!condition()) {
		if (Date.now() > end) throw new Error('the condition did not hold in time');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

function platform(credentialType: string, baseUrl: string, retry?: PlatformRequest['retry']): PlatformRequest {
	return {
		credentialType,
		credentialDisplayName: credentialType,
		name: 'The platform',
		locate: () => ({ baseUrl, configured: [] }),
		guidance: { default: 'The platform did not answer as expected' },
		retry,
	};
}

/** How a call that got no answer in time says so: how long it waited in all (measured, so not asserted to the tenth). */
const NO_ANSWER = /^No answer in \d+(\.\d)? s$/;

let server: Unanswering | undefined;

afterEach(async () => {
	await server?.close();
	server = undefined;
});

describe('every call out ends by its time', () => {
	it('ends an attempt whose answer trickles in without end (the socket is never silent), and closes its socket', async () => {
		server = await unanswering({ trickle: true });
		const context = shopkitTrigger({}, { baseUrl: server.url }).hookContext();
		const failure = await sendToPlatform(context, platform('shopkitApi', server.url), { method: 'GET', path: '/store', timeoutMs: 500 }).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeApiError);
		expect(failure).toMatchObject({ message: 'The platform did not answer as expected (GET /store)', description: expect.stringMatching(NO_ANSWER) });
		expect(platformFailureOf(failure)).toMatchObject({ code: 'ECONNABORTED', attempts: 1, end: 'final' });
		await until(() => server!.closed() === 1);
	});

	it('ends the wait at the deadline, however long the timeout, and sends no retry past it', async () => {
		server = await unanswering();
		const context = shopkitTrigger({}, { baseUrl: server.url }).hookContext();
		const retrying = platform('shopkitApi', server.url, { retryOn: ['unanswered'], maxRetries: 5, baseDelayMs: 1, maxDelayMs: 1 });
		const failure = await sendToPlatform(context, retrying, { method: 'GET', path: '/store' }, { deadline: Date.now() + 400 }).catch((error: unknown) => error);
		expect(platformFailureOf(failure)).toMatchObject({ code: 'ECONNABORTED', end: 'deadline' });
		expect((failure as NodeApiError).description).toMatch(NO_ANSWER);
		expect(server.requests).toEqual(['GET /store']);
	});

	it("ends an attempt while n8n-core still waits for the Tiki OAuth2 token it fetches first", async () => {
		server = await unanswering();
		const context = tikiTrigger({}, { baseUrl: server.url }).hookContext();
		const failure = await sendToPlatform(context, platform('tikiOAuth2Api', server.url), { method: 'GET', path: '/integration/v1/webhooks', timeoutMs: 500 }).catch(
			(error: unknown) => error,
		);
		expect(failure).toMatchObject({ message: 'The platform did not answer as expected (GET /integration/v1/webhooks)', description: expect.stringMatching(NO_ANSWER) });
		// the token was asked for and never came, so the call itself was never sent
		expect(server.requests).toEqual(['POST /sc/oauth2/token']);
	});

	it(
		"ends Shopgate's token request (the credential's preAuthentication) by its own timeout, and says so",
		async () => {
			const shopgate = await startShopgateApi();
			try {
				shopgate.hold((path) => path === '/oauth/token');
				const context = shopgateTrigger({}, { baseUrl: shopgate.baseUrl }).hookContext();
				const call = { method: 'GET' as const, path: '/webhookToken', timeoutMs: SHOPGATE_TOKEN_TIMEOUT_MS + 10_000 };
				const failure = await sendToPlatform(context, platform('shopgateApi', shopgate.webhookServiceUrl), call).catch((error: unknown) => error);
				expect(platformFailureOf(failure)).toMatchObject({ code: 'ETIMEDOUT', attempts: 1 });
				expect((failure as NodeApiError).description).toMatch(
					new RegExp(`^No answer in 1\\d(\\.\\d)? s; Shopgate's auth service gave no access token within 10 s \\(POST ${shopgate.authUrl}\\)$`),
				);
				expect(shopgate.requests.map((request) => request.path)).toEqual(['/oauth/token']);
			} finally {
				await shopgate.close();
			}
		},
		SHOPGATE_TOKEN_TIMEOUT_MS + 20_000,
	);
});
