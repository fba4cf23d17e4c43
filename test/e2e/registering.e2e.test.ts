import { randomUUID } from 'crypto';

import { emittedItems, triggerWorkflow } from '../../dev/n8n';
import type { Delivery, N8nApi } from '../../dev/n8n';
import { SHOPGATE_CREDENTIAL_FIELDS, shopgateEnvelope } from '../../dev/fixtures/shopgate';
import { shopkitHeaders, shopkitOrder } from '../../dev/fixtures/shopkit';
import { TIKI_REJECTED_DELIVERY, TIKI_REJECTED_PAYLOAD, tikiCredentialFields } from '../../dev/fixtures/tiki';
import type { HeldRequests } from '../../dev/mocks/mockHttp';
import { startShopgateApi } from '../../dev/mocks/shopgateApi';
import { startShopkitApi } from '../../dev/mocks/shopkitApi';
import { startTikiApi } from '../../dev/mocks/tikiApi';
import { n8nLog, n8nUnderTest } from './setup/n8nUnderTest';
import { waitFor } from './setup/waitFor';

/** One platform's trigger as the test needs it: its mock, its credential, a stranger's request and the platform's own delivery. */
interface Platform {
	name: string;
	node: string;
	parameters: Record<string, unknown>;
	lacks: string;
	start(api: N8nApi): Promise<{
		credentialType: string;
		credentialData: Record<string, unknown>;
		holdRequests(): HeldRequests;
		/** A request to the production URL while nothing authenticates yet, with what a forger would send. */
		stranger(url: string): Promise<Delivery>;
		/** The platform's delivery, once the registration is done; its answer's status. */
		deliver(): Promise<number>;
		close(): Promise<void>;
	}>;
}

const post = async (url: string, body: string, headers: Record<string, string>): Promise<Delivery> => {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
	return { status: response.status, body: await response.text(), headers: response.headers };
};

const platforms: Platform[] = [
	{
		name: 'Shopkit',
		node: 'shopkitTrigger',
		parameters: { events: ['order_created'] },
		lacks: 'webhook secret',
		async start(api) {
			const shopkit = await startShopkitApi();
			return {
				credentialType: 'shopkitApi',
				credentialData: { apiKey: shopkit.apiKey, baseUrl: shopkit.baseUrl },
				holdRequests: shopkit.holdRequests,
				stranger: (url) => post(url, shopkitOrder(1), shopkitHeaders('order_created')),
				async deliver() {
					const [webhook] = [...shopkit.webhooks.values()];
					return (await api.deliver(webhook.url, shopkitOrder(2), shopkitHeaders('order_created'))).status;
				},
				close: shopkit.close,
			};
		},
	},
	{
		name: 'Shopgate',
		node: 'shopgateTrigger',
		parameters: { events: ['productCreated'] },
		lacks: 'webhook token',
		async start() {
			const shopgate = await startShopgateApi();
			return {
				credentialType: 'shopgateApi',
				credentialData: { environment: 'production', ...SHOPGATE_CREDENTIAL_FIELDS, authUrl: shopgate.baseUrl, webhookUrl: shopgate.baseUrl },
				holdRequests: shopgate.holdRequests,
				stranger: (url) => post(url, shopgateEnvelope('productCreated', { catalogCode: 'c', productCode: 'p' }, 'forged-1'), { 'shopgate-token': 'forged' }),
				deliver: async () => (await shopgate.deliver('productCreated', { catalogCode: 'c', productCode: 'p', user: 'api' }, { id: 'delivery-1' })).status,
				close: shopgate.close,
			};
		},
	},
	{
		name: 'Tiki',
		node: 'tikiTrigger',
		parameters: { events: ['product:request:rejected'] },
		lacks: 'Basic pair granted to Tiki',
		async start() {
			const tiki = await startTikiApi();
			return {
				credentialType: 'tikiOAuth2Api',
				credentialData: tikiCredentialFields(tiki.baseUrl),
				holdRequests: tiki.holdRequests,
				stranger: (url) => post(url, TIKI_REJECTED_DELIVERY, { authorization: `Basic ${Buffer.from('someone:forged').toString('base64')}` }),
				deliver: async () => (await tiki.deliver('product:request:rejected', TIKI_REJECTED_PAYLOAD, { id: 'delivery-1' })).status,
				close: tiki.close,
			};
		},
	},
];

