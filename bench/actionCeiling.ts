import { rmSync } from 'fs';

import type { N8nRuntime } from '../dev/n8n';
import { N8nApi, startN8n } from '../dev/n8n';
import { startSupplierApi } from '../dev/mocks/supplierApi';
import type { ActionRun, Sender } from './action';
import { runSender } from './action';
import { CEILING_PACKAGE, packCeilingPackage } from './ceilingPackage';

/** The bench package's sender with the Supplier Marketplace node's parameters for "receipts" (bench/action.ts). */
function ceilingSender(credential: { id: string; name: string }): Sender {
	return {
		type: `${CEILING_PACKAGE}.ceilingSender`,
		typeVersion: 1,
		parameters: {
			operation: 'receipts',
			supplierProductId: '={{ $json.productId }}',
			sizes: { size: [{ value: '={{ $json.size }}', count: '={{ $json.count }}' }] },
			concurrency: 4,
		},
		credentials: { supplierMarketplaceApi: credential },
	};
}

/**
 * The ceiling n8n sets for the action node: the same workflow and items as bench/action.ts, sent by a node
 * that does nothing but resolve the same parameters and post each update once through n8n's request helper,
 * in a fresh n8n with both packages (the sender uses this package's credential).
 */
export async function benchActionCeiling(runtime: N8nRuntime, tarball: string): Promise<ActionRun> {
	const [ceiling, supplier] = await Promise.all([packCeilingPackage(), startSupplierApi()]);
	const instance = await startN8n(runtime, { packages: [tarball, ceiling] });
	try {
		const api = await N8nApi.connect(instance);
		const credential = await api.createCredential('bench ceiling supplier api', 'supplierMarketplaceApi', { apiUrl: supplier.apiUrl, apiToken: supplier.token });
		return await runSender(instance, api, supplier, ceilingSender(credential));
	} finally {
		await instance.stop();
		rmSync(instance.userFolder, { recursive: true, force: true });
		await supplier.close();
	}
}
