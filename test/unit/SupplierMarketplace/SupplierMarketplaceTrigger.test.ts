import type { ICredentialsDecrypted } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SupplierMarketplaceTrigger } from '../../../nodes/SupplierMarketplace/SupplierMarketplaceTrigger/SupplierMarketplaceTrigger.node';
import { SUPPLIER_SALE, SUPPLIER_WEBHOOK_SECRET } from '../../../dev/fixtures/supplierMarketplace';
import { NodeInN8nCore } from '../../../dev/nodeInN8nCore';
import { supplierTrigger, WEBHOOK_CREDENTIAL } from './supplierNodesInCore';

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

describe('Supplier Marketplace Trigger: bad bodies', () => {
	it.each([
		['not JSON', '{"products":', /^The request body is not valid JSON/],
		['without products', '{}', /^products: Required$/],
		['with products that are not a list', '{"products":{}}', /^products: Expected array, received object$/],
		['with a size without value', '{"products":[{"id":1,"sizes":[{"count":1}]}]}', /^products\.0\.sizes\.0\.value: Required$/],
		['with a size without count', '{"products":[{"id":1,"sizes":[{"value":"M"},{"value":"L"}]}]}', /^products\.0\.sizes\.0\.count: Required$/],
		['with a text count', '{"products":[{"id":1,"sizes":[{"value":"M","count":"2"}]}]}', /^products\.0\.sizes\.0\.count: Expected number, received string$/],
	])('answers 400 with the path of the bad field for a body %s, and emits nothing', async (_case, body, reason) => {
		const { response, result } = await supplierTrigger().deliver({ headers: { ...json, 'x-webhook-secret': SUPPLIER_WEBHOOK_SECRET }, rawBody: body });
		expect(response.status).toBe(400);
		expect((response.body as { error: string }).error).toMatch(reason);
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
