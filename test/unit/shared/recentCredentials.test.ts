import type { ICredentialDataDecryptedObject, INodeType, IWebhookFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { NodeInN8nCore } from '../../../dev/nodeInN8nCore';
import { CREDENTIAL_REUSE_MS, recentCredentials } from '../../../nodes/shared/inbound/recentCredentials';

/** A trigger that answers each delivery with the credential recentCredentials gives it (a refresh when asked). */
const nodeType: INodeType = {
	description: {
		displayName: 'Probe',
		name: 'probe',
		group: ['trigger'],
		version: 1,
		description: '',
		defaults: { name: 'Probe' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'probeApi', required: true }],
		properties: [],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
	},
	async webhook(this: IWebhookFunctions) {
		const refresh = this.getHeaderData()['x-refresh'] === 'yes';
		const credential = await recentCredentials<ICredentialDataDecryptedObject>(this, 'probeApi', { refresh });
		return { workflowData: [[{ json: { secret: credential.secret } }]] };
	},
};

/** n8n's credential store for the probe, counting how often n8n decrypts the credential. */
function store(secret: string) {
	const counted = { reads: 0, secret };
	const credentials: Record<string, ICredentialDataDecryptedObject> = {};
	Object.defineProperty(credentials, 'probeApi', {
		enumerable: true,
		get: () => {
			counted.reads++;
			return { secret: counted.secret };
		},
	});
	return { counted, credentials };
}

let clock = 1_000_000_000_000;
beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => clock));
afterEach(() => jest.restoreAllMocks());

let workflows = 0;
function probe(credentials: Record<string, ICredentialDataDecryptedObject>) {
	return new NodeInN8nCore({ nodeType, typeName: 'probe', credentials, workflowId: `credentials-${++workflows}` });
}

const deliver = async (node: NodeInN8nCore, refresh: boolean) =>
	(await node.deliver({ headers: refresh ? { 'x-refresh': 'yes' } : {}, rawBody: '{}' })).items[0]?.secret;

describe('recentCredentials: a credential read at most so often, and anew when it may have changed', () => {
	it('has deliveries that need a fresh copy at the same moment share one read', async () => {
		const { counted, credentials } = store('first');
		const node = probe(credentials);
		await deliver(node, false);
		const perRead = counted.reads;
		expect(perRead).toBeGreaterThan(0);

		clock += 1_001;
		const secrets = await Promise.all(Array.from({ length: 8 }, () => deliver(node, true)));
		expect(secrets).toEqual(Array(8).fill('first'));
		expect(counted.reads).toBe(2 * perRead);
	});

	it('reads a credential changed since again on the first refresh a second after the last read', async () => {
		const { counted, credentials } = store('before-the-rotation');
		const node = probe(credentials);
		expect(await deliver(node, true)).toBe('before-the-rotation');
		counted.secret = 'after-the-rotation';
		// within the second a refresh reuses the copy: forged deliveries cannot make n8n read on each
		expect(await deliver(node, true)).toBe('before-the-rotation');
		clock += 1_001;
		expect(await deliver(node, true)).toBe('after-the-rotation');
	});

	it('reuses a copy for CREDENTIAL_REUSE_MS without a refresh, then reads the credential again', async () => {
		const { counted, credentials } = store('kept');
		const node = probe(credentials);
		await deliver(node, false);
		const perRead = counted.reads;
		counted.secret = 'changed';
		clock += CREDENTIAL_REUSE_MS - 1;
		expect(await deliver(node, false)).toBe('kept');
		expect(counted.reads).toBe(perRead);
		clock += 1;
		expect(await deliver(node, false)).toBe('changed');
		expect(counted.reads).toBe(2 * perRead);
	});
});
