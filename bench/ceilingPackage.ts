import { packBenchPackage } from './emptyPackage';

export const CEILING_PACKAGE = 'n8n-nodes-bench-ceiling';

/**
 * A community trigger that does nothing n8n does not make it do: the same webhook description as this
 * package's triggers (POST, onReceived with n8n answering 204 and no body, version 1.1, the body read from n8n's
 * raw body), no checks, the body as one item. It answers as they do: it hands the item to n8n, which answers
 * after it started the execution and saved the static data (nodes/shared/inbound/deliveryWebhook.ts), so what
 * it costs is what n8n costs every community trigger that answers only what is handed over and remembered.
 */
const TRIGGER_SOURCE = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CeilingTrigger = void 0;
class CeilingTrigger {
	constructor() {
		this.description = {
			displayName: 'Ceiling Trigger', name: 'ceilingTrigger', group: ['trigger'], version: 1.1,
			description: 'Answers 204 and emits the body', defaults: { name: 'Ceiling Trigger' },
			inputs: [], outputs: ['main'], properties: [],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseCode: 204, responseData: 'noData', path: 'webhook' }],
		};
	}
	async webhook() {
		const request = this.getRequestObject();
		if (request.rawBody === undefined && request.readRawBody) await request.readRawBody();
		const body = JSON.parse(request.rawBody.toString('utf8'));
		return { workflowData: [this.helpers.returnJsonArray([body])] };
	}
}
exports.CeilingTrigger = CeilingTrigger;
`;

/**
 * The least an action node can do to send each item's stock update once through n8n's request helper:
 * the same parameters as the Supplier Marketplace node's "receipts" (n8n resolves them for every item,
 * before anything is sent, as it does for that node), the same credential decrypted once, the same
 * concurrency, and no validation, retries or output beyond the answer.
 */
const SENDER_SOURCE = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CeilingSender = void 0;
class CeilingSender {
	constructor() {
		this.description = {
			displayName: 'Ceiling Sender', name: 'ceilingSender', group: ['output'], version: 1,
			description: 'Posts each item once', defaults: { name: 'Ceiling Sender' },
			inputs: ['main'], outputs: ['main'], credentials: [{ name: 'supplierMarketplaceApi', required: true }],
			properties: [
				{ displayName: 'Operation', name: 'operation', type: 'string', default: 'receipts' },
				{ displayName: 'Supplier Product ID', name: 'supplierProductId', type: 'string', default: '' },
				{ displayName: 'Sizes', name: 'sizes', type: 'fixedCollection', typeOptions: { multipleValues: true }, default: {}, options: [
					{ displayName: 'Size', name: 'size', values: [
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						{ displayName: 'Count', name: 'count', type: 'number', default: 0 },
					] },
				] },
				{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 4 },
			],
		};
	}
	async execute() {
		const items = this.getInputData();
		const updates = items.map((_, i) => ({
			supplierProductId: this.getNodeParameter('supplierProductId', i),
			action: this.getNodeParameter('operation', i),
			sizes: this.getNodeParameter('sizes.size', i, []),
		}));
		const data = await this.getCredentials('supplierMarketplaceApi');
		const credential = { id: this.getNode().credentials.supplierMarketplaceApi.id, name: '', type: 'supplierMarketplaceApi', data };
		const answers = new Array(updates.length);
		let next = 0;
		const send = async () => {
			while (next < updates.length) {
				const index = next++;
				answers[index] = { json: { response: await this.helpers.httpRequestWithAuthentication.call(this, 'supplierMarketplaceApi',
					{ method: 'POST', url: String(data.apiUrl), body: updates[index], json: true }, { credentialsDecrypted: credential }) } };
			}
		};
		await Promise.all(Array.from({ length: this.getNodeParameter('concurrency', 0, 4) }, send));
		return [answers];
	}
}
exports.CeilingSender = CeilingSender;
`;

/**
 * The ceilings n8n itself sets for a trigger and for an action node (bench/throughput.ts,
 * bench/actionCeiling.ts), as a package of the bench's own. Its sender uses this package's Supplier
 * Marketplace API credential, so both packages are installed together.
 */
export function packCeilingPackage(): Promise<string> {
	return packBenchPackage(CEILING_PACKAGE, { 'CeilingTrigger.node.js': TRIGGER_SOURCE, 'CeilingSender.node.js': SENDER_SOURCE });
}
