import type { INodePropertyOptions } from 'n8n-workflow';
import type { ZodTypeAny } from 'zod';

/**
 * One event a trigger offers, as its platform's event table holds it: the Events option that shows it and
 * the schema its payload is read by. The table is the one place an event is named: the list of events, the
 * Events options, the payload schemas and the schema preview are all read from it.
 */
export interface EventEntry {
	/** The option's name in the Events list. */
	name: string;
	/** The option's description: what happened at the platform, where the option says more than its name. */
	description?: string;
	payload: ZodTypeAny;
}

export type EventTable = Readonly<Record<string, EventEntry>>;

/** The table's events, in its order: never none, as zod's enums of them need. */
export function eventsOf<Table extends EventTable>(table: Table): [keyof Table & string, ...Array<keyof Table & string>] {
	const [first, ...rest] = Object.keys(table);
	if (first === undefined) throw new Error('An event table needs at least one event');
	return [first, ...rest];
}

/** Whether `name` is one of the table's events. */
export function isEventOf<Table extends EventTable>(table: Table, name: string | undefined): name is keyof Table & string {
	return name !== undefined && Object.prototype.hasOwnProperty.call(table, name);
}

/** The Events options of a table, by name as n8n's lint orders options. */
export function eventOptions(table: EventTable): INodePropertyOptions[] {
	return Object.entries(table)
		.map(([value, { name, description }]) => ({ name, value, ...(description === undefined ? {} : { description }) }))
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
