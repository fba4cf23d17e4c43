import { WebhookContext } from 'n8n-core';
import type { ICredentialsDecrypted } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SupplierMarketplaceTrigger } from '../../../nodes/SupplierMarketplace/SupplierMarketplaceTrigger/SupplierMarketplaceTrigger.node';
import { SUPPLIER_SALE, SUPPLIER_WEBHOOK_SECRET } from '../../../dev/fixtures/supplierMarketplace';
import { NodeInN8nCore } from '../../../dev/nodeInN8nCore';
import { MAX_BODY_BYTES } from '../../../nodes/shared/inbound/body';
import { supplierTrigger, WEBHOOK_CREDENTIAL } from '../../../dev/supplierNodesInCore';
import { atTimes } from '../atTimes';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const json = { 'content-type': 'application/json' };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('Supplier Marketplace Trigger: output', () => {
	it('emits one item per size line by default', async () => {
		const { response, items } = await supplierTrigger().deliver({
			headers: { ...json, 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET },
			rawBody: SUPPLIER_SALE,
		});
		expect(response).toMatchObject({ status: 200, ended: true });
		expect(items).toEqual([
			{ productId: 1001, size: 'XL', sizeId: 5, count: 2, soldCount: 1, receivedAt: expect.stringMatching(ISO) },
			{ productId: 1001, size: 'M', sizeId: null, count: 7, soldCount: null, receivedAt: expect.stringMatching(ISO) },
			{ productId: 1002, size: '42', sizeId: 9, count: 0, soldCount: 3, receivedAt: expect.stringMatching(ISO) },
		]);
	});

	it('emits the whole delivery as one item when asked', async () => {
		const { items } = await supplierTrigger({ output: 'delivery' }).deliver({
			headers: { ...json, 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET },
			rawBody: SUPPLIER_SALE,
		});
		expect(items).toEqual([{ ...JSON.parse(SUPPLIER_SALE), receivedAt: expect.stringMatching(ISO) }]);
	});
});

describe('Supplier Marketplace Trigger: authentication', () => {
	const sale = (parameters: object, request: { headers?: Record<string, string>; query?: Record<string, string> }) =>
		supplierTrigger(parameters as never).deliver({ ...request, headers: { ...json, ...request.headers }, rawBody: SUPPLIER_SALE });

	it('Header Secret: accepts the configured header and refuses a wrong or missing one', async () => {
		expect((await sale({}, { headers: { 'X-WEBHOOK-SECRET': SUPPLIER_WEBHOOK_SECRET } })).items).toHaveLength(3);
		expect((await sale({}, { headers: { 'x-webhook-secret': `${SUPPLIER_WEBHOOK_SECRET}x` } })).response.status).toBe(401);
		expect((await sale({}, {})).response.status).toBe(401);
	});

	it('Header Secret: compares the header name as HTTP does, trimmed and without regard to case', async () => {
		for (const headerName of [' X-Webhook-Secret ', 'x-webhook-secret\t', 'X-WEBHOOK-SECRET']) {
			const trigger = supplierTrigger({}, { ...WEBHOOK_CREDENTIAL, headerName });
			const { response, items } = await trigger.deliver({ headers: { ...json, 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET }, rawBody: SUPPLIER_SALE });
			expect(response.status).toBe(200);
			expect(items).toHaveLength(3);
		}
	});

	it('Basic Auth: accepts the pair and challenges anything else', async () => {
		const ok = await sale({ authentication: 'basicAuth' }, { headers: { authorization: basic(WEBHOOK_CREDENTIAL.username, WEBHOOK_CREDENTIAL.password) } });
		expect(ok.items).toHaveLength(3);
		const wrong = await sale({ authentication: 'basicAuth' }, { headers: { authorization: basic(WEBHOOK_CREDENTIAL.username, 'nope') } });
		expect(wrong.response).toMatchObject({ status: 401, headers: { 'www-authenticate': 'Basic realm="Supplier webhook"' } });
	});

	it('Secret in URL: accepts ?secret= and refuses other URLs', async () => {
		expect((await sale({ authentication: 'urlSecret' }, { query: { secret: SUPPLIER_WEBHOOK_SECRET } })).items).toHaveLength(3);
		expect((await sale({ authentication: 'urlSecret' }, { query: { secret: 'guess' } })).response.status).toBe(401);
		expect((await sale({ authentication: 'urlSecret' }, {})).response.status).toBe(401);
	});

	it('None: accepts anything, and the node shows a warning for it', async () => {
		expect((await sale({ authentication: 'none' }, {})).items).toHaveLength(3);
		const warning = new SupplierMarketplaceTrigger().description.properties.find((property) => property.name === 'noAuthenticationWarning');
		expect(warning).toMatchObject({ type: 'notice', displayOptions: { show: { authentication: ['none'] } } });
	});

	it('fails as a configuration error, naming what is missing, when the credential cannot serve the method', async () => {
		const trigger = supplierTrigger({}, { headerName: 'X-Webhook-Secret', secret: 'short' });
		await expect(trigger.deliver({ headers: json, rawBody: SUPPLIER_SALE })).rejects.toMatchObject({
			message: 'The Supplier Marketplace Webhook credential needs a Secret of at least 16 characters',
		});
		await expect(new SupplierMarketplaceTrigger().webhookMethods.default.create.call(trigger.hookContext())).rejects.toThrow(NodeOperationError);
	});
});