/**
 * A request that reaches a trigger while its workflow is being activated, in a real n8n: n8n serves the production
 * URL as soon as it has stored the path, and the node's create() is still waiting for the platform (its mock holds
 * every request). The request is answered 503 with Retry-After, and n8n records no execution and runs no error
 * workflow for it; once the registration is done, the platform's delivery runs. The workflow ends in a Stop and
 * Error node, so that the platform's delivery makes exactly one failed execution and one run of the error workflow:
 * a failed execution for the early request would be a second of each.
 */
describe.each(platforms)('$name Trigger in n8n: a request while it registers', (platform) => {
	let api: N8nApi;
	let mock: Awaited<ReturnType<Platform['start']>>;
	const workflows: string[] = [];

	beforeAll(async () => {
		api = n8nUnderTest();
		mock = await platform.start(api);
	});

	afterAll(async () => {
		for (const workflowId of workflows) await api.deactivate(workflowId);
		await mock.close();
	});

	it('is answered 503 with Retry-After, makes no execution and runs no error workflow, and n8n\'s log says why', async () => {
		const credential = await api.createCredential(`${platform.name} registering e2e`, mock.credentialType, mock.credentialData);
		const errorWorkflowId = await api.createWorkflow({
			name: `${platform.name} registering errors ${randomUUID().slice(0, 8)}`,
			nodes: [{ id: randomUUID(), name: 'Error Trigger', type: 'n8n-nodes-base.errorTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
			connections: {},
		});
		// n8n 2.x runs only an active (published) error workflow
		await api.activate(errorWorkflowId);
		workflows.push(errorWorkflowId);
		const workflow = triggerWorkflow({
			node: platform.node,
			parameters: platform.parameters,
			credentials: { [mock.credentialType]: credential },
			downstream: { type: 'n8n-nodes-base.stopAndError', typeVersion: 1, parameters: { errorMessage: 'the platform delivery ran' } },
		});
		workflow.definition.settings = { executionOrder: 'v1', errorWorkflow: errorWorkflowId };
		const workflowId = await api.createWorkflow(workflow.definition);

		const registration = mock.holdRequests();
		const activated = api.activate(workflowId).then(
			() => undefined,
			(error: Error) => error,
		);
		try {
			await waitFor('the registration to reach the platform', () => registration.held() > 0);
			const early = await mock.stranger(`${api.instance.baseUrl}/webhook/${workflow.webhookPath}`);
			expect(early.status).toBe(503);
			expect(early.headers.get('retry-after')).toBe('120');
		} finally {
			registration.release();
		}
		expect(await activated).toBeUndefined();
		workflows.push(workflowId);

		expect(await mock.deliver()).toBe(204);
		const [execution, ...others] = await api.settledExecutions(workflowId, 1);
		expect(others).toEqual([]);
		expect(execution.status).toBe('error');
		expect(emittedItems(execution, workflow.triggerName)).toHaveLength(1);
		const errorRuns = await api.settledExecutions(errorWorkflowId, 1);
		expect(errorRuns).toHaveLength(1);
		const [input] = emittedItems(errorRuns[0], 'Error Trigger') as Array<{ execution: { id: string }; workflow: { id: string } }>;
		expect(input).toMatchObject({ execution: { id: execution.id }, workflow: { id: workflowId } });

		const said = await waitFor("n8n's log to say why", () =>
			n8nLog()
				.split('\n')
				.find((line) => line.includes(`Trigger (workflow ${workflowId}): answered a request 503`)),
		);
		expect(said).toContain(`as the node has no ${platform.lacks} yet`);
		expect(said).toContain('if no activation is under way, deactivate the workflow and activate it again');
	});
});
