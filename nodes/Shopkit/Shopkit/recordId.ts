import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A parameter that holds a record's ID, a whole number as Shopkit numbers its records: anything else is refused before a call, naming the field. */
export function recordIdOf(context: IExecuteFunctions, itemIndex: number, parameter: string, field: string, hint: string): string {
	const value = String(context.getNodeParameter(parameter, itemIndex, '')).trim();
	if (/^\d+$/.test(value)) return value;
	throw new NodeOperationError(context.getNode(), `${field} must be a whole number, not "${value}"`, { itemIndex, description: `${hint}; nothing was sent to Shopkit.` });
}
