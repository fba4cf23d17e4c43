import { createHash, createHmac } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { withInstanceTag } from '../../../nodes/shared/lifecycle/instanceIdentity';
import { tikiGrantDigest } from '../../../nodes/Tiki/TikiTrigger/TikiTrigger.authentication';
import { TikiTrigger } from '../../../nodes/Tiki/TikiTrigger/TikiTrigger.node';
import { stateIn } from '../../../dev/nodeInN8nCore';
import { TIKI_CLIENT } from '../../../dev/fixtures/tiki';
import { startTikiApi } from '../../../dev/mocks/tikiApi';
import type { TikiApiMock } from '../../../dev/mocks/tikiApi';
import { tikiTrigger } from './tikiTriggerInCore';

const lifecycle = new TikiTrigger().webhookMethods.default;
/** The node's URL as this n8n instance registers it: tagged with the instance (instanceIdentity.ts). */
const NODE_URL = withInstanceTag('https://n8n.example.com/webhook/hook-id/webhook', tikiTrigger().hookContext());
const DERIVED = {
	id: `n8n-${createHash('sha256').update(TIKI_CLIENT.clientId).digest('hex').slice(0, 16)}`,
	secret: createHmac('sha256', TIKI_CLIENT.clientSecret).update('n8n-nodes-marketplace-webhooks/tiki-webhook-basic/v1').digest('hex'),
};

