import { randomUUID } from 'crypto';

import type { N8nInstance } from './instance';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isFinished = (execution: Execution) => !['new', 'running', 'waiting'].includes(execution.status);

export interface Execution {
	id: string;
	status: string;
	startedAt?: string;
	stoppedAt?: string;
	mode: string;
	workflowId: string;
	data?: {
		resultData: {
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>>;
			error?: { message: string };
		};
	};
}

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
	/** n8n's "On Error" setting: stopWorkflow (absent), continueRegularOutput, continueErrorOutput. */
	onError?: string;
}

export interface WorkflowDefinition {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export interface Delivery {
	status: number;
	body: string;
	headers: Headers;
}

/** n8n's public REST API (`/api/v1`, API key) plus the two internal routes needed to mint that key. */
export class N8nApi {
	/** The workflow `deliveriesProcessed` delivers to, made on first use, and how many deliveries it was sent. */
	private probe?: Promise<{ workflowId: string; path: string }>;
	private probesSent = 0;

	private constructor(
		readonly instance: N8nInstance,
		private readonly apiKey: string,
	) {}

	/** Logs in as the owner and creates an API key with every scope the owner may grant. */
	static async connect(instance: N8nInstance): Promise<N8nApi> {
		const cookie = await logIn(instance);
		const scopes = await fetch(`${instance.baseUrl}/rest/api-keys/scopes`, { headers: { cookie } }).then(
			(response) => response.json() as Promise<{ data: string[] }>,
		);
		const created = await fetch(`${instance.baseUrl}/rest/api-keys`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ label: `e2e-${Date.now()}`, expiresAt: null, scopes: scopes.data }),
		});
		if (!created.ok) throw new Error(`creating an API key failed: ${created.status} ${await created.text()}`);
		const { data } = (await created.json()) as { data: { rawApiKey: string } };
		return new N8nApi(instance, data.rawApiKey);
	}

	static reconnect(instance: N8nInstance, apiKey: string): N8nApi {
		return new N8nApi(instance, apiKey);
	}

	get key(): string {
		return this.apiKey;
	}

	private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetchReading(method, `${this.instance.baseUrl}/api/v1${path}`, {
			method,
			headers: { 'X-N8N-API-KEY': this.apiKey, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
		const created = await this.call<{ id: string; name: string }>('POST', '/credentials', { name, type, data });
		return { id: created.id, name: created.name };
	}

	async createWorkflow(definition: WorkflowDefinition): Promise<string> {
		const created = await this.call<{ id: string }>('POST', '/workflows', { settings: { executionOrder: 'v1' }, ...definition });
		return created.id;
	}

	/** Activation is synchronous in the kit's n8n: when this returns, the webhooks answer. */
	async activate(workflowId: string): Promise<void> {
		await this.call('POST', `/workflows/${workflowId}/activate`);
	}

	async deactivate(workflowId: string): Promise<void> {
		await this.call('POST', `/workflows/${workflowId}/deactivate`);
	}

	async updateWorkflow(workflowId: string, definition: WorkflowDefinition): Promise<void> {
		await this.call('PUT', `/workflows/${workflowId}`, { settings: { executionOrder: 'v1' }, ...definition });
	}

	async getWorkflow(workflowId: string): Promise<{ id: string; active: boolean; staticData?: unknown }> {
		return this.call('GET', `/workflows/${workflowId}`);
	}

	async executions(workflowId: string, { includeData = true } = {}): Promise<Execution[]> {
		const all: Execution[] = [];
		let cursor: string | undefined;
		do {
			const query = `workflowId=${workflowId}&includeData=${includeData}&limit=250${cursor ? `&cursor=${cursor}` : ''}`;
			const page = await this.call<{ data: Execution[]; nextCursor?: string | null }>('GET', `/executions?${query}`);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/**
	 * The workflow's executions once `count` of them have finished and none is still running, and n8n has run a delivery
	 * sent after that (`deliveriesProcessed`), so that the execution of anything n8n answered before this call exists
	 * too (and has finished): a delivery that should not have run, or ran twice, shows. Oldest first. Past `timeoutMs`
	 * it returns what there is, for the test's assertions to tell what is missing.
	 */
	async settledExecutions(workflowId: string, count: number, { timeoutMs = 15_000 } = {}): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		await this.finishedExecutions(workflowId, { atLeast: count, timeoutMs });
		await this.deliveriesProcessed({ timeoutMs: Math.max(deadline - Date.now(), 10_000) });
		return this.finishedExecutions(workflowId, { timeoutMs: Math.max(deadline - Date.now(), 10_000) });
	}

	/**
	 * The workflow's executions, oldest first, once at least `atLeast` have finished and none is still running; past
	 * `timeoutMs`, what there is.
	 */
	async finishedExecutions(workflowId: string, { atLeast = 0, timeoutMs = 15_000 } = {}): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const all = await this.executions(workflowId);
			const finished = all.filter(isFinished);
			if ((finished.length >= atLeast && finished.length === all.length) || Date.now() > deadline) {
				return all.sort((a, b) => Number(a.id) - Number(b.id));
			}
			await pause(100);
		}
	}

	/**
	 * Sends a delivery to n8n's own Webhook node on a workflow of the kit's and waits until it has run. n8n runs a
	 * production webhook's execution after answering it (at once for a trigger that writes its own answer) and saving
	 * the workflow's static data, each request through the same steps, the same database and the same process: once a
	 * delivery sent now has run, the execution of every delivery n8n answered before has been created. This is the
	 * positive sign that an execution that is not there will not come (no fixed wait for one that might). In queue mode
	 * the delivery goes to each running webhook process, since each creates the executions of what it answered.
	 */
	async deliveriesProcessed({ timeoutMs = 30_000 } = {}): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		const probe = await (this.probe ??= this.createProbe());
		const processes = (this.instance.webhookProcesses ?? [this.instance]).filter(
			({ process }) => !process || (process.exitCode === null && process.signalCode === null),
		);
		for (const { baseUrl } of processes) {
			const answer = await this.deliver(`${baseUrl}/webhook/${probe.path}`, { probe: ++this.probesSent });
			if (answer.status !== 200) throw new Error(`the kit's Webhook workflow at ${baseUrl} answered ${answer.status}: ${answer.body}`);
		}
		const probes = this.probesSent;
		const ran = await this.finishedExecutions(probe.workflowId, { atLeast: probes, timeoutMs: Math.max(deadline - Date.now(), 0) });
		if (ran.filter(isFinished).length < probes) throw new Error(`n8n had not run the kit's delivery within ${timeoutMs} ms`);
	}

	/** A workflow of the kit's: n8n's own Webhook node, answering as soon as it receives, on a path of its own. */
	private async createProbe(): Promise<{ workflowId: string; path: string }> {
		const path = `kit-later-delivery-${randomUUID()}`;
		const workflowId = await this.createWorkflow({
			name: 'Kit: a later delivery',
			nodes: [
				{
					id: randomUUID(),
					name: 'Later Delivery',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					parameters: { httpMethod: 'POST', path, responseMode: 'onReceived' },
					webhookId: randomUUID(),
				},
			],
			connections: {},
		});
		await this.activate(workflowId);
		return { workflowId, path };
	}

	/** POSTs a delivery to a production webhook (a path under /webhook/, or a whole URL), as the platform would. */
	async deliver(pathOrUrl: string, body: string | object, headers: Record<string, string> = {}): Promise<Delivery> {
		const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.instance.baseUrl}/webhook/${pathOrUrl}`;
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: typeof body === 'string' ? body : JSON.stringify(body),
		});
		return { status: response.status, body: await response.text(), headers: response.headers };
	}
}

/** Logs in as the owner; returns the session cookie of n8n's internal API. */
export async function logIn(instance: Pick<N8nInstance, 'baseUrl' | 'owner'>): Promise<string> {
	const login = await fetch(`${instance.baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: instance.owner.email, password: instance.owner.password }),
	});
	if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
	return login.headers
		.getSetCookie()
		.map((value) => value.split(';')[0])
		.join('; ');
}

