import http from 'http';
import { randomBytes, randomUUID } from 'crypto';
import type { AddressInfo } from 'net';

import { basicPair, credentialFor, objectOf, parseBody, readBody, RequestHold, send } from './mockHttp';
import type { HeldRequests, Parsed, Reply } from './mockHttp';

/** An in-memory stand-in for Tiki's Open API (OAuth2 token + webhook API), for tests. */

export const TIKI_EVENTS = ['product:request:approved', 'product:request:rejected', 'product:request:locked'] as const;

export interface TikiWebhook {
	uri: string;
	event: string;
}

export interface TikiDeliveryResult {
	status: number;
	body: string;
	/** Lower-case names. */
	headers: Record<string, string>;
}

export interface TikiApiMock {
	/** e.g. http://127.0.0.1:PORT (no trailing slash, no path) */
	baseUrl: string;
	/** `${baseUrl}/sc/oauth2/token` */
	tokenUrl: string;
	clientId: string;
	/** The app's client secret; a test may change it, as a seller rotating the secret on open.tiki.vn does. */
	clientSecret: string;
	/** Keyed by event. Live state; tests read it and may pre-fill it. */
	webhooks: Map<string, TikiWebhook>;
	/** The Basic pair last granted through PUT /integration/v1/webhooks/credentials. */
	credentials: { id: string; secret: string } | undefined;
	tokensIssued: number;
	/** Every request received (token requests too), in order. */
	requests: Array<{
		method: string;
		path: string;
		query: Record<string, string>;
		body: unknown;
		authorization: string | undefined;
	}>;
	/**
	 * The next `count` requests to /integration/* are answered with this status and body instead of normally
	 * (for fault tests). Status 0 holds the request open unanswered until close(). Token requests are never failed.
	 */
	failNext(status: number, body?: unknown, count?: number, headers?: Record<string, string>): void;
	/** Answers the next `answered` /integration/* requests normally, then fails one with this status and body. */
	failAfter(answered: number, status: number, body?: unknown, headers?: Record<string, string>): void;
	/** Holds every request (token requests too) unanswered until released, then answers them normally. */
	holdRequests(): HeldRequests;
	/**
	 * POSTs a delivery as Tiki would: to the URI registered for `event`, JSON `{id, event, payload}`,
	 * header Authorization: Basic base64(id:secret) of the granted pair.
	 */
	deliver(
		event: string,
		payload?: unknown,
		options?: { id?: string; authorization?: string | null; uri?: string },
	): Promise<TikiDeliveryResult>;
	close(): Promise<void>;
}

const TOKEN_PATH = '/sc/oauth2/token';
const INVALID_CLIENT = { error: 'invalid_client', error_description: 'Client authentication failed' };
const NOT_FOUND: Reply = { status: 404, body: { error: { message: 'Not found' } } };
const WEBHOOK_NOT_FOUND: Reply = { status: 404, body: { error: { message: 'Webhook not found' } } };

function validateWebhook(parsed: Parsed): Reply | TikiWebhook {
	if (parsed.kind !== 'json') return { status: 400, body: { error: { message: 'Invalid JSON' } } };
	const { uri, event } = objectOf(parsed.value);
	if (typeof event !== 'string' || !(TIKI_EVENTS as readonly string[]).includes(event)) {
		return { status: 400, body: { error: { message: 'Invalid event' } } };
	}
	if (typeof uri !== 'string' || !/^https?:\/\//.test(uri)) {
		return { status: 400, body: { error: { message: 'Invalid URI' } } };
	}
	return { uri, event };
}

/** More /integration/* routes, asked first (after the token check); undefined leaves the request to the webhook API. */
export type TikiRoutes = (
	method: string,
	path: string,
	query: Record<string, string>,
	parsed: Parsed,
) => Reply | undefined | Promise<Reply | undefined>;

