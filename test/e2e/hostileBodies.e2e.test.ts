import { request } from 'http';
import { gzipSync } from 'zlib';

import { triggerWorkflow } from '../../dev/n8n';
import type { N8nApi } from '../../dev/n8n';
import { WORST_SHAPE } from '../../dev/fixtures/adversarialBodies';
import { KINGUIN_CONTENT_TYPE, KINGUIN_SECRET, kinguinHeaders } from '../../dev/fixtures/kinguin';
import { SHOPGATE_CREDENTIAL_FIELDS } from '../../dev/fixtures/shopgate';
import { shopkitHeaders } from '../../dev/fixtures/shopkit';
import { SUPPLIER_WEBHOOK_SECRET } from '../../dev/fixtures/supplierMarketplace';
import { tikiCredentialFields } from '../../dev/fixtures/tiki';
import { startShopgateApi } from '../../dev/mocks/shopgateApi';
import type { ShopgateApiMock } from '../../dev/mocks/shopgateApi';
import { startShopkitApi } from '../../dev/mocks/shopkitApi';
import type { ShopkitApiMock } from '../../dev/mocks/shopkitApi';
import { startTikiApi } from '../../dev/mocks/tikiApi';
import type { TikiApiMock } from '../../dev/mocks/tikiApi';
import { MAX_BODY_BYTES } from '../../nodes/shared/inbound/body';
import { n8nUnderTest } from './setup/n8nUnderTest';

const TARGET_NAMES = ['Kinguin', 'Shopkit', 'Tiki', 'Shopgate', 'Supplier Marketplace', 'Supplier Marketplace (Authentication None)'];

/** The bound the issue sets for an answer, to a hostile delivery and to n8n's health check beside it. */
const ANSWER_WITHIN_MS = 3_000;

/** The shape that made the earlier reader quadratic, as large as a trigger reads. */
const HOSTILE_BODY = WORST_SHAPE.build(MAX_BODY_BYTES);

/**
 * Content types n8n hands to the node unparsed (Kinguin documents `aplication/json`) and the one n8n parses itself
 * before the node runs (`application/json`, which n8n answers 422 for text that is not JSON).
 */
const CONTENT_TYPES = [KINGUIN_CONTENT_TYPE, 'application/json'];

interface Target {
	name: string;
	workflowId: string;
	/** Shopkit's secret travels in the URL: the URL without it is the request without a secret. */
	url: (authentic: boolean) => string;
	/** Headers that authenticate, and those that do not (no secret at all). */
	authentic: () => Record<string, string>;
	anonymous: Record<string, string>;
	/** Whether a request without any secret is still read (the Supplier trigger with Authentication None). */
	open?: boolean;
}

interface Timed {
	status: number;
	ms: number;
}

/** Posts bytes as a platform's HTTP client would: with their Content-Length, or chunked without one. */
function post(url: string, body: Buffer, headers: Record<string, string>, chunked: boolean): Promise<number> {
	return new Promise((resolve, reject) => {
		const sent = request(url, { method: 'POST', headers: chunked ? headers : { ...headers, 'content-length': String(body.length) } }, (response) => {
			response.resume();
			response.on('end', () => resolve(response.statusCode ?? 0));
		});
		sent.on('error', reject);
		if (chunked) {
			for (let at = 0; at < body.length; at += 64 * 1024) sent.write(body.subarray(at, at + 64 * 1024));
			sent.end();
		} else {
			sent.end(body);
		}
	});
}

