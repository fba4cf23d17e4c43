import type { IDataObject } from 'n8n-workflow';
import type { ZodIssue, ZodTypeAny } from 'zod';
import { ZodArray, ZodEffects, ZodFirstPartyTypeKind, ZodNullable, ZodObject, ZodOptional, ZodRecord } from 'zod';

import type { JsonBody } from './body';

/** One way a delivery differs from its documented shape: where (`order.client.phone`) and what, in plain words. */
export interface PayloadIssue extends IDataObject {
	path: string;
	problem: string;
}

/**
 * What a trigger read of a payload: everything, typed, when it matches its schema; otherwise every field that
 * matches typed as usual, every field that does not kept as sent, and the issues naming those.
 */
export interface PayloadReading<T> {
	value: T;
	issues: PayloadIssue[];
}

/** Issues listed per delivery at most; a body with thousands of bad lines would otherwise carry thousands. */
export const MAX_PAYLOAD_ISSUES = 20;

const TYPE_WORDS: Record<string, string> = {
	string: 'text',
	number: 'a number',
	integer: 'a whole number',
	float: 'a number with a fraction',
	boolean: 'true or false',
	object: 'an object',
	array: 'a list',
	null: 'null',
	nan: 'not a number',
};

const wordsFor = (type: string) => TYPE_WORDS[type] ?? type;

/** A zod issue in plain words: "is missing", "should be a whole number, not text". */
export function describeIssue(issue: ZodIssue): string {
	switch (issue.code) {
		case 'custom':
			return issue.message;
		case 'invalid_type':
			return issue.received === 'undefined' ? 'is missing' : `should be ${wordsFor(issue.expected)}, not ${wordsFor(issue.received)}`;
		case 'invalid_enum_value':
			return `should be one of ${issue.options.map(String).join(', ')}, not "${String(issue.received)}"`;
		case 'invalid_literal':
			return `should be ${JSON.stringify(issue.expected)}`;
		case 'invalid_union':
			return 'matches none of the documented forms';
		case 'too_small':
			if (issue.type === 'string') return 'should not be empty';
			if (issue.type === 'array') return `should list at least ${issue.minimum} entries`;
			return `should be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`;
		case 'too_big':
			if (issue.type === 'string') return `should be at most ${issue.maximum} characters long`;
			if (issue.type === 'array') return `should list at most ${issue.maximum} entries`;
			return `should be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
		default:
			return issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
	}
}

export function pathOf(path: ReadonlyArray<string | number>): string {
	return path.length > 0 ? path.join('.') : '(body)';
}

/** A field that is not read keeps the value it was sent with. */
function keptAsSent(schema: ZodTypeAny): ZodTypeAny {
	return schema.catch(({ input }: { input: unknown }) => input);
}

/**
 * The tolerant twin of a schema: the same types, transforms and reading rules, but every object field, list
 * entry and record value that fails is kept as sent instead of failing its parent; refinements, which only
 * judge, are left out. It reads a delivery that broke its schema and never fails. Built once per schema.
 */
function twinOf(schema: ZodTypeAny): ZodTypeAny {
	const def = schema._def;
	switch (def.typeName) {
		case ZodFirstPartyTypeKind.ZodObject: {
			const object = schema as ZodObject<Record<string, ZodTypeAny>>;
			const shape = Object.fromEntries(Object.entries(object.shape).map(([key, field]) => [key, keptAsSent(twinOf(field))]));
			return new ZodObject({ ...object._def, shape: () => shape });
		}
		case ZodFirstPartyTypeKind.ZodArray:
			return new ZodArray({ ...def, type: keptAsSent(twinOf(def.type)), minLength: null, maxLength: null, exactLength: null });
		case ZodFirstPartyTypeKind.ZodRecord:
			return new ZodRecord({ ...def, valueType: keptAsSent(twinOf(def.valueType)) });
		case ZodFirstPartyTypeKind.ZodOptional:
			return new ZodOptional({ ...def, innerType: twinOf(def.innerType) });
		case ZodFirstPartyTypeKind.ZodNullable:
			return new ZodNullable({ ...def, innerType: twinOf(def.innerType) });
		case ZodFirstPartyTypeKind.ZodEffects:
			return def.effect.type === 'refinement' ? twinOf(def.schema) : new ZodEffects({ ...def, schema: twinOf(def.schema) });
		default:
			return schema;
	}
}

const twins = new WeakMap<ZodTypeAny, ZodTypeAny>();

function tolerantTwin(schema: ZodTypeAny): ZodTypeAny {
	let twin = twins.get(schema);
	if (!twin) {
		twin = keptAsSent(twinOf(schema));
		twins.set(schema, twin);
	}
	return twin;
}

function capped(issues: PayloadIssue[]): PayloadIssue[] {
	if (issues.length <= MAX_PAYLOAD_ISSUES) return issues;
	const more = issues.length - (MAX_PAYLOAD_ISSUES - 1);
	return [...issues.slice(0, MAX_PAYLOAD_ISSUES - 1), { path: '…', problem: `and ${more} more issues like these` }];
}

/**
 * Reads `value` with `schema`, tolerantly: a value that matches costs one strict parse, as before; one that
 * does not is read again by the schema's tolerant twin. `at` is where `value` sits in the delivery, for the
 * issues' paths.
 */
export function readPayload<Schema extends ZodTypeAny>(
	schema: Schema,
	value: unknown,
	at: ReadonlyArray<string | number> = [],
): PayloadReading<Schema['_output']> {
	const strict = schema.safeParse(value);
	if (strict.success) return { value: strict.data, issues: [] };
	const issues = strict.error.issues.map((issue) => ({ path: pathOf([...at, ...issue.path]), problem: describeIssue(issue) }));
	return { value: tolerantTwin(schema).parse(value) as Schema['_output'], issues: capped(issues) };
}

/**
 * Reads a delivery's body with `schema`. A body that is not usable JSON is read as its text, with the issue
 * saying why; so is nothing lost of what the platform sent.
 */
export function readBody<Schema extends ZodTypeAny>(
	schema: Schema,
	body: Exclude<JsonBody, { status: 413 }>,
): PayloadReading<Schema['_output']> {
	if (body.ok) return readPayload(schema, body.value);
	return { value: body.text as Schema['_output'], issues: [{ path: '(body)', problem: body.reason }] };
}

/** Whether the value at `path` (`['order', 'id']`) was read as its schema says, i.e. no issue is on it or above it. */
export function wasRead(issues: PayloadIssue[], path: ReadonlyArray<string | number>): boolean {
	if (issues.length === 0) return true;
	const at = pathOf(path);
	return !issues.some((issue) => issue.path === '(body)' || issue.path === at || at.startsWith(`${issue.path}.`) || issue.path === '…');
}

export function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A payload's fields for an item; a payload that is not an object (text that is not JSON, a list) is kept whole under `body`. */
export function payloadFields(value: unknown): IDataObject {
	return isPlainObject(value) ? value : { body: value as IDataObject[keyof IDataObject] };
}
