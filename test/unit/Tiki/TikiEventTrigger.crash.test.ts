import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startTikiEventQueueApi } from '../../../dev/mocks/tikiEventQueueApi';
import type { HeldAnswer, TikiEventQueueMock } from '../../../dev/mocks/tikiEventQueueApi';
import { PollingN8n } from './tikiEventTriggerInCore';
import type { CrashPoint } from './tikiEventTriggerInCore';

/** Order events in the queue: with batches of two, and two events of a type the node does not select among them, four batches. */
const ORDERS = ['order-1', 'order-2', 'order-3', 'order-4', 'order-5'];

interface Variant {
	name: string;
	parameters: INodeParameters;
}

const VARIANTS: Variant[] = [
	{ name: 'plain', parameters: {} },
	{ name: 'with Fetch Full Order', parameters: { options: { fetchFullOrder: true } } },
	{ name: 'with Max Events per Poll 1 (each batch in parts)', parameters: { options: { maxEventsPerPoll: 1 } } },
];

type Crash = { kind: 'request'; nth: number } | { kind: CrashPoint; poll: number };

/** What one run did: whether it reached its crash point (one past the end of the run does not), whether n8n died, what was emitted. */
interface Run {
	reached: boolean;
	crashed: boolean;
	published: string[];
	executions: IDataObject[][];
}

function drained(tiki: TikiEventQueueMock): boolean {
	const [queue] = tiki.queues.values();
	return queue.acknowledged === queue.events.length && queue.outstanding === undefined;
}

/**
 * One poll of `n8n`; when `held` is reached during it, n8n dies there: the held answer never arrives, and nothing
 * the poll did is saved.
 */
async function pollUnlessKilled(n8n: PollingN8n, held: HeldAnswer | undefined, point: CrashPoint | undefined): Promise<void> {
	const poll = n8n.poll(point);
	const outcome = await Promise.race([poll.then(() => 'done' as const), held ? held.reached.then(() => 'held' as const) : new Promise<never>(() => undefined)]);
	if (outcome === 'done') return;
	// n8n is gone before the answer could reach the node: whatever the poll still does is never saved
	n8n.crash();
	held!.drop();
	await poll.catch(() => undefined);
}

/**
 * Five order events and two of another type in a queue of batches of two, polled until Tiki has every batch
 * acknowledged, with n8n dying once at the chosen point; the polls after it start from what n8n had saved.
 */
async function runWithCrash(variant: Variant, durableCursors: boolean, crash: Crash): Promise<Run> {
	const tiki = await startTikiEventQueueApi({ batchSize: 2 });
	try {
		const n8n = new PollingN8n(tiki.baseUrl, variant.parameters, { durableCursors });
		// the poll at activation creates and subscribes the queue (with durable cursors, committing nothing)
		expect(await n8n.poll(undefined, { atActivation: true })).toBeNull();
		const [queue] = tiki.queues.values();
		const published = ORDERS.slice(0, 2).map((code) => tiki.createOrder(code));
		// events of a type the node does not select: a batch with nothing to hand over
		for (const id of ['price-1', 'price-2']) queue.events.push({ id, sid: 's', created_at: 0, type: 'PRODUCT_PRICE_UPDATED', version: 1, payload: { product_id: id } });
		published.push(...ORDERS.slice(2).map((code) => tiki.createOrder(code)));
		const held = crash.kind === 'request' ? tiki.hold('any', crash.nth) : undefined;
		let reachedHold = false;
		void held?.reached.then(() => (reachedHold = true));
		let polls = 0;
		while (!drained(tiki) && polls < 30) {
			polls++;
			await pollUnlessKilled(n8n, reachedHold ? undefined : held, crash.kind !== 'request' && crash.poll === polls ? crash.kind : undefined);
		}
		held?.drop();
		const orderEvents = queue.events.filter((event) => event.type === 'ORDER_CREATED_SUCCESSFULLY').map((event) => event.id);
		expect(published).toHaveLength(ORDERS.length);
		const reached = crash.kind === 'request' ? reachedHold : crash.poll <= polls;
		return { reached, crashed: n8n.crashes > 0, published: orderEvents, executions: n8n.executions };
	} finally {
		await tiki.close();
	}
}

/** Every order event handed to n8n exactly once over all executions, each with its order when Fetch Full Order is on. */
function expectEachOnce(run: Run, variant: Variant): void {
	const handed = run.executions.flat();
	expect(handed.map((item) => item.eventId).sort()).toEqual([...run.published].sort());
	if ((variant.parameters.options as IDataObject | undefined)?.fetchFullOrder) {
		expect(handed.every((item) => (item.order as IDataObject | null)?.code === item.order_code)).toBe(true);
	}
}

/** Crashes at the 1st, 2nd, … of these points until one lies past the end of the run; returns how many runs n8n died in. */
async function crashAtEach(variant: Variant, durableCursors: boolean, at: (n: number) => Crash): Promise<number> {
	let crashes = 0;
	for (let n = 1; ; n++) {
		const run = await runWithCrash(variant, durableCursors, at(n));
		expectEachOnce(run, variant);
		if (!run.reached) return crashes;
		if (run.crashed) crashes++;
	}
}

/**
 * A crash at any moment of a poll loses no event and hands none over twice. n8n dies with the answer to each request
 * the node sends held at Tiki (each pull, each order fetch, each request that checks the queue), after each poll
 * returned and before n8n saved anything, and, with durable poll cursors, between n8n's save of the static data and
 * the commit of the cursor with the execution; the polls after it start from only what n8n had saved. Tiki is at
 * least once: what was not acknowledged comes again.
 */
describe('Tiki Event Trigger: n8n dies at each step of a poll', () => {
	// every order fetch n8n dies during logs the node's warning that its batch waits: expected here, hundreds of times
	beforeAll(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
	afterAll(() => jest.restoreAllMocks());

	describe.each([
		['n8n\'s default (static data saved with the execution)', false],
		['durable poll cursors (committed with the execution)', true],
	])('%s', (_mode, durableCursors) => {
		it.each(VARIANTS.map((variant) => [variant.name, variant] as const))('%s: killed with each request\'s answer held at Tiki', async (_name, variant) => {
			const crashes = await crashAtEach(variant, durableCursors, (nth) => ({ kind: 'request', nth }));
			// at least each of the five pulls of a run (four batches, then the empty queue) and each order fetch
			expect(crashes).toBeGreaterThanOrEqual(variant === VARIANTS[1] ? 10 : 5);
		}, 120_000);

		it.each(VARIANTS.map((variant) => [variant.name, variant] as const))('%s: killed after each poll returned, before n8n saved anything', async (_name, variant) => {
			const crashes = await crashAtEach(variant, durableCursors, (poll) => ({ kind: 'beforeReturn', poll }));
			expect(crashes).toBeGreaterThanOrEqual(4);
		}, 60_000);
	});

	it.each(VARIANTS.map((variant) => [variant.name, variant] as const))(
		'%s: with durable poll cursors, killed between the save of the static data and the commit of the cursor with the execution',
		async (_name, variant) => {
			const crashes = await crashAtEach(variant, true, (poll) => ({ kind: 'betweenSaveAndCommit', poll }));
			expect(crashes).toBeGreaterThanOrEqual(3);
		},
		60_000,
	);
});