const BOUNDARY = 'hostile-form-boundary';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
/** A multipart form of one text field, which n8n's form parser reads into the request's body before the node runs. */
const formWith = (field: string) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${field}\r\n--${BOUNDARY}--\r\n`);

const OVER_THE_LIMIT = `{"filler":"${'x'.repeat(MAX_BODY_BYTES)}"}`;
const JSON_TYPE = { 'content-type': 'application/json' };

/** The ways a body over the limit reaches a trigger through n8n, each with its bytes, headers and framing. */
const OVERSIZED: Array<{ path: string; body: Buffer; headers: Record<string, string>; chunked: boolean }> = [
	{ path: 'JSON with its Content-Length', body: Buffer.from(OVER_THE_LIMIT), headers: JSON_TYPE, chunked: false },
	{ path: 'JSON without a Content-Length (chunked)', body: Buffer.from(OVER_THE_LIMIT), headers: JSON_TYPE, chunked: true },
	{ path: 'JSON compressed with gzip (its Content-Length counts the compressed bytes)', body: gzipSync(OVER_THE_LIMIT), headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, chunked: false },
	{ path: 'a multipart form with its Content-Length', body: formWith(OVER_THE_LIMIT), headers: { 'content-type': MULTIPART }, chunked: false },
	{ path: 'a multipart form without a Content-Length (chunked)', body: formWith(OVER_THE_LIMIT), headers: { 'content-type': MULTIPART }, chunked: true },
];

async function timedPost(url: string, body: string, headers: Record<string, string>): Promise<Timed> {
	const started = Date.now();
	const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
	await response.arrayBuffer();
	return { status: response.status, ms: Date.now() - started };
}

/**
 * A hostile 1 MB body sent to every trigger, without a secret and with a valid one, while n8n's health check is
 * asked over and over beside it: n8n must answer both within 3 s, each time. The workflows are activated against the
 * same mock platforms as the other e2e tests.
 */
describe('a hostile body stalls neither a trigger nor n8n', () => {
	let api: N8nApi;
	let shopkit: ShopkitApiMock;
	let shopgate: ShopgateApiMock;
	let tiki: TikiApiMock;
	const workflowIds: string[] = [];
	const targets: Target[] = [];

	async function activated(definition: ReturnType<typeof triggerWorkflow>): Promise<string> {
		const id = await api.createWorkflow(definition.definition);
		await api.activate(id);
		workflowIds.push(id);
		return `${api.instance.baseUrl}/webhook/${definition.webhookPath}`;
	}
	const lastWorkflow = () => workflowIds[workflowIds.length - 1];

	beforeAll(async () => {
		api = n8nUnderTest();
		[shopkit, shopgate, tiki] = await Promise.all([startShopkitApi(), startShopgateApi(), startTikiApi()]);

		const kinguinCredential = await api.createCredential('Kinguin hostile', 'kinguinWebhookApi', { secret: KINGUIN_SECRET });
		const kinguinUrl = await activated(
			triggerWorkflow({ node: 'kinguinTrigger', parameters: { events: ['product.update'] }, credentials: { kinguinWebhookApi: kinguinCredential } }),
		);
		const { 'x-event-secret': _secret, ...kinguinAnonymous } = kinguinHeaders('product.update');
		targets.push({ name: 'Kinguin', workflowId: lastWorkflow(), url: () => kinguinUrl, authentic: () => kinguinHeaders('product.update'), anonymous: kinguinAnonymous });

		const shopkitCredential = await api.createCredential('Shopkit hostile', 'shopkitApi', { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl });
		const shopkitUrl = await activated(
			triggerWorkflow({ node: 'shopkitTrigger', parameters: { events: ['order_created'] }, credentials: { shopkitApi: shopkitCredential } }),
		);
		const registeredShopkitUrl = (authentic: boolean) =>
			authentic ? [...shopkit.webhooks.values()].find((webhook) => webhook.url.startsWith(shopkitUrl))!.url : shopkitUrl;
		targets.push({ name: 'Shopkit', workflowId: lastWorkflow(), url: registeredShopkitUrl, authentic: () => shopkitHeaders('order_created'), anonymous: shopkitHeaders('order_created') });

		const tikiCredential = await api.createCredential('Tiki hostile', 'tikiOAuth2Api', tikiCredentialFields(tiki.baseUrl));
		const tikiUrl = await activated(
			triggerWorkflow({ node: 'tikiTrigger', parameters: { events: ['product:request:approved'] }, credentials: { tikiOAuth2Api: tikiCredential } }),
		);
		const tikiBasic = () => `Basic ${Buffer.from(`${tiki.credentials!.id}:${tiki.credentials!.secret}`, 'utf8').toString('base64')}`;
		targets.push({ name: 'Tiki', workflowId: lastWorkflow(), url: () => tikiUrl, authentic: () => ({ authorization: tikiBasic() }), anonymous: {} });

		const shopgateCredential = await api.createCredential('Shopgate hostile', 'shopgateApi', {
			environment: 'production',
			...SHOPGATE_CREDENTIAL_FIELDS,
			authUrl: shopgate.baseUrl,
			webhookUrl: shopgate.baseUrl,
		});
		const shopgateUrl = await activated(
			triggerWorkflow({ node: 'shopgateTrigger', parameters: { events: ['productCreated'] }, credentials: { shopgateApi: shopgateCredential } }),
		);
		targets.push({ name: 'Shopgate', workflowId: lastWorkflow(), url: () => shopgateUrl, authentic: () => ({ 'shopgate-token': shopgate.webhookToken }), anonymous: {} });

		const supplierCredential = await api.createCredential('Supplier hostile', 'supplierMarketplaceWebhookApi', {
			headerName: 'X-Webhook-Secret',
			secret: SUPPLIER_WEBHOOK_SECRET,
			username: '',
			password: '',
		});
		const supplierUrl = await activated(
			triggerWorkflow({
				node: 'supplierMarketplaceTrigger',
				parameters: { authentication: 'headerSecret' },
				credentials: { supplierMarketplaceWebhookApi: supplierCredential },
			}),
		);
		targets.push({ name: 'Supplier Marketplace', workflowId: lastWorkflow(), url: () => supplierUrl, authentic: () => ({ 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET }), anonymous: {} });
		const openSupplierUrl = await activated(triggerWorkflow({ node: 'supplierMarketplaceTrigger', parameters: { authentication: 'none' } }));
		targets.push({ name: 'Supplier Marketplace (Authentication None)', workflowId: lastWorkflow(), url: () => openSupplierUrl, authentic: () => ({}), anonymous: {}, open: true });
	});

	afterAll(async () => {
		for (const id of workflowIds) await api.deactivate(id);
		await Promise.all([shopkit.close(), shopgate.close(), tiki.close()]);
	});

	/** Sends the body and asks /healthz until it is answered; the answer and every health check come within the bound. */
	async function sendBesideHealthChecks(url: string, headers: Record<string, string>): Promise<{ delivery: Timed; healthChecks: Timed[] }> {
		let answered = false;
		const delivery = timedPost(url, HOSTILE_BODY, headers).finally(() => {
			answered = true;
		});
		const healthChecks: Timed[] = [];
		const checking = (async () => {
			while (!answered) {
				const started = Date.now();
				const response = await fetch(`${api.instance.baseUrl}/healthz`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
				healthChecks.push({ status: response.status, ms: Date.now() - started });
			}
		})();
		const [answer] = await Promise.all([delivery, checking]);
		return { delivery: answer, healthChecks };
	}

	const cases = TARGET_NAMES.flatMap((name) =>
		CONTENT_TYPES.flatMap((contentType) => [
			[name, 'without a secret', contentType] as const,
			[name, 'with a valid secret', contentType] as const,
		]),
	);

	it.each(cases)('%s: 1 MB of the worst shape %s, as %s, is answered within 3 s while n8n keeps answering', async (name, secret, contentType) => {
		const target = targets.find((candidate) => candidate.name === name)!;
		const authentic = secret === 'with a valid secret';
		const headers = { ...(authentic ? target.authentic() : target.anonymous), 'content-type': contentType };
		const { delivery, healthChecks } = await sendBesideHealthChecks(target.url(authentic), headers);

		expect(delivery.status).toBeLessThan(500);
		if (secret === 'without a secret' && !target.open && contentType !== 'application/json') expect(delivery.status).toBe(401);
		expect(healthChecks.length).toBeGreaterThan(0);
		expect(healthChecks.every((check) => check.status === 200)).toBe(true);
	});

	/** Every execution of the workflow once none is running and no new one has appeared for a moment. */
	const settled = async (workflowId: string) => api.settledExecutions(workflowId, 0);

	it.each(TARGET_NAMES)(
		'%s: a body over 1 MiB is refused with 413 and runs nothing on every path n8n hands one over; a small multipart form is answered without an error',
		async (name) => {
			const target = targets.find((candidate) => candidate.name === name)!;
			const before = await settled(target.workflowId);
			const answers: Record<string, number> = {};
			for (const { path, body, headers, chunked } of OVERSIZED) answers[path] = await post(target.url(true), body, { ...target.authentic(), ...headers }, chunked);
			expect(answers).toEqual(Object.fromEntries(OVERSIZED.map(({ path }) => [path, 413])));

			const form = await post(target.url(true), formWith('{"a":1}'), { ...target.authentic(), 'content-type': MULTIPART }, false);
			expect(form).toBeGreaterThanOrEqual(200);
			expect(form).toBeLessThan(300);
			if (!target.open) expect(await post(target.url(false), formWith('{"a":1}'), { ...target.anonymous, 'content-type': MULTIPART }, false)).toBe(401);

			const after = await settled(target.workflowId);
			expect(after.filter((execution) => execution.status === 'error')).toEqual([]);
			// the small form, and nothing else
			expect(after.length - before.length).toBe(1);
		},
	);
});