describe('Supplier Marketplace Trigger: a secret changed in the credential', () => {
	const ROTATED = 'rotated-supplier-secret-0123456789';
	afterEach(() => jest.restoreAllMocks());

	it('accepts the new secret on the first delivery that carries it, not 30 s later, and refuses the old one from then on', async () => {
		const trigger = supplierTrigger();
		const deliver = (secret: string) => trigger.deliver({ headers: { ...json, 'x-webhook-secret': secret }, rawBody: SUPPLIER_SALE });
		const [before, rotated, old] = await atTimes([0, 5_000, 5_001], async (offset) => {
			if (offset === 0) return deliver(SUPPLIER_WEBHOOK_SECRET);
			trigger.saveCredential('supplierMarketplaceWebhookApi', { ...WEBHOOK_CREDENTIAL, secret: ROTATED });
			return deliver(offset === 5_000 ? ROTATED : SUPPLIER_WEBHOOK_SECRET);
		});
		expect(before.items).toHaveLength(3);
		expect(rotated.response.status).toBe(200);
		expect(rotated.items).toHaveLength(3);
		expect(old.response.status).toBe(401);
	});

	it('reads the credential at most once a second under a flood of wrong secrets', async () => {
		const reads = jest.spyOn(WebhookContext.prototype, 'getCredentials');
		const trigger = supplierTrigger();
		const offsets = Array.from({ length: 200 }, (_, step) => step * 25);
		const flood = await atTimes(offsets, () => trigger.deliver({ headers: { ...json, 'x-webhook-secret': 'forged-supplier-secret-0123' }, rawBody: SUPPLIER_SALE }));
		expect(flood.map(({ response }) => response.status)).toEqual(offsets.map(() => 401));
		// at 0, 1, 2, 3 and 4 s
		expect(reads.mock.calls.filter(([type]) => type === 'supplierMarketplaceWebhookApi')).toHaveLength(5);
	});
});

describe('Supplier Marketplace Trigger: what the marketplace plausibly sends beyond the seed', () => {
	const deliver = (body: string, parameters = {}) =>
		supplierTrigger(parameters).deliver({ headers: { ...json, 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET }, rawBody: body });

	it('reads a return (soldCount: -1), a numeric size value and a product id sent as text', async () => {
		const { response, items } = await deliver('{"products":[{"id":"1","sizes":[{"value":42,"count":3,"soldCount":-1,"sizeId":"9"}]}]}');
		expect(response.status).toBe(200);
		expect(items).toEqual([{ productId: 1, size: '42', sizeId: 9, count: 3, soldCount: -1, receivedAt: expect.stringMatching(ISO) }]);
	});

	it('keeps product ids beyond 2^53 exact', async () => {
		const { items } = await deliver('{"products":[{"id":12345678901234567890,"sizes":[{"value":"M","count":1}]}]}');
		expect(items[0]).toMatchObject({ productId: '12345678901234567890' });
		expect(items[0]).not.toHaveProperty('payloadIssues');
	});
});

