import type { IDataObject } from 'n8n-workflow';

import { kinguinHeaders, productUpdate } from '../../../dev/fixtures/kinguin';
import { inFreshProcess } from '../freshProcess';
import { kinguinTrigger } from './kinguinTriggerInCore';

/**
 * n8n gives every webhook request its own copy of the static data, read from the database before the
 * request and written back whole after it (../shared/n8n-runtime/RECIPE.md §8). A burst is simulated here
 * the same way: all copies read before any is written, the last one written wins.
 */
describe('Kinguin Trigger: a concurrent burst', () => {
	it('ignores every repeat of 20 concurrent deliveries, and after a reload of the saved copy', async () => {
		const workflowId = 'burst-workflow';
		let database: IDataObject = {};
		const load = () => JSON.parse(JSON.stringify(database)) as IDataObject;
		const deliver = (staticData: IDataObject, index: number) =>
			kinguinTrigger({}, { staticData, workflowId }).deliver({
				headers: kinguinHeaders('product.update'),
				rawBody: productUpdate(1000 + index, '2024-06-01T00:00:00.000+00:00'),
			});

		const copies = Array.from({ length: 20 }, load);
		const burst = await Promise.all(copies.map((copy, index) => deliver(copy, index)));
		expect(burst.filter((delivery) => delivery.items.length === 1)).toHaveLength(20);
		for (const copy of copies) database = JSON.parse(JSON.stringify(copy));

		const repeats = [];
		for (let index = 0; index < 20; index++) {
			repeats.push(await deliver(load(), index));
		}
		expect(repeats.filter((delivery) => delivery.items.length > 0)).toHaveLength(0);
		expect(repeats.every((delivery) => delivery.response.status === 204)).toBe(true);

		// n8n restarted: only the saved copy knows the burst
		const { KinguinTrigger: Restarted } = inFreshProcess(() => require('../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node') as typeof import('../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node'));
		const afterRestart = [];
		for (let index = 0; index < 20; index++) {
			afterRestart.push(
				await kinguinTrigger({}, { staticData: load(), workflowId, nodeType: new Restarted() }).deliver({
					headers: kinguinHeaders('product.update'),
					rawBody: productUpdate(1000 + index, '2024-06-01T00:00:00.000+00:00'),
				}),
			);
		}
		expect(afterRestart.filter((delivery) => delivery.items.length > 0)).toHaveLength(0);
	});
});
