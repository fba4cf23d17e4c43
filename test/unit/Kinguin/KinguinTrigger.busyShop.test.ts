import type { IDataObject } from 'n8n-workflow';

import { kinguinHeaders, productUpdate } from '../../../dev/fixtures/kinguin';
import { atPace } from '../atTimes';
import { inFreshProcess } from '../freshProcess';
import { kinguinTrigger } from './kinguinTriggerInCore';

const HOUR = 60 * 60 * 1000;
/** A busy store: 20,000 product updates within 20 hours, well inside Kinguin's 24-hour horizon. */
const BUSY_PACE = (20 * HOUR) / 20_000;
const UPDATED_AT = '2025-06-01T00:00:00.000+00:00';
const NEWER = '2025-06-01T00:00:00.001+00:00';
const OLDER = '2025-05-31T23:59:59.999+00:00';

describe("Kinguin Trigger at a busy store (20,000 updates in 20 hours), in n8n-core's webhook context", () => {
	it("keeps a product's newest updatedAt for 24 hours after 20,000 updates of other products, also across a restart", async () => {
		const workflowId = 'busy-kinguin';
		const trigger = kinguinTrigger({}, { staticData: {}, workflowId });
		const update = (kinguinId: number, updatedAt: string) => ({ headers: kinguinHeaders('product.update'), rawBody: productUpdate(kinguinId, updatedAt) });
		const late = [OLDER, UPDATED_AT, NEWER];
		const ran = await atPace(20_004, (step) => step * BUSY_PACE, async (step) => {
			const delivery = step <= 20_000 ? update(1 + step, UPDATED_AT) : update(1, late[step - 20_001]);
			return (await trigger.deliver(delivery)).items.length;
		});
		expect(ran.slice(0, 20_001).every((count) => count === 1)).toBe(true);
		// the first product again, after 20,000 updates of others: older and equal ignored, newer run
		expect(ran.slice(20_001)).toEqual([0, 0, 1]);

		// n8n restarted with what the last write saved: the newest update of a product from early on is still known
		const { KinguinTrigger: Restarted } = inFreshProcess(() => require('../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node') as typeof import('../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.node'));
		const saved = JSON.parse(JSON.stringify(trigger.workflow.staticData)) as IDataObject;
		const restarted = kinguinTrigger({}, { staticData: saved, workflowId, nodeType: new Restarted() });
		const afterRestart = await atPace(2, (step) => (20_004 + step) * BUSY_PACE, async (step) =>
			(await restarted.deliver(update(step === 0 ? 2 : 1, NEWER))).items.length,
		);
		expect(afterRestart).toEqual([1, 0]);
	}, 120_000);
});