export async function startTikiApi(
	options: {
		clientId?: string;
		clientSecret?: string;
		clientAuthentication?: 'basic' | 'body';
		/** Listen on this port (to come back on the same address after a restart); any free port when absent. */
		port?: number;
		routes?: TikiRoutes;
	} = {},
): Promise<TikiApiMock> {
	const clientId = options.clientId ?? 'tiki-client-id';
	const clientAuthentication = options.clientAuthentication ?? 'basic';
	const tokens = new Set<string>();
	/** Queued answers for /integration/*: a failure to give, or null to answer normally. */
	const failures: Array<Reply | null> = [];
	const hold = new RequestHold();

	function clientAuthenticated(authorization: string | undefined, form: Record<string, unknown>): boolean {
		// Tiki registers an app for exactly one method, so a client using the other one is not recognised.
		const client =
			clientAuthentication === 'basic' ? basicPair(authorization) : { id: form.client_id, secret: form.client_secret };
		return client?.id === clientId && client.secret === mock.clientSecret;
	}

	function issueToken(authorization: string | undefined, parsed: Parsed): Reply {
		const form = parsed.kind === 'form' ? objectOf(parsed.value) : {};
		if (!clientAuthenticated(authorization, form)) return { status: 401, body: INVALID_CLIENT };
		if (form.grant_type !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
		const token = randomBytes(32).toString('hex');
		tokens.add(token);
		mock.tokensIssued++;
		const scope = typeof form.scope === 'string' && form.scope !== '' ? form.scope : 'product';
		return { status: 200, body: { access_token: token, expires_in: 3600, token_type: 'bearer', scope } };
	}

	function saveWebhook(parsed: Parsed, create: boolean): Reply {
		const webhook = validateWebhook(parsed);
		if ('status' in webhook) return webhook;
		const exists = mock.webhooks.has(webhook.event);
		if (create && exists) {
			return {
				status: 409,
				body: { error: { message: 'Webhook for this event has been registered. Please update it instead.' } },
			};
		}
		if (!create && !exists) return WEBHOOK_NOT_FOUND;
		mock.webhooks.set(webhook.event, webhook);
		return { status: 200, body: { uri: webhook.uri, event: webhook.event } };
	}

	function grantCredentials(parsed: Parsed): Reply {
		if (parsed.kind !== 'json') return { status: 400, body: { error: { message: 'Invalid JSON' } } };
		const { id, secret } = objectOf(parsed.value);
		if (typeof id !== 'string' || id === '' || typeof secret !== 'string' || secret === '') {
			return { status: 400, body: { error: { message: 'Invalid credentials' } } };
		}
		mock.credentials = { id, secret };
		return { status: 200, body: { id } };
	}

	function integration(method: string, path: string, query: Record<string, string>, parsed: Parsed): Reply {
		if (path === '/integration/v1/webhooks') {
			if (method === 'POST') return saveWebhook(parsed, true);
			if (method === 'PUT') return saveWebhook(parsed, false);
			if (method === 'GET') {
				const data = [...mock.webhooks.values()].map(({ uri, event }) => ({ uri, event }));
				return { status: 200, body: { data } };
			}
			if (method === 'DELETE') return mock.webhooks.delete(query.event) ? { status: 200, body: {} } : WEBHOOK_NOT_FOUND;
		}
		if (method === 'PUT' && path === '/integration/v1/webhooks/credentials') return grantCredentials(parsed);
		return NOT_FOUND;
	}

	async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const parsed = parseBody(await readBody(req), req.headers['content-type']);
		const method = req.method ?? 'GET';
		const [path, search = ''] = (req.url ?? '/').split(/\?(.*)/s);
		const query = Object.fromEntries(new URLSearchParams(search));
		const authorization = req.headers.authorization;
		mock.requests.push({ method, path, query, body: parsed.value, authorization });
		await hold.pass();

		if (path === TOKEN_PATH && method === 'POST') return send(res, issueToken(authorization, parsed));
		if (!path.startsWith('/integration/')) return send(res, NOT_FOUND);

		const failure = failures.shift();
		if (failure) {
			// Status 0 simulates a timeout: never answer; close() ends the connection.
			if (failure.status !== 0) send(res, failure);
			return;
		}
		const token = credentialFor('bearer', authorization);
		if (token === undefined || !tokens.has(token)) {
			return send(res, { status: 401, body: { error: { id: 'unauthorized', message: 'Unauthorized' } } });
		}
		send(res, (await options.routes?.(method, path, query, parsed)) ?? integration(method, path, query, parsed));
	}

	async function deliver(
		event: string,
		payload: unknown = {},
		{ id = randomUUID(), authorization, uri }: { id?: string; authorization?: string | null; uri?: string } = {},
	): Promise<TikiDeliveryResult> {
		const target = uri ?? mock.webhooks.get(event)?.uri;
		if (target === undefined) throw new Error(`No Tiki webhook registered for ${event}`);
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		if (typeof authorization === 'string') {
			headers.authorization = authorization;
		} else if (authorization === undefined) {
			if (!mock.credentials) throw new Error('No webhook credentials were granted to sign the delivery');
			const { id: user, secret } = mock.credentials;
			headers.authorization = `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;
		}
		const response = await fetch(target, { method: 'POST', headers, body: JSON.stringify({ id, event, payload }) });
		return { status: response.status, body: await response.text(), headers: Object.fromEntries(response.headers) };
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch(() => res.destroy());
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const baseUrl = `http://127.0.0.1:${port}`;

	const mock: TikiApiMock = {
		baseUrl,
		tokenUrl: `${baseUrl}${TOKEN_PATH}`,
		clientId,
		clientSecret: options.clientSecret ?? 'tiki-client-secret',
		webhooks: new Map(),
		credentials: undefined,
		tokensIssued: 0,
		requests: [],
		failNext(status, body = { error: { message: 'Injected failure' } }, count = 1, headers) {
			for (let i = 0; i < count; i++) failures.push({ status, body, headers });
		},
		failAfter(answered, status, body = { error: { message: 'Injected failure' } }, headers) {
			for (let i = 0; i < answered; i++) failures.push(null);
			failures.push({ status, body, headers });
		},
		holdRequests: () => hold.hold(),
		deliver,
		close() {
			hold.release();
			return new Promise((resolve) => {
				server.close(() => resolve());
				// Keep-alive and held (status 0) connections would otherwise keep jest alive.
				server.closeAllConnections();
			});
		},
	};
	return mock;
}
