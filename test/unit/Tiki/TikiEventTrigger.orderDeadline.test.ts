import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ORDER_FETCH_WITHIN_MS } from '../../../nodes/Tiki/TikiEventTrigger/TikiEventTrigger.api';
import { ORDER_FETCH_CONCURRENCY } from '../../../nodes/Tiki/TikiEventTrigger/TikiEventTrigger.poll';
import { startTikiEventQueueApi } from '../../../dev/mocks/tikiEventQueueApi';
import type { TikiEventQueueMock } from '../../../dev/mocks/tikiEventQueueApi';
import { nodeState, tikiEventTrigger } from './tikiEventTriggerInCore';

/** n8n polls at most once a minute and starts the next poll on schedule even while one still runs. */
const SHORTEST_POLL_INTERVAL_MS = 60_000;

const FULL_ORDER: INodeParameters = { events: ['ORDER_CREATED_SUCCESSFULLY', 'PRODUCT_PRICE_UPDATED'], options: { fetchFullOrder: true } };

/**
 * "Fetch Full Order" of the Tiki Event Trigger with an order that Tiki never answers: the poll ends by the
 * order fetch's deadline, inside n8n's shortest poll interval, and holds the batch as for any failed fetch.
 */
describe('Tiki Event Trigger: Fetch Full Order, while Tiki never answers an order', () => {
	let tiki: TikiEventQueueMock;
	let staticData: IDataObject;

	beforeEach(async () => {
		tiki = await startTikiEventQueueApi({ batchSize: 50 });
		staticData = {};
		expect((await tikiEventTrigger(tiki.baseUrl, FULL_ORDER, { staticData }).poll()).result).toBeNull();
	});
	afterEach(async () => {
		await tiki.close();
	});

	it(
		`ends the poll by the orders' ${ORDER_FETCH_WITHIN_MS / 1000} s, inside n8n's one-minute poll interval, and holds the batch for the next poll`,
		async () => {
			// three rounds of requests at the concurrency limit, each hanging for a whole attempt without the batch's deadline
			const hanging = Array.from({ length: ORDER_FETCH_CONCURRENCY * 2 + 1 }, (_, index) => String(tiki.createOrder(`hanging-${index}`).code));
			for (const code of hanging) tiki.hangingOrders.add(code);
			const ackBefore = nodeState(staticData).ackId;
			const started = Date.now();

			expect((await tikiEventTrigger(tiki.baseUrl, FULL_ORDER, { staticData }).poll()).result).toBeNull();
			expect(Date.now() - started).toBeLessThan(Math.min(ORDER_FETCH_WITHIN_MS + 5_000, SHORTEST_POLL_INTERVAL_MS));
			expect(nodeState(staticData).ackId).toBe(ackBefore);
			expect(Object.values(nodeState(staticData).orderFetchFailures ?? {})).toEqual(hanging.map(() => 1));
		},
		ORDER_FETCH_WITHIN_MS + 20_000,
	);

	it(
		'shows the order null with how long it was waited for in "Fetch Test Event"',
		async () => {
			tiki.createOrder('239545064');
			tiki.hangingOrders.add('239545064');
			const { items } = await tikiEventTrigger(tiki.baseUrl, FULL_ORDER, { staticData }).poll('manual');
			expect(items).toEqual([
				expect.objectContaining({
					order_code: '239545064',
					order: null,
					orderFetchError: expect.stringMatching(/^Tiki did not answer with the order \(GET \/integration\/v2\/orders\/239545064\): No answer in \d+(\.\d)? s(, \d attempts)?$/),
				}),
			]);
		},
		ORDER_FETCH_WITHIN_MS + 20_000,
	);
});
