import { existsSync, readFileSync, rmSync, statSync } from 'fs';

import { ensureRuntime, N8nApi, packProject, startN8n, triggerWorkflow } from '../../dev/n8n';
import type { Execution, N8nInstance, N8nRuntime } from '../../dev/n8n';
import { tikiCredentialFields } from '../../dev/fixtures/tiki';
import { startTikiEventQueueApi } from '../../dev/mocks/tikiEventQueueApi';
import type { HeldAnswer, TikiEventQueueMock } from '../../dev/mocks/tikiEventQueueApi';
import { waitFor } from './setup/waitFor';

/** Once a year: the trigger polls when it is activated (and, without the scheduler, at every n8n start), never on its own here. */
const RARELY = { item: [{ mode: 'custom', cronExpression: '0 0 1 1 *' }] };
/**
 * n8n 2.41.1's durable poll cursors and what they need (poll-cursor.service.js). Activation then goes through the
 * publication outbox, whose record a killed n8n leaves claimed until its lease runs out (2 minutes unless set): a
 * lease of 10 s (work on a record is aborted after 7) lets the next n8n take the record over soon after it starts,
 * and a short outbox poll interval lets it notice.
 */
const DURABLE_CURSORS = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	N8N_WORKFLOW_PUBLICATION_OUTBOX_LEASE_SECONDS: '10',
	N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '500',
};
/** Debug logs: the lines the kills right after a hand-over wait for. */
const DEBUG = { N8N_LOG_LEVEL: 'debug' };
/** Logged by n8n as a poll's items leave the node (`__emit`, before the static data is saved and the execution made). */
const HAND_OVER = 'Received event to trigger execution';
/** Logged by n8n 2.41 once it has started, after activating the active workflows (their polls included). */
const STARTED = 'Editor is now accessible via';
/** Logged by n8n once the execution's row is written and marked running (active-executions.js). */
const EXECUTION_ADDED = 'Execution added';

/**
 * The Tiki Event Trigger in a real n8n killed (SIGKILL of n8n's process group) at chosen moments of a poll while
 * Tiki's queue holds several batches, and started again on the same user folder: over all executions, every event
 * runs exactly once. The mock holds the answer to a chosen request (a pull, an order fetch) after Tiki acted on it,
 * and n8n dies while waiting for it; or n8n dies as the debug log says a poll's items were handed over. First with
 * n8n's default settings, then with durable poll cursors (the n8n started after the third kill has them on, so it
 * also takes over what n8n saved without them). An n8n of this file's own, since it kills it.
 */
