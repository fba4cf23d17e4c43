import { randomUUID } from 'crypto';
import { CredentialTestContext, ExecuteContext, HookContext, PollContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
	NodeExecutionHint,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

/**
 * Real n8n-core contexts (the classes n8n itself hands a node) around one node of this package, so unit
 * tests exercise n8n's own parameter defaults, static data and credential checks, with only the HTTP
 * request, the response and the credential store supplied by the test.
 */
export interface NodeInN8nCoreOptions {
	nodeType: INodeType;
	typeName: string;
	parameters?: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Shared static data: pass the same object to simulate one workflow across requests. */
	staticData?: IDataObject;
	workflowId?: string;
	nodeId?: string;
	/** The node's webhook id, 'hook-id' unless given: its URLs are `<base>/<webhookId>/webhook`. */
	webhookId?: string;
	/** The node's name, 'Trigger' unless given: n8n keys a node's own static data by it. */
	nodeName?: string;
	webhookBaseUrl?: string;
	/** Where test URLs start (n8n: WEBHOOK_URL + N8N_ENDPOINT_WEBHOOK_TEST). */
	webhookTestBaseUrl?: string;
	/**
	 * The node as n8n's TestWebhooks runs it for "Listen for test event": hook contexts in mode `manual` with
	 * the test URL (`webhookData.isTest`), deliveries in mode `manual`. Pass `staticData: {}`, as n8n does.
	 */
	testListen?: boolean;
	/** The credential classes whose `authenticate` n8n would apply to outgoing requests, by type name. */
	credentialTypes?: Record<string, ICredentialType>;
	/**
	 * The id of the n8n instance the node runs in (`getInstanceId()`), for another instance than this process's
	 * (a staging copy of the workflow); n8n derives it from the instance's encryption key.
	 */
	instanceId?: string;
}

/**
 * Applies a credential's `authenticate` to a request as n8n's CredentialsHelper does for
 * `httpRequestWithAuthentication`: a function is called as it is; a generic block (headers, query, body
 * built from `={{$credentials.x}}` expressions) is resolved.
 */
async function authenticateLikeN8n(
	credentialType: ICredentialType | undefined,
	credentials: ICredentialDataDecryptedObject,
	request: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const authenticate = credentialType?.authenticate;
	if (!authenticate) return request;
	if (typeof authenticate === 'function') return await authenticate(credentials, request);
	const resolve = (value: unknown) =>
		typeof value === 'string'
			? value.replace(/^=/, '').replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_match, name: string) => String(credentials[name] ?? ''))
			: value;
	const resolved = (block: object | undefined) =>
		Object.fromEntries(Object.entries(block ?? {}).map(([name, value]) => [name, resolve(value)]));
	const { headers, qs, body } = authenticate.properties as { headers?: object; qs?: object; body?: object };
	return {
		...request,
		headers: { ...request.headers, ...resolved(headers) },
		qs: { ...request.qs, ...resolved(qs) },
		...(body ? { body: { ...(request.body as object), ...resolved(body) } } : {}),
	} as IHttpRequestOptions;
}

export interface RecordedResponse {
	status?: number;
	headers: Record<string, string>;
	body?: unknown;
	ended: boolean;
}

export interface Request {
	ip?: string;
	headers?: Record<string, string | string[]>;
	query?: Record<string, string | string[]>;
	rawBody?: Buffer | string;
	body?: unknown;
	/**
	 * A body n8n has not read yet, as a node of a later version gets it: no `rawBody`, and `readRawBody` to read
	 * these bytes into it; or, for a multipart form that n8n's form parser has consumed (its fields in `body`),
	 * the error its reader then throws.
	 */
	unread?: Buffer | string | Error;
}

