import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

/**
 * The least a trigger's webhook() needs of n8n, without n8n's own cost (expression engine, credential
 * decryption): what is measured is the node's work on a delivery.
 */
export interface FakeDelivery {
	headers: Record<string, string>;
	rawBody: Buffer;
	query?: Record<string, string>;
}

/** What the node reads of n8n's request object. */
const requestOf = ({ rawBody, headers }: FakeDelivery) => ({ rawBody, headers, ip: '127.0.0.1' });

export function fakeWebhookContext(options: {
	parameters: IDataObject;
	credentials: IDataObject;
	staticData: IDataObject;
	workflowId: string;
	delivery: () => FakeDelivery;
}): IWebhookFunctions {
	let current: FakeDelivery = options.delivery();
	// one object per delivery, as n8n's request: the ledger settles a delivery's claims by it
	let request = requestOf(current);
	const response = {
		setHeader: () => response,
		status: () => response,
		send: () => response,
		json: () => response,
		end: () => response,
	};
	const context = {
		next() {
			current = options.delivery();
			request = requestOf(current);
		},
		getCredentials: async () => options.credentials,
		getHeaderData: () => current.headers,
		getQueryData: () => current.query ?? {},
		getRequestObject: () => request,
		getResponseObject: () => response,
		getNodeParameter: (name: string, fallback?: unknown) => options.parameters[name] ?? fallback,
		getWorkflowStaticData: () => options.staticData,
		getWorkflow: () => ({ id: options.workflowId }),
		getNode: () => ({ id: 'bench-node', name: 'Trigger' }),
		getMode: () => 'webhook',
		getInstanceId: () => 'bench-instance',
		helpers: { returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })) },
	};
	return context as unknown as IWebhookFunctions & { next(): void };
}
