import { KinguinTrigger } from '../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node';
import { SupplierMarketplaceTrigger } from '../../../nodes/SupplierMarketplace/SupplierMarketplaceTrigger/SupplierMarketplaceTrigger.node';
import type { NodeInN8nCore } from '../../../dev/nodeInN8nCore';
import { stateIn } from '../../../dev/nodeInN8nCore';
import { kinguinTrigger } from '../Kinguin/kinguinTriggerInCore';
import { supplierTrigger } from '../../../dev/supplierNodesInCore';

/**
 * The two triggers whose URL the user pastes into a dashboard share one lifecycle: every activation checks the
 * credential, and a production URL that changed since the last activation is logged as a warning.
 */
describe.each([
	['Kinguin', new KinguinTrigger().webhookMethods.default, (url?: string) => kinguinTrigger({}, { webhookBaseUrl: url }), 'the Kinguin dashboard'],
	[
		'Supplier Marketplace',
		new SupplierMarketplaceTrigger().webhookMethods.default,
		(url?: string) => supplierTrigger({}, undefined, { webhookBaseUrl: url }),
		"the marketplace's supplier dashboard",
	],
])('%s Trigger: a URL pasted into a dashboard, over time', (platform, methods, trigger, dashboard) => {
	async function start(node: NodeInN8nCore, activation: 'activate' | 'init' = 'init') {
		const context = node.hookContext(activation);
		const warn = jest.spyOn(context.logger, 'warn').mockImplementation(() => undefined);
		expect(await methods.checkExists.call(context)).toBe(false);
		expect(await methods.create.call(context)).toBe(true);
		const warnings = warn.mock.calls.map(([message]) => message);
		warn.mockRestore();
		return warnings;
	}

	it('warns at a start whose production URL changed, naming the workflow, the node, both URLs and where to paste', async () => {
		const first = trigger();
		expect(await start(first, 'activate')).toEqual([]);
		const moved = trigger('https://n8n.moved.example/webhook');
		moved.workflow.staticData.global = first.workflow.staticData.global;
		const [warning] = await start(moved);
		expect(warning).toContain(`${platform} Trigger "Trigger" of workflow`);
		expect(warning).toContain(moved.workflow.id);
		expect(warning).toContain('from https://n8n.example.com/webhook/hook-id/webhook to https://n8n.moved.example/webhook/hook-id/webhook');
		expect(warning).toContain(dashboard);
		expect(stateIn(moved.workflow.staticData)).toEqual({ webhookUrl: 'https://n8n.moved.example/webhook/hook-id/webhook' });
		expect(await start(moved)).toEqual([]);
	});

	it('keeps the URL over a deactivation, so activating it later under another URL warns too', async () => {
		const first = trigger();
		await start(first, 'activate');
		expect(await methods.delete.call(first.hookContext('remove'))).toBe(true);
		const moved = trigger('https://n8n.moved.example/webhook');
		moved.workflow.staticData.global = first.workflow.staticData.global;
		expect(await start(moved, 'activate')).toHaveLength(1);
	});

	it('neither remembers nor warns about a test listen\'s URL', async () => {
		const active = trigger();
		await start(active, 'activate');
		const listen = active.testListen();
		expect(await start(listen)).toEqual([]);
		expect(stateIn(listen.workflow.staticData)).toEqual({});
	});
});