describe('Tiki Event Trigger: n8n killed during a poll', () => {
	let runtime: N8nRuntime;
	let tarball: string;
	let n8n: N8nInstance;
	let api: N8nApi;
	let tiki: TikiEventQueueMock;
	let workflowId: string;
	/** The settings of the n8n that runs now. */
	let env: Record<string, string> = DEBUG;
	let orderNumber = 0;

	/** The ids of the order events Tiki routed to the node's queue. */
	const published = () => [...tiki.queues.values()][0].events.map((event) => event.id);
	const drained = () => {
		const [queue] = tiki.queues.values();
		return queue.acknowledged === queue.events.length && queue.outstanding === undefined;
	};

	function publishOrders(count: number): void {
		for (let i = 0; i < count; i++) tiki.createOrder(`killed-${++orderNumber}`);
	}

	/** Executions all finished (crashed ones included), and their number unchanged for a moment. */
	async function executionsSettled(): Promise<Execution[]> {
		let last = -1;
		let since = Date.now();
		return waitFor('the executions to settle', async () => {
			const all = await api.executions(workflowId);
			if (all.length !== last || all.some((execution) => ['new', 'running', 'waiting'].includes(execution.status))) {
				last = all.length;
				since = Date.now();
				return undefined;
			}
			return Date.now() - since >= 500 ? all : undefined;
		}, 60_000);
	}

	/** One poll: n8n polls a polling trigger as it activates it (through the publication outbox when durable cursors are on). */
	async function poll(): Promise<void> {
		const pulls = tiki.pulls.length;
		await api.deactivate(workflowId);
		await api.activate(workflowId);
		await waitFor('a pull', () => tiki.pulls.length > pulls, 60_000);
		await executionsSettled();
	}

	/** Polls until Tiki has every batch acknowledged. */
	async function drain(): Promise<void> {
		while (!drained()) await poll();
	}

	/** How many executions carry each event, crashed ones included (their data holds the trigger's items). */
	async function runsPerEvent(): Promise<Record<string, number>> {
		const executions = await executionsSettled();
		const ids = published();
		const runs = Object.fromEntries(ids.map((id) => [id, 0]));
		for (const execution of executions) {
			const data = JSON.stringify(execution.data ?? {});
			for (const id of ids) if (data.includes(id)) runs[id]++;
		}
		return runs;
	}

	/**
	 * Starts n8n, and waits until it has activated its active workflows: n8n 2.41 reports ready before that, and a
	 * workflow activated again while its start-up poll runs would load its static data before that poll's is saved.
	 */
	async function start(): Promise<void> {
		const logFile = n8n ? n8n.logFile : undefined;
		const offset = logFile && existsSync(logFile) ? statSync(logFile).size : 0;
		// the package stays installed in the user folder from the first start
		n8n = await startN8n(runtime, { userFolder: n8n?.userFolder, port: n8n?.port, packages: n8n ? [] : [tarball], env });
		await waitFor('n8n to activate its workflows', () => readFileSync(n8n.logFile).subarray(offset).toString().includes(STARTED), 60_000);
		api = api ? N8nApi.reconnect(n8n, api.key) : await N8nApi.connect(n8n);
	}

	/**
	 * SIGKILL of n8n's process group (n8n and its task runner) unless already sent, then n8n started again on the
	 * same user folder, with `settings` from then on.
	 */
	async function killAndStart(settings = env): Promise<void> {
		if (n8n.process.exitCode === null && n8n.process.signalCode === null) {
			const died = new Promise((resolve) => n8n.process.once('exit', resolve));
			process.kill(-n8n.process.pid!, 'SIGKILL');
			await died;
		}
		expect(n8n.process.signalCode).toBe('SIGKILL');
		await n8n.stop();
		env = settings;
		await start();
	}

	/** Polls until the held answer is reached (n8n waits for it in a poll), then kills n8n there and starts it again. */
	async function killWhenHeld(held: HeldAnswer): Promise<void> {
		let reached = false;
		void held.reached.then(() => (reached = true));
		while (!reached) {
			// a poll in activation does not end while its answer is held: whichever comes first
			await Promise.race([poll().catch(() => undefined), held.reached]);
		}
		await killAndStart();
		held.drop();
	}

	/** Polls until n8n logs `line`, kills it the moment the line reaches this process, and starts it with `settings`. */
	async function killAtLogLine(line: string, settings: Record<string, string>): Promise<void> {
		let seen = '';
		let killed = false;
		const watch = (chunk: Buffer) => {
			seen = (seen + chunk.toString()).slice(-4096);
			if (!killed && seen.includes(line)) {
				killed = true;
				process.kill(-n8n.process.pid!, 'SIGKILL');
			}
		};
		n8n.process.stdout?.on('data', watch);
		while (!killed) await poll().catch(() => undefined);
		await killAndStart(settings);
	}

	async function expectEachEventRanOnce(): Promise<void> {
		await drain();
		const runs = await runsPerEvent();
		expect(Object.values(runs).filter((count) => count !== 1)).toEqual([]);
		expect(Object.keys(runs).length).toBe(orderNumber);
	}

	beforeAll(async () => {
		runtime = await ensureRuntime();
		tarball = process.env.N8N_E2E_TARBALL ?? (await packProject());
		tiki = await startTikiEventQueueApi({ batchSize: 2 });
		await start();
		const credential = await api.createCredential('Tiki events killed', 'tikiOAuth2Api', tikiCredentialFields(tiki.baseUrl));
		const workflow = triggerWorkflow({
			node: 'tikiEventTrigger',
			parameters: { events: ['ORDER_CREATED_SUCCESSFULLY'], pollTimes: RARELY, options: { fetchFullOrder: true } },
			credentials: { tikiOAuth2Api: credential },
		});
		workflowId = await api.createWorkflow(workflow.definition);
		// the poll at activation creates and subscribes the queue
		await api.activate(workflowId);
		await waitFor('the queue', () => tiki.queues.size === 1, 60_000);
	}, 240_000);

	afterAll(async () => {
		await n8n?.stop();
		await tiki?.close();
		if (n8n && !process.env.KEEP_N8N_USER_FOLDER) rmSync(n8n.userFolder, { recursive: true, force: true });
	});

	describe("n8n's default settings", () => {
		it('killed while the second pull\'s answer is on its way: every event runs once', async () => {
			expect(env.N8N_POLLER_DURABLE_CURSORS_ENABLED === 'true').toBe(false);
			publishOrders(5);
			await killWhenHeld(tiki.hold('pull', 2));
			await expectEachEventRanOnce();
		}, 240_000);

		it('killed during an order fetch ("Fetch Full Order"): every event runs once', async () => {
			publishOrders(5);
			await killWhenHeld(tiki.hold('order', 3));
			await expectEachEventRanOnce();
		}, 240_000);

		it('killed right after a poll handed its items over: every event runs once', async () => {
			publishOrders(3);
			// n8n saves the static data and writes the execution in two steps: killed once the execution is written;
			// the n8n started after it has durable poll cursors on
			await killAtLogLine(EXECUTION_ADDED, { ...DEBUG, ...DURABLE_CURSORS });
			await expectEachEventRanOnce();
		}, 240_000);
	});

	// the kills during a pull and an order fetch hold the same with durable cursors (the unit crash tests cover both
	// settings at every step); the hand-over is where durable cursors differ: state and execution in one transaction
	describe('durable poll cursors', () => {
		it('killed as a poll\'s items leave the node: every event runs once', async () => {
			expect(env.N8N_POLLER_DURABLE_CURSORS_ENABLED).toBe('true');
			publishOrders(3);
			await killAtLogLine(HAND_OVER, { ...DEBUG, ...DURABLE_CURSORS });
			await expectEachEventRanOnce();
		}, 240_000);
	});
});
