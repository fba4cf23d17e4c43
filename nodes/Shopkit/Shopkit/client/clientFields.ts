import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Shopkit answers a client in an array of one (`GET /client/{id}`, `POST /client/`, `PUT /client/{id}`). */
export const clientIn = (answer: unknown): IDataObject | undefined => (Array.isArray(answer) ? (answer[0] as IDataObject | undefined) : (answer as IDataObject | undefined));
export const one = (itemIndex: number, json: IDataObject | undefined): INodeExecutionData[] => [{ json: json ?? {}, pairedItem: { item: itemIndex } }];

export function clientIdOf(context: IExecuteFunctions, itemIndex: number): string {
	const value = String(context.getNodeParameter('clientId', itemIndex, '')).trim();
	if (/^[0-9A-Za-z]+$/.test(value)) return value;
	throw new NodeOperationError(context.getNode(), `Client ID must be a client's ID or hash, not "${value}"`, { itemIndex, description: "Use the client's ID or hash in Shopkit; nothing was sent to Shopkit." });
}

/** Tags as a list, as Shopkit takes them. */
export function withTagList(fields: IDataObject): IDataObject {
	if (typeof fields.tags !== 'string') return fields;
	return { ...fields, tags: fields.tags.split(',').map((tag) => tag.trim()).filter(Boolean) };
}
