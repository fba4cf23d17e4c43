import type { ParseInput, ParseReturnType, ZodTypeDef } from 'zod';
import { addIssueToContext, INVALID, OK, z, ZodIssueCode, ZodType } from 'zod';

import { parseJsonExactly } from './exactJson';

/**
 * How a field is read from what real platforms send, written once for every platform's schema: PHP's
 * `json_encode` writes an empty object as `[]`, MySQL writes "no date" as `0000-00-00 00:00:00`, and
 * platforms quote numbers or send numbers where their docs say text. Each rule is one zod type, as cheap
 * as the strict type it replaces, so a delivery that needs none of them pays nothing for them.
 */

const UNREADABLE = Symbol('unreadable');
type Reading<Output> = Output | typeof UNREADABLE;

/** The JSON Schema of what a rule reads a value as, for tools that describe a schema's output (schema previews). */
export interface ReadingOutputSchema {
	type: 'string' | 'number' | 'integer' | 'boolean' | Array<'string' | 'integer' | 'null'>;
	format?: 'date-time';
}

/** Names a reading rule's def among zod's, as zod's own `typeName` names theirs. */
const READING_RULE = 'ReadingRule';

interface ReadingRuleDef<Output> extends ZodTypeDef {
	typeName: typeof READING_RULE;
	/** What the field should be, in plain words ("a whole number"). */
	expected: string;
	output: ReadingOutputSchema;
	read(value: unknown): Reading<Output>;
	/** Why `value` cannot be read, when it is more than "should be <expected>". */
	problem?(value: unknown): string | undefined;
}

/** A value as the user would name it: `null`, `the number 42`, `text "abc"`, `a list`, `an object`. */
function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
	switch (typeof value) {
		case 'string':
			return value.length > 40 ? `text "${value.slice(0, 40)}…"` : `text "${value}"`;
		case 'number':
			return `the number ${value}`;
		case 'boolean':
			return String(value);
		case 'object':
			return 'an object';
		default:
			return typeof value;
	}
}

/**
 * What a reading rule reads a value as, from its def (the part of a zod type that tools converting zod walk,
 * such as zod-to-json-schema); undefined for the def of any other zod type.
 */
export function readingOutputOf(def: ZodTypeDef): ReadingOutputSchema | undefined {
	return (def as Partial<ReadingRuleDef<unknown>>).typeName === READING_RULE ? (def as ReadingRuleDef<unknown>).output : undefined;
}

/** One reading rule: a zod type that reads a value the lenient way or reports, in plain words, why not. */
export class ReadingRule<Output> extends ZodType<Output, ReadingRuleDef<Output>, unknown> {
	constructor(def: Omit<ReadingRuleDef<Output>, 'typeName'>) {
		super({ ...def, typeName: READING_RULE });
	}

	_parse(input: ParseInput): ParseReturnType<Output> {
		const value = this._def.read(input.data);
		if (value !== UNREADABLE) return OK(value);
		const context = this._getOrReturnCtx(input);
		const message =
			input.data === undefined
				? 'is missing'
				: (this._def.problem?.(input.data) ?? `should be ${this._def.expected}, not ${describeValue(input.data)}`);
		addIssueToContext(context, { code: ZodIssueCode.custom, message });
		return INVALID;
	}
}

const DECIMAL_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;
const INTEGER_TEXT = /^\s*-?\d+\s*$/;

function beyondExactNumbers(value: unknown): string | undefined {
	return typeof value === 'string' && INTEGER_TEXT.test(value) && !Number.isSafeInteger(Number(value))
		? `is ${value.trim()}, more digits than a number holds exactly`
		: undefined;
}

/** Text; a number where text is documented reads as its text. Ids beyond 2^53 arrive as text already (body.ts). */
export function text(): ReadingRule<string> {
	return new ReadingRule<string>({
		expected: 'text',
		output: { type: 'string' },
		read: (value) => (typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : UNREADABLE),
	});
}

/** Text that is not empty (a code, an id); a number reads as its text. */
export function nonEmptyText(): ReadingRule<string> {
	return new ReadingRule<string>({
		expected: 'text that is not empty',
		output: { type: 'string' },
		read: (value) =>
			typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : UNREADABLE,
	});
}

/** A number; a number sent as text ("49.90") reads as the number, unless it has more digits than a number holds exactly. */
export function number(): ReadingRule<number> {
	return new ReadingRule<number>({
		expected: 'a number',
		output: { type: 'number' },
		read: (value) => {
			if (typeof value === 'number') return Number.isFinite(value) ? value : UNREADABLE;
			if (typeof value !== 'string' || !DECIMAL_TEXT.test(value) || beyondExactNumbers(value)) return UNREADABLE;
			return Number(value);
		},
		problem: beyondExactNumbers,
	});
}

