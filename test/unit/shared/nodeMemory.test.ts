import { kinguinHeaders, productUpdate } from '../../../dev/fixtures/kinguin';
import { KinguinTrigger } from '../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node';
import { kinguinTrigger } from '../Kinguin/kinguinTriggerInCore';

const AT = '2025-01-10T00:00:00.000+00:00';
const delivery = { headers: kinguinHeaders('product.update'), rawBody: productUpdate(7, AT) };

let workflows = 0;

/**
 * What a node keeps in the n8n process (its memory of deliveries, its decrypted credential) goes when its workflow is
 * deactivated: n8n calls the node's delete then. Seen through a copy of the static data that holds nothing (as a
 * workflow whose saved copy was lost would): only this process's memory can still take the delivery for a repeat.
 */
describe('a node\'s memory in the n8n process', () => {
	const node = new KinguinTrigger();
	const inWorkflow = (workflowId: string) => kinguinTrigger({ events: ['product.update'] }, { staticData: {}, workflowId, nodeType: node });

	it('is freed when its workflow is deactivated, and kept until then', async () => {
		const workflowId = `memory-${++workflows}`;
		expect((await inWorkflow(workflowId).deliver(delivery)).items).toHaveLength(1);
		expect((await inWorkflow(workflowId).deliver(delivery)).items).toHaveLength(0);

		const deactivated = inWorkflow(workflowId);
		await node.webhookMethods.default.delete.call(deactivated.hookContext('remove'));
		expect((await inWorkflow(workflowId).deliver(delivery)).items).toHaveLength(1);
	});

	it('of a test listen is freed when the listen ends; production, rebuilt from its saved copy, still knows its deliveries', async () => {
		const workflowId = `memory-${++workflows}`;
		const saved = {};
		const production = kinguinTrigger({ events: ['product.update'] }, { staticData: saved, workflowId, nodeType: node });
		expect((await production.deliver(delivery)).items).toHaveLength(1);
		const listen = production.testListen();
		expect((await listen.deliver(delivery)).items).toHaveLength(1);
		expect((await production.testListen().deliver(delivery)).items).toHaveLength(0);
		await node.webhookMethods.default.delete.call(listen.hookContext('remove'));
		expect((await production.testListen().deliver(delivery)).items).toHaveLength(1);
		expect((await production.deliver(delivery)).items).toHaveLength(0);
	});

	it('keeps other workflows\' memory when one is deactivated', async () => {
		const [kept, freed] = [`memory-${++workflows}`, `memory-${++workflows}`];
		for (const workflowId of [kept, freed]) expect((await inWorkflow(workflowId).deliver(delivery)).items).toHaveLength(1);
		await node.webhookMethods.default.delete.call(inWorkflow(freed).hookContext('remove'));
		expect((await inWorkflow(kept).deliver(delivery)).items).toHaveLength(0);
	});
});
