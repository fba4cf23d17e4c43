import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

import { startSupplierApi } from '../dev/mocks/supplierApi';
import { supplierAction } from '../dev/supplierNodesInCore';

const ITEMS = Number(process.env.BENCH_ACTION_ITEMS ?? 10_000);

export interface ActionMemoryResult {
	items: number;
	/** Largest growth of the live heap (measured right after a full collection) while the node was sending. */
	liveGrowthMb: number;
	/** Live heap still held once the node has returned, output items included. */
	afterMb: number;
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function liveHeapMb(): number {
	collectGarbage();
	return process.memoryUsage().heapUsed / 1024 / 1024;
}

/**
 * What the Supplier Marketplace node itself keeps alive while it sends ITEMS updates: its `execute()` inside
 * n8n-core's real execution context (no n8n server around it), the live heap sampled after a full
 * collection every 250 ms. An RSS peak also counts garbage the collector has not reclaimed yet; this does not.
 */
export async function benchActionMemory(): Promise<ActionMemoryResult> {
	const supplier = await startSupplierApi();
	try {
		const itemsOf = (count: number) => Array.from({ length: count }, (_, i) => ({ productId: `P${i}`, size: 'M', count: (i % 5) + 1 }));
		const node = supplierAction(
			{
				operation: 'receipts',
				supplierProductId: '={{ $json.productId }}',
				sizesSource: 'fields',
				sizes: { size: [{ value: '={{ $json.size }}', count: '={{ $json.count }}' }] },
				options: { concurrency: 4 },
			},
			supplier,
		);
		// a first small run loads n8n-core's request and expression code, which is not the node's to hold
		await node.execute(itemsOf(10));
		supplier.received.length = 0;
		const items = itemsOf(ITEMS);
		const before = liveHeapMb();
		let peak = before;
		const sampler = setInterval(() => (peak = Math.max(peak, liveHeapMb())), 250);
		const [output] = await node.execute(items);
		clearInterval(sampler);
		const after = liveHeapMb();
		if (output.length !== ITEMS || supplier.received.length !== ITEMS) {
			throw new Error(`expected ${ITEMS} updates, the server received ${supplier.received.length} and the node returned ${output.length}`);
		}
		return { items: ITEMS, liveGrowthMb: peak - before, afterMb: after - before };
	} finally {
		await supplier.close();
	}
}