describe('Supplier Marketplace Trigger: a delivery that breaks its schema', () => {
	const deliver = (body: string, parameters = {}) =>
		supplierTrigger(parameters).deliver({ headers: { ...json, 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET }, rawBody: body });

	it.each([
		['not JSON', '{"products":', [{ body: '{"products":', payloadIssues: [{ path: '(body)', problem: expect.stringMatching(/^is not valid JSON/) }] }]],
		['without products', '{}', [{ payloadIssues: [{ path: 'products', problem: 'is missing' }] }]],
		['with products that are not a list', '{"products":{}}', [{ products: {}, payloadIssues: [{ path: 'products', problem: 'should be a list, not an object' }] }]],
		[
			'with a size without value',
			'{"products":[{"id":1,"sizes":[{"count":1},{"value":"L","count":2}]}]}',
			[
				{ productId: 1, size: null, count: 1, payloadIssues: [{ path: 'products.0.sizes.0.value', problem: 'is missing' }] },
				{ productId: 1, size: 'L', count: 2 },
			],
		],
		[
			'with a product without a list of sizes, and a line that is no object',
			'{"products":[{"id":1},{"id":2,"sizes":["M"]}]}',
			[
				{ productId: 1, size: null, sizes: null, payloadIssues: [{ path: 'products.0.sizes', problem: 'is missing' }] },
				{ productId: 2, size: null, line: 'M', payloadIssues: [{ path: 'products.1.sizes.0', problem: 'should be an object, not text' }] },
			],
		],
		[
			'with a fractional count',
			'{"products":[{"id":1,"sizes":[{"value":"M","count":1.5}]}]}',
			[{ productId: 1, size: 'M', count: 1.5, payloadIssues: [{ path: 'products.0.sizes.0.count', problem: 'should be a whole number, not the number 1.5' }] }],
		],
	])('answers 200 and emits a body %s as the size lines that could be read, each with its issues', async (_case, body, lines) => {
		const { response, items } = await deliver(body);
		expect(response.status).toBe(200);
		expect(items).toHaveLength(lines.length);
		lines.forEach((line, index) => {
			expect(items[index]).toMatchObject(line);
			if (!('payloadIssues' in line)) expect(items[index]).not.toHaveProperty('payloadIssues');
		});
	});

	it('emits the whole delivery with its issues when the output is one item per delivery', async () => {
		const { items } = await deliver('{"products":[{"id":1,"sizes":[{"count":1}]}]}', { output: 'delivery' });
		expect(items).toEqual([expect.objectContaining({ products: [{ id: 1, sizes: [{ count: 1 }] }], payloadIssues: [{ path: 'products.0.sizes.0.value', problem: 'is missing' }] })]);
	});

	it('acknowledges it without running, or rejects it with 400, as Invalid Payloads says', async () => {
		const body = '{"products":[{"id":1,"sizes":[{"count":1}]}]}';
		const acknowledged = await deliver(body, { invalidPayloads: 'acknowledge' });
		expect(acknowledged.response.status).toBe(200);
		expect(acknowledged.result.workflowData).toBeUndefined();
		const rejected = await deliver(body, { invalidPayloads: 'reject' });
		expect(rejected.response).toMatchObject({ status: 400, body: { error: 'products.0.sizes.0.value: is missing' } });
		expect(rejected.result.workflowData).toBeUndefined();
	});
});

describe('Supplier Marketplace Trigger: size', () => {
	it('accepts a sale of 13,000 size lines (just under 1 MiB), one item each', async () => {
		const products = Array.from({ length: 13_000 }, (_, index) => ({ id: 1_000_000 + index, sizes: [{ value: 'XL', count: 2, soldCount: 1, sizeId: 5 }] }));
		const body = JSON.stringify({ products });
		expect(body.length).toBeGreaterThan(950 * 1024);
		expect(body.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
		const { response, items } = await supplierTrigger().deliver({ headers: { ...json, 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET }, rawBody: body });
		expect(response.status).toBe(200);
		expect(items).toHaveLength(13_000);
		expect(items[12_999]).toMatchObject({ productId: 1_012_999, size: 'XL', count: 2 });
	});

	it('refuses a body over 1 MiB with 413, unread, and runs nothing', async () => {
		const body = JSON.stringify({ products: [], filler: 'x'.repeat(MAX_BODY_BYTES) });
		const { response, result } = await supplierTrigger().deliver({ headers: { ...json, 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET }, rawBody: body });
		expect(response).toMatchObject({ status: 413, body: { error: expect.stringMatching(/at most 1048576 are accepted$/) } });
		expect(result.workflowData).toBeUndefined();
	});
});

describe('Supplier Marketplace Webhook credential test', () => {
	const run = (data: object) =>
		new SupplierMarketplaceTrigger().methods.credentialTest.supplierMarketplaceWebhook.call(NodeInN8nCore.credentialTestContext(), {
			id: '1',
			name: 'x',
			type: 'supplierMarketplaceWebhookApi',
			data,
		} as ICredentialsDecrypted);

	it('says which methods the credential serves', async () => {
		expect(await run(WEBHOOK_CREDENTIAL)).toEqual({ status: 'OK', message: 'Usable for: Header Secret, Secret in URL, Basic Auth' });
		expect(await run({ username: 'u', password: 'p'.repeat(16) })).toEqual({ status: 'OK', message: 'Usable for: Basic Auth' });
	});

	it('explains what is missing when it serves none', async () => {
		const result = await run({ headerName: 'X', secret: 'short' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Secret of at least 16 characters.*a Username/);
	});
});