/** A whole number; a whole number sent as text reads as the number, within what a number holds exactly. */
export function integer(): ReadingRule<number> {
	return new ReadingRule<number>({
		expected: 'a whole number',
		output: { type: 'integer' },
		read: (value) => {
			if (typeof value === 'number') return Number.isInteger(value) ? value : UNREADABLE;
			if (typeof value !== 'string' || !INTEGER_TEXT.test(value)) return UNREADABLE;
			const read = Number(value);
			return Number.isSafeInteger(read) ? read : UNREADABLE;
		},
		problem: beyondExactNumbers,
	});
}

/**
 * A numeric id: a number while it is exact (up to 2^53), its digits as text beyond that, so that no id is
 * ever rounded; an id sent as text ("1") reads as the number.
 */
export function integerId(): ReadingRule<number | string> {
	return new ReadingRule<number | string>({
		expected: 'a whole number',
		output: { type: ['integer', 'string'] },
		read: (value) => {
			if (typeof value === 'number') return Number.isSafeInteger(value) ? value : UNREADABLE;
			if (typeof value !== 'string' || !INTEGER_TEXT.test(value)) return UNREADABLE;
			const trimmed = value.trim();
			const read = Number(trimmed);
			return Number.isSafeInteger(read) ? read : trimmed;
		},
	});
}

const TRUE_TEXT = new Set(['1', 'true']);
const FALSE_TEXT = new Set(['0', 'false']);

/** true or false; PHP's 1 and 0, and their text, read as those. */
export function flag(): ReadingRule<boolean> {
	return new ReadingRule<boolean>({
		expected: 'true or false',
		output: { type: 'boolean' },
		read: (value) => {
			if (typeof value === 'boolean') return value;
			if (value === 1 || (typeof value === 'string' && TRUE_TEXT.has(value))) return true;
			if (value === 0 || (typeof value === 'string' && FALSE_TEXT.has(value))) return false;
			return UNREADABLE;
		},
	});
}

/** MySQL's zero date, with or without a time and offset. */
const ZERO_DATE = /^0000-00-00(?:[T ]00:00:00(?:\.0+)?(?:Z|[+-]00:?00)?)?$/;

/**
 * A date in the platform's format, read by `parse` (which gives the value to emit, or undefined when `text`
 * is no such date); a zero date or empty text reads as null: no date.
 */
export function date<Output>(example: string, parse: (text: string) => Output | undefined): ReadingRule<Output | null> {
	return new ReadingRule<Output | null>({
		expected: `a date like ${example}`,
		output: { type: ['string', 'null'] },
		read: (value) => {
			if (typeof value !== 'string') return UNREADABLE;
			if (value === '' || ZERO_DATE.test(value)) return null;
			const parsed = parse(value);
			return parsed === undefined ? UNREADABLE : parsed;
		},
	});
}

/** The largest time a JavaScript Date holds; a time beyond it cannot be written as ISO 8601. */
const MAX_EPOCH_MS = 8.64e15;

/**
 * A point in time sent as epoch milliseconds, as their text, or as an ISO 8601 date; read as ISO 8601 in UTC.
 */
export function timestamp(): ReadingRule<string> {
	return new ReadingRule<string>({
		expected: 'epoch milliseconds or an ISO 8601 date',
		output: { type: 'string', format: 'date-time' },
		read: (value) => {
			let millis = Number.NaN;
			if (typeof value === 'number') millis = value;
			else if (typeof value === 'string') millis = INTEGER_TEXT.test(value) ? Number(value) : Date.parse(value);
			return Number.isInteger(millis) && millis >= 0 && millis <= MAX_EPOCH_MS ? new Date(millis).toISOString() : UNREADABLE;
		},
	});
}

function isEmptyInPlaceOfObject(value: unknown): boolean {
	return value === '' || (Array.isArray(value) && value.length === 0);
}

/** An object; `[]` (PHP's empty object) or empty text in its place reads as an empty object. */
export function object<Shape extends z.ZodRawShape>(shape: Shape) {
	return z.preprocess((value) => (isEmptyInPlaceOfObject(value) ? {} : value), z.object(shape).passthrough());
}

/** An object of any fields; `[]` or empty text reads as an empty object. */
export function anyObject() {
	return z.preprocess((value) => (isEmptyInPlaceOfObject(value) ? {} : value), z.record(z.unknown()));
}

/** An object of any fields, also sent as JSON text of one; `[]` or empty text reads as an empty object. */
export function anyObjectOrJsonText() {
	return z.preprocess((value) => {
		if (isEmptyInPlaceOfObject(value)) return {};
		if (typeof value !== 'string') return value;
		const parsed = parseJsonExactly(value);
		return parsed.ok ? parsed.value : value;
	}, z.record(z.unknown()));
}
