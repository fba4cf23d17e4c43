import { ensureRuntime, packProject } from '../../dev/n8n';
import { startQueueMode } from '../../dev/n8n/queueMode';
import type { QueueModeN8n } from '../../dev/n8n/queueMode';
import { kinguinInQueueMode } from './scenarios/kinguin';
import { mainRestart } from './scenarios/mainRestart';
import { shopgateInQueueMode } from './scenarios/shopgate';
import { shopkitInQueueMode } from './scenarios/shopkit';
import { supplierMarketplaceInQueueMode } from './scenarios/supplierMarketplace';
import { tikiInQueueMode } from './scenarios/tiki';
import { spreadAndFailover } from './scenarios/spreadAndFailover';
import { staticDataInQueueMode } from './scenarios/staticDataWrites';
import { tikiEventsInQueueMode } from './scenarios/tikiEvents';
import { queueCluster } from './support/queueCluster';
import type { QueueCluster } from './support/queueCluster';

/**
 * Every trigger in n8n's queue mode: PostgreSQL, Redis, a main that activates workflows (and registers
 * them with the platforms, and runs the polling trigger), two webhook processes that receive the
 * deliveries through nginx, a worker that runs them.
 * One file, so that the main's restart and the stop of a webhook process come last and no other
 * scenario talks to a process that is down.
 */
describe('n8n in queue mode', () => {
	let n8n: QueueModeN8n | undefined;
	let cluster: QueueCluster;

	beforeAll(async () => {
		const tarball = process.env.N8N_E2E_TARBALL ?? (await packProject());
		n8n = await startQueueMode(await ensureRuntime(), { packages: [tarball] });
		cluster = await queueCluster(n8n);
	}, 300_000);

	afterAll(async () => {
		await n8n?.stop();
	}, 60_000);

	kinguinInQueueMode(() => cluster);
	shopkitInQueueMode(() => cluster);
	tikiInQueueMode(() => cluster);
	tikiEventsInQueueMode(() => cluster);
	shopgateInQueueMode(() => cluster);
	supplierMarketplaceInQueueMode(() => cluster);
	staticDataInQueueMode(() => cluster);
	mainRestart(() => cluster);
	spreadAndFailover(() => cluster);
});
