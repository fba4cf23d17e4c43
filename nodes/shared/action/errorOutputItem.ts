import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** What an error output item says of its error: the words a user reads, and what to do when there is more to say. */
export interface ItemError {
	message: string;
	description?: string | null;
}

/**
 * An item that failed, for n8n's error output with "Continue (using error output)" and for the one output with
 * "Continue (regular output)": `{ error: { message, description, ...details } }`, one key, as n8n's HTTP Request
 * node gives its error. Every n8n version moves an item whose json is `{ error }` to the error output, with the
 * input item's fields merged in; n8n 1.x moves no item with more keys, and clears the json of an item that carries
 * its error beside it (`item.error`) down to the message.
 */
export function errorOutputItem(itemIndex: number, error: ItemError, details: IDataObject): INodeExecutionData {
	const words: IDataObject = { message: error.message };
	if (error.description) words.description = error.description;
	return { json: { error: { ...words, ...details } }, pairedItem: { item: itemIndex } };
}
