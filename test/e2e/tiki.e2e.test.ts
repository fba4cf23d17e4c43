import { emittedItems, testCredential, triggerWorkflow } from '../../dev/n8n';
import type { N8nApi, TriggerWorkflow } from '../../dev/n8n';
import { TIKI_REJECTED_PAYLOAD, tikiApprovedPayload, tikiCredentialFields } from '../../dev/fixtures/tiki';
import { startTikiApi } from '../../dev/mocks/tikiApi';
import type { TikiApiMock } from '../../dev/mocks/tikiApi';
import { n8nUnderTest } from './setup/n8nUnderTest';

/**
 * The Tiki Trigger inside a real n8n: n8n fetches the OAuth2 token from an HTTP server that speaks Tiki's
 * Open API, the node registers its URL and grants its Basic pair there, and that server then delivers
 * events with the granted pair, as Tiki does.
 */
describe('Tiki Trigger in n8n', () => {
	let api: N8nApi;
	let tiki: TikiApiMock;
	let credential: { id: string; name: string };
	let credentialData: Record<string, unknown>;
	let workflow: TriggerWorkflow;
	let workflowId: string;

	beforeAll(async () => {
		api = n8nUnderTest();
		tiki = await startTikiApi();
		credentialData = tikiCredentialFields(tiki.baseUrl);
		credential = await api.createCredential('Tiki e2e', 'tikiOAuth2Api', credentialData);
		workflow = triggerWorkflow({
			node: 'tikiTrigger',
			parameters: { events: ['product:request:approved', 'product:request:rejected'] },
			credentials: { tikiOAuth2Api: credential },
		});
		workflowId = await api.createWorkflow(workflow.definition);
	});

	afterAll(async () => {
		await tiki.close();
	});

	it('registers its production URL for each event and grants Tiki a Basic pair on activation', async () => {
		await api.activate(workflowId);
		const url = `${api.instance.baseUrl}/webhook/${workflow.webhookPath}`;
		// the tag of the n8n instance that registered it (instanceIdentity.ts)
		const tag = new URL([...tiki.webhooks.values()][0].uri).searchParams.get('n8n-instance');
		expect(tag).toMatch(/^[0-9a-f]{16}$/);
		expect([...tiki.webhooks.values()].sort((a, b) => a.event.localeCompare(b.event))).toEqual([
			{ uri: `${url}?n8n-instance=${tag}`, event: 'product:request:approved' },
			{ uri: `${url}?n8n-instance=${tag}`, event: 'product:request:rejected' },
		]);
		expect(tiki.tokensIssued).toBeGreaterThanOrEqual(1);
		expect(tiki.credentials?.id).toMatch(/^n8n-[0-9a-f]{16}$/);
		expect(tiki.credentials?.secret).toMatch(/^[0-9a-f]{64}$/);
	});

	it('runs the workflow once for an approval and once for a rejection that Tiki delivers, with typed items', async () => {
		const approved = await tiki.deliver('product:request:approved', tikiApprovedPayload(), { id: 'delivery-approved-1' });
		expect(approved.status).toBe(204);
		const rejected = await tiki.deliver('product:request:rejected', TIKI_REJECTED_PAYLOAD, { id: 'delivery-rejected-1' });
		expect(rejected.status).toBe(204);

		const executions = await api.settledExecutions(workflowId, 2);
		expect(executions).toHaveLength(2);
		const items = executions.flatMap((execution) => emittedItems(execution, workflow.downstreamName));
		expect(items).toEqual([
			expect.objectContaining({ deliveryId: 'delivery-approved-1', event: 'product:request:approved', state: 'approved' }),
			expect.objectContaining({
				deliveryId: 'delivery-rejected-1',
				event: 'product:request:rejected',
				request_id: '1154523837593192401',
				event_time: '2020-02-02 12:00:00',
				event_time_iso: '2020-02-02T12:00:00+07:00',
				list_reasons: [expect.objectContaining({ reason_id: 9, reason_name: 'Hình sản phẩm quá nhỏ, không chiếm 80% khung hình' })],
			}),
		]);
	});

	it('acknowledges a replay of the same delivery id without running again', async () => {
		const replay = await tiki.deliver('product:request:rejected', TIKI_REJECTED_PAYLOAD, { id: 'delivery-rejected-1' });
		expect(replay.status).toBe(204);
		expect(await api.settledExecutions(workflowId, 2)).toHaveLength(2);
	});

	it('answers 401 with a Basic challenge, and runs nothing, for a delivery with other credentials', async () => {
		const forged = await tiki.deliver('product:request:approved', tikiApprovedPayload('9'), {
			id: 'forged-1',
			authorization: `Basic ${Buffer.from('someone:else').toString('base64')}`,
		});
		expect(forged.status).toBe(401);
		expect(forged.headers['www-authenticate']).toBe('Basic realm="Tiki webhook"');
		const anonymous = await tiki.deliver('product:request:approved', tikiApprovedPayload('9'), { id: 'forged-2', authorization: null });
		expect(anonymous.status).toBe(401);
		expect(await api.settledExecutions(workflowId, 2)).toHaveLength(2);
	});

	it('runs a delivery whose payload is empty text or [] with the envelope alone, and one whose payload breaks its schema with its payloadIssues', async () => {
		for (const [id, payload] of [['empty-text', ''], ['empty-list', []], ['broken', { state: 'approved' }]] as const) {
			expect((await tiki.deliver('product:request:approved', payload, { id })).status).toBe(204);
		}
		const executions = await api.settledExecutions(workflowId, 5);
		expect(executions.slice(2).map((execution) => emittedItems(execution, workflow.downstreamName)[0])).toEqual([
			{ deliveryId: 'empty-text', event: 'product:request:approved', receivedAt: expect.any(String) },
			{ deliveryId: 'empty-list', event: 'product:request:approved', receivedAt: expect.any(String) },
			expect.objectContaining({ deliveryId: 'broken', state: 'approved', payloadIssues: [{ path: 'payload.request_id', problem: 'is missing' }] }),
		]);
	});

	it('removes its registrations on deactivation', async () => {
		await api.deactivate(workflowId);
		expect(tiki.webhooks.size).toBe(0);
	});

	it('passes the credential test against the Tiki API, and fails it with a wrong client secret', async () => {
		const tokensBefore = tiki.tokensIssued;
		const good = await testCredential(api.instance, { ...credential, type: 'tikiOAuth2Api', data: credentialData });
		expect(good).toMatchObject({ status: 'OK' });
		const bad = await testCredential(api.instance, {
			...credential,
			type: 'tikiOAuth2Api',
			data: { ...credentialData, clientSecret: 'wrong' },
		});
		expect(bad.status).toBe('Error');
		expect(tiki.tokensIssued).toBeGreaterThan(tokensBefore);
	});
});