function nodeTypesOf(nodeType: INodeType): INodeTypes {
	return {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as INodeTypes;
}

/** The state this package's node `nodeId` keeps in a workflow's static data (nodes/shared/memory/nodeState.ts). */
export function stateIn(staticData: IDataObject, nodeId = 'trigger-node'): IDataObject {
	return ((staticData.global as IDataObject | undefined)?.[`node:${nodeId}`] ?? {}) as IDataObject;
}

/** Static data holding `state` as the state of node `nodeId`, as activation would have left it. */
export function staticDataWith(state: IDataObject, nodeId = 'trigger-node'): IDataObject {
	return { global: { [`node:${nodeId}`]: state } };
}

export class NodeInN8nCore {
	readonly workflow: Workflow;
	readonly node: INode;
	readonly staticData: IDataObject;

	constructor(private readonly options: NodeInN8nCoreOptions) {
		this.node = {
			id: options.nodeId ?? 'trigger-node',
			name: options.nodeName ?? 'Trigger',
			type: options.typeName,
			typeVersion: 1,
			position: [0, 0],
			webhookId: options.webhookId ?? 'hook-id',
			parameters: options.parameters ?? {},
			credentials: Object.fromEntries(
				Object.keys(options.credentials ?? {}).map((type) => [type, { id: `${type}-id`, name: type }]),
			),
		};
		this.staticData = options.staticData ?? {};
		this.workflow = new Workflow({
			id: options.workflowId ?? randomUUID(),
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: nodeTypesOf(options.nodeType),
			staticData: this.staticData,
		});
	}

	/** What n8n hands its contexts for this node: the credential store and the URLs; `extra` adds to it (an execution id, hooks). */
	additionalData(extra: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData {
		const credentials = this.options.credentials ?? {};
		return {
			credentialsHelper: {
				isCredentialUsableByNode: () => true,
				getDecrypted: async (_data: unknown, _nodeCredentials: unknown, type: string) => {
					if (!credentials[type]) throw new Error(`no ${type} credential in this test`);
					return { ...credentials[type] };
				},
				getParentTypes: (type: string) => this.options.credentialTypes?.[type]?.extends ?? [],
				preAuthentication: async (
					helpers: IHttpRequestHelper,
					decrypted: ICredentialDataDecryptedObject,
					type: string,
					_node: unknown,
					expired: boolean,
				) => {
					const credentialType = this.options.credentialTypes?.[type];
					const expirable = credentialType?.properties.find((property) => property.typeOptions?.expirable);
					if (!credentialType?.preAuthentication || !expirable || (!expired && decrypted[expirable.name])) return undefined;
					const fetched = await credentialType.preAuthentication.call(helpers, decrypted);
					credentials[type] = { ...credentials[type], ...fetched } as ICredentialDataDecryptedObject;
					return fetched;
				},
				runPreAuthentication: async () => undefined,
				updateCredentialsOauthTokenData: async (_nodeCredentials: unknown, type: string, updated: ICredentialDataDecryptedObject) => {
					credentials[type] = { ...updated };
				},
				authenticate: async (decrypted: ICredentialDataDecryptedObject, type: string, request: IHttpRequestOptions) =>
					authenticateLikeN8n(this.options.credentialTypes?.[type], decrypted, request),
			},
			webhookBaseUrl: this.options.webhookBaseUrl ?? 'https://n8n.example.com/webhook',
			webhookTestBaseUrl: this.options.webhookTestBaseUrl ?? 'https://n8n.example.com/webhook-test',
			webhookWaitingBaseUrl: 'https://n8n.example.com/webhook-waiting',
			formWaitingBaseUrl: 'https://n8n.example.com/form-waiting',
			instanceBaseUrl: 'https://n8n.example.com/',
			executionId: undefined,
			...extra,
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	/** A context as n8n builds it, in the instance this node runs in. */
	private inInstance<T extends { getInstanceId(): string }>(context: T): T {
		const { instanceId } = this.options;
		if (instanceId !== undefined) context.getInstanceId = () => instanceId;
		return context;
	}

	/** Saves the node's credential of `type` anew, as a user editing it in n8n does: n8n's next read of it gets `data`. */
	saveCredential(type: string, data: ICredentialDataDecryptedObject): void {
		this.options.credentials = { ...this.options.credentials, [type]: data };
	}

	/** The id of the n8n instance the node runs in, as its contexts give it. */
	instanceId(): string {
		return this.inInstance(new PollContext(this.workflow, this.node, this.additionalData(), 'manual', 'manual')).getInstanceId();
	}

	/** The same node in a test listen of the same workflow: fresh static data, as n8n's TestWebhooks gives it. */
	testListen(): NodeInN8nCore {
		return new NodeInN8nCore({ ...this.options, nodeId: this.node.id, nodeName: this.node.name, staticData: {}, testListen: true });
	}

	private webhookData(): IWebhookData {
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: 'webhook',
			webhookDescription: this.options.nodeType.description.webhooks![0],
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: this.additionalData(),
			isTest: this.options.testListen === true,
		};
	}

	/**
	 * Runs the node's `webhook()` for one request, as n8n does for a production (or test) delivery. The answer is
	 * recorded into `response`: pass one to read what was answered before `webhook()` threw.
	 */
	async deliver(
		request: Request,
		mode: WorkflowExecuteMode = this.options.testListen ? 'manual' : 'webhook',
		response: RecordedResponse = { headers: {}, ended: false },
	) {
		const res = {
			setHeader(name: string, value: string) {
				response.headers[name.toLowerCase()] = value;
				return res;
			},
			status(code: number) {
				response.status = code;
				return res;
			},
			send(body: unknown) {
				response.body = body;
				response.ended = true;
				return res;
			},
			json(body: unknown) {
				response.body = body;
				response.ended = true;
				return res;
			},
			end() {
				response.ended = true;
				return res;
			},
		};
		const bytes = (body: Buffer | string | undefined) => (typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
		const req: Record<string, unknown> = { ip: request.ip ?? '127.0.0.1', headers: request.headers ?? {}, rawBody: bytes(request.rawBody), body: request.body ?? {}, params: {}, query: request.query ?? {} };
		let rawBodyReads = 0;
		const { unread } = request;
		if (unread !== undefined) {
			req.readRawBody = async () => {
				rawBodyReads++;
				if (unread instanceof Error) throw unread;
				req.rawBody ??= bytes(unread);
			};
		}
		const webhookData = this.webhookData();
		const context = this.inInstance(
			new WebhookContext(
				this.workflow,
				this.node,
				this.additionalData({ httpRequest: req, httpResponse: res } as unknown as Partial<IWorkflowExecuteAdditionalData>),
				mode,
				webhookData,
				[],
				null,
			),
		);
		const result = await this.options.nodeType.webhook!.call(context);
		if (!result.noWebhookResponse && !response.ended) this.answerAsN8n(webhookData, mode, response);
		const items = result.workflowData?.[0]?.map((item) => item.json) ?? [];
		return { result, response, items, rawBodyReads };
	}

	/**
	 * What n8n answers a `webhook()` that returned without answering (responseMode 'onReceived'): the webhook
	 * description's `responseCode` (default 200), and no body for `responseData: 'noData'`.
	 */
	private answerAsN8n(webhookData: IWebhookData, mode: WorkflowExecuteMode, response: RecordedResponse): void {
		const { responseCode, responseData } = webhookData.webhookDescription;
		const status = this.workflow.expression.getSimpleParameterValue(this.node, responseCode as string | undefined, mode, {}, undefined, 200);
		response.status = Number(status);
		if (responseData !== 'noData') response.body = { message: 'Workflow was started' };
		response.ended = true;
	}

	/**
	 * A context for `webhookMethods`, as n8n builds it: checkExists and create of an activation in mode `trigger`
	 * ('activate', 'update', or 'init' at an n8n start); delete of a deactivation in mode `internal` ('remove').
	 * In a test listen, checkExists and create run in mode `manual` and delete in mode `internal`, with the test URL.
	 */
	hookContext(activation: 'activate' | 'update' | 'init' | 'remove' = 'activate'): HookContext {
		const webhookData = this.webhookData();
		if (activation === 'remove') return this.inInstance(new HookContext(this.workflow, this.node, this.additionalData(), 'internal', 'update', webhookData));
		if (this.options.testListen) return this.inInstance(new HookContext(this.workflow, this.node, this.additionalData(), 'manual', 'manual', webhookData));
		return this.inInstance(new HookContext(this.workflow, this.node, this.additionalData(), 'trigger', activation, webhookData));
	}

	/** n8n polls an active workflow with one context per activation; a manual run gets one of its own. */
	private activePollContext?: PollContext;

	/**
	 * Runs the node's `poll()` once, as n8n does on every tick of an active workflow ('trigger': every call on one
	 * instance is a tick of one activation) or for "Fetch Test Event" ('manual'). n8n saves the static data after an
	 * active workflow's poll() returns (not after a manual one); here it simply stays in `staticData`.
	 */
	async poll(mode: 'trigger' | 'manual' = 'trigger') {
		const context =
			mode === 'manual'
				? this.inInstance(new PollContext(this.workflow, this.node, this.additionalData(), 'manual', 'manual'))
				: (this.activePollContext ??= this.inInstance(new PollContext(this.workflow, this.node, this.additionalData(), 'trigger', 'activate')));
		const result = await this.options.nodeType.poll!.call(context);
		const items = result?.[0]?.map((item) => item.json) ?? [];
		return { result, items };
	}

	/** The execution hints (warnings shown above the output) of the last `execute()`. */
	hints: NodeExecutionHint[] = [];

	/** Runs the node's `execute()` on input items, as n8n runs an action node in a workflow. */
	async execute(items: IDataObject[], options: { continueOnFail?: boolean } = {}) {
		return await this.executeItems(items.map((json) => ({ json })), options);
	}

	/** Runs `execute()` on whole input items: their json and their binary data. */
	async executeItems(input: INodeExecutionData[], { continueOnFail = false } = {}) {
		if (continueOnFail) this.node.continueOnFail = true;
		const context = new ExecuteContext(
			this.workflow,
			this.node,
			this.additionalData(),
			'manual',
			createRunExecutionData(),
			0,
			input,
			{ main: [input] },
			{ node: this.node, data: { main: [input] }, source: null },
			[],
		);
		try {
			return (await this.options.nodeType.execute!.call(context)) as INodeExecutionData[][];
		} finally {
			this.hints = context.hints;
		}
	}

	static credentialTestContext(): CredentialTestContext {
		return new CredentialTestContext();
	}
}