/** The node types n8n has loaded, as its editor lists them. */
export async function loadedNodeTypes(
	instance: Pick<N8nInstance, 'baseUrl' | 'owner'>,
): Promise<Array<{ name: string; displayName: string; credentials?: Array<{ name: string }> }>> {
	const cookie = await logIn(instance);
	const response = await fetch(`${instance.baseUrl}/types/nodes.json`, { headers: { cookie } });
	if (!response.ok) throw new Error(`GET /types/nodes.json answered ${response.status}`);
	return (await response.json()) as Array<{ name: string; displayName: string }>;
}

/** Runs a credential's test in n8n, as the Test button of the credential form does. */
export async function testCredential(
	instance: Pick<N8nInstance, 'baseUrl' | 'owner'>,
	credential: { id: string; name: string; type: string; data: Record<string, unknown> },
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const cookie = await logIn(instance);
	const response = await fetch(`${instance.baseUrl}/rest/credentials/test`, {
		method: 'POST',
		headers: { cookie, 'content-type': 'application/json' },
		body: JSON.stringify({ credentials: credential }),
	});
	if (!response.ok) throw new Error(`credential test answered ${response.status}: ${await response.text()}`);
	return ((await response.json()) as { data: { status: 'OK' | 'Error'; message: string } }).data;
}

/** The items a node emitted in an execution. */
export function emittedItems(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName] ?? [];
	return runs.flatMap((run) => run.data?.main[0]?.map((item) => item.json) ?? []);
}

/**
 * fetch, sent again (twice at most) when a read (GET) finds its kept-alive connection closed by n8n: under
 * load n8n may close an idle connection just as fetch reuses it ("other side closed"), before it read the
 * request. Writes are never sent twice, since n8n may have acted on them.
 */
async function fetchReading(method: string, url: string, init: RequestInit): Promise<Response> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await fetch(url, { ...init, method });
		} catch (error) {
			const code = (error as { cause?: { code?: string } }).cause?.code;
			const closed = code === 'UND_ERR_SOCKET' || code === 'ECONNRESET';
			if (method !== 'GET' || !closed || attempt >= 3) throw error;
		}
	}
}