describe('Tiki Trigger: registration through the Tiki API', () => {
	let tiki: TikiApiMock;

	beforeEach(async () => {
		tiki = await startTikiApi();
	});
	afterEach(async () => {
		await tiki.close();
	});

	function workflow(events: string[], staticData: IDataObject = {}, extra: { replaceExisting?: boolean; credential?: IDataObject } = {}) {
		const parameters = { events, ...(extra.replaceExisting ? { replaceExisting: true } : {}) };
		return tikiTrigger(parameters, { baseUrl: tiki.baseUrl, staticData, credential: extra.credential, workflowId: 'wf-tiki' });
	}
	const registered = () => [...tiki.webhooks.values()].sort((a, b) => a.event.localeCompare(b.event));

	it('fetches an OAuth2 token, registers its URL per event and grants the pair derived from the credential', async () => {
		const staticData: IDataObject = {};
		const trigger = workflow(['product:request:approved', 'product:request:rejected'], staticData);
		expect(await lifecycle.checkExists.call(trigger.hookContext())).toBe(false);
		expect(await lifecycle.create.call(trigger.hookContext())).toBe(true);

		expect(tiki.tokensIssued).toBe(1);
		expect(registered()).toEqual([
			{ uri: NODE_URL, event: 'product:request:approved' },
			{ uri: NODE_URL, event: 'product:request:rejected' },
		]);
		expect(tiki.credentials).toEqual(DERIVED);
		expect(DERIVED.secret).toHaveLength(64);
		expect(stateIn(staticData)).toEqual({ events: ['product:request:approved', 'product:request:rejected'], grantDigest: tikiGrantDigest(DERIVED) });
		expect(JSON.stringify(staticData)).not.toContain(DERIVED.secret);
		expect(await lifecycle.checkExists.call(trigger.hookContext())).toBe(true);
	});

	it('grants the pair set in the credential instead, when there is one', async () => {
		const credential = { webhookId: 'my-id', webhookSecret: 'my-secret-0123456789abcdef' };
		await lifecycle.create.call(workflow(['product:request:locked'], {}, { credential }).hookContext());
		expect(tiki.credentials).toEqual({ id: 'my-id', secret: 'my-secret-0123456789abcdef' });
	});

	it('gives every trigger of one credential the same pair, so a second workflow does not lock out the first', async () => {
		const first: IDataObject = {};
		const second: IDataObject = {};
		await lifecycle.create.call(workflow(['product:request:approved'], first).hookContext());
		await lifecycle.create.call(
			tikiTrigger({ events: ['product:request:locked'] }, { baseUrl: tiki.baseUrl, staticData: second, workflowId: 'wf-other' }).hookContext(),
		);
		expect(stateIn(first).grantDigest).toEqual(stateIn(second).grantDigest);
	});

	it('accepts an event Tiki already sends to this URL (409) without error', async () => {
		tiki.webhooks.set('product:request:approved', { uri: NODE_URL, event: 'product:request:approved' });
		await lifecycle.create.call(workflow(['product:request:approved']).hookContext());
		expect(registered()).toEqual([{ uri: NODE_URL, event: 'product:request:approved' }]);
	});

	it('refuses to take over an event Tiki sends elsewhere, naming the event and the URI, and leaves nothing behind', async () => {
		tiki.webhooks.set('product:request:rejected', { uri: 'https://erp.example.vn/tiki', event: 'product:request:rejected' });
		const activation = lifecycle.create.call(workflow(['product:request:approved', 'product:request:rejected']).hookContext());
		await expect(activation).rejects.toMatchObject({
			message: 'Tiki already sends product:request:rejected to https://erp.example.vn/tiki',
			description: expect.stringContaining('Replace Existing Registration'),
		});
		expect(registered()).toEqual([{ uri: 'https://erp.example.vn/tiki', event: 'product:request:rejected' }]);
	});

	it('takes the event over when Replace Existing Registration is on', async () => {
		tiki.webhooks.set('product:request:rejected', { uri: 'https://erp.example.vn/tiki', event: 'product:request:rejected' });
		await lifecycle.create.call(workflow(['product:request:rejected'], {}, { replaceExisting: true }).hookContext());
		expect(registered()).toEqual([{ uri: NODE_URL, event: 'product:request:rejected' }]);
	});

	it('on deactivation removes its URL only from events that still send to it, and says the grant stays', async () => {
		const staticData: IDataObject = {};
		await lifecycle.create.call(workflow(['product:request:approved', 'product:request:rejected'], staticData).hookContext());
		tiki.webhooks.set('product:request:rejected', { uri: 'https://erp.example.vn/tiki', event: 'product:request:rejected' });
		expect(await lifecycle.delete.call(workflow(['product:request:approved', 'product:request:rejected'], staticData).hookContext())).toBe(true);
		expect(registered()).toEqual([{ uri: 'https://erp.example.vn/tiki', event: 'product:request:rejected' }]);
		expect(stateIn(staticData)).toEqual({});
		expect(new TikiTrigger().description.properties[0].displayName).toMatch(/no way to withdraw the granted Basic credentials/);
	});

	it('leaves Tiki with exactly the newly selected events on re-activation', async () => {
		const staticData: IDataObject = {};
		await lifecycle.create.call(workflow(['product:request:approved', 'product:request:rejected'], staticData).hookContext());
		const changed = workflow(['product:request:rejected', 'product:request:locked'], staticData);
		expect(await lifecycle.checkExists.call(changed.hookContext())).toBe(false);
		await lifecycle.create.call(changed.hookContext());
		expect(registered().map((webhook) => webhook.event)).toEqual(['product:request:locked', 'product:request:rejected']);
	});

	it('registers again when the credential, and so the pair, changed', async () => {
		const staticData: IDataObject = {};
		await lifecycle.create.call(workflow(['product:request:approved'], staticData).hookContext());
		const rotated = workflow(['product:request:approved'], staticData, { credential: { webhookSecret: 'rotated-secret-0123456789' } });
		expect(await lifecycle.checkExists.call(rotated.hookContext())).toBe(false);
	});

	it('fails activation with a message naming the credential when the client is refused, and registers nothing', async () => {
		const trigger = workflow(['product:request:approved'], {}, { credential: { clientSecret: 'wrong' } });
		await expect(lifecycle.create.call(trigger.hookContext())).rejects.toThrow();
		expect(tiki.webhooks.size).toBe(0);
	});

	it('removes what it registered when the grant fails, so nothing is left registered', async () => {
		tiki.failAfter(3, 500);
		tiki.failNext(500, undefined, 3);
		await expect(lifecycle.create.call(workflow(['product:request:approved', 'product:request:rejected']).hookContext())).rejects.toMatchObject({
			message: expect.stringContaining('(PUT /integration/v1/webhooks/credentials: HTTP 500)'),
		});
		expect(tiki.webhooks.size).toBe(0);
	});
});
