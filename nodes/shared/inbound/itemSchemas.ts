import { z } from 'zod';
import type { ZodRawShape, ZodTypeAny } from 'zod';

/**
 * The items a node emits, in zod, for the schema previews the build writes into `__schema__` (n8n's editor
 * and its AI read them). Build time only: no node imports this file, and the package does not ship it.
 *
 * Each variant is one shape of item, named by when it is emitted ("for product.update", "with Simplify off");
 * the preview lists the fields of all of them.
 */
export type OutputVariants = Record<string, ZodTypeAny>;

/** A trigger's items, or an action node's items per value of its `operation` parameter (per `resource` and operation, for a node with resources). */
export type NodeOutput = { item: OutputVariants } | { byOperation: Record<string, OutputVariants> } | { byResource: Record<string, Record<string, OutputVariants>> };

/** The schema of class `kind` inside `schema`, through zod's wrappers (preprocess and refinements, optional, nullable, defaults, pipes, lazy). */
function unwrap<T extends ZodTypeAny>(schema: ZodTypeAny, kind: abstract new (...args: never[]) => T): T {
	let current: ZodTypeAny = schema;
	for (let depth = 0; depth < 32; depth++) {
		if (current instanceof kind) return current;
		const def = current._def as {
			schema?: ZodTypeAny;
			innerType?: ZodTypeAny;
			type?: ZodTypeAny;
			out?: ZodTypeAny;
			getter?: () => ZodTypeAny;
		};
		const inner = def.schema ?? def.innerType ?? def.out ?? def.getter?.() ?? (current instanceof z.ZodBranded ? def.type : undefined);
		if (!inner) break;
		current = inner;
	}
	throw new Error(`Expected a ${kind.name}, found ${(schema._def as { typeName?: string }).typeName}`);
}

/**
 * The object schema inside `schema`: a payload schema stays usable here whatever tolerance it is wrapped in.
 */
export function objectOf(schema: ZodTypeAny): z.AnyZodObject {
	return unwrap(schema, z.ZodObject);
}

/** The schema of the elements of the array schema inside `schema`. */
export function elementOf(schema: ZodTypeAny): ZodTypeAny {
	return unwrap(schema, z.ZodArray).element;
}

/** The schema of one field of an object schema. */
export function fieldOf(schema: ZodTypeAny, key: string): ZodTypeAny {
	const field = objectOf(schema).shape[key] as ZodTypeAny | undefined;
	if (!field) throw new Error(`The schema has no field "${key}"`);
	return field;
}

/** A field that the node copies as `value ?? null`: never absent, null when the platform left it out. */
export function orNull(schema: ZodTypeAny, key: string): ZodTypeAny {
	const field = fieldOf(schema, key);
	return (field instanceof z.ZodOptional ? field.unwrap() : field).nullable();
}

/**
 * `payloadIssues` (items.ts, payloadReading.ts): on a delivery that breaks its documented schema, each place
 * that does and its problem. The item then holds what could be read typed as usual, and what could not as it
 * was sent (null where nothing was), so a field an issue names may hold a value of another type.
 */
const PayloadIssues = z
	.array(
		z.object({
			path: z.string().describe('Where in the delivery, e.g. order.client.phone; (body) for the whole body'),
			problem: z.string().describe('What is wrong there, in plain words'),
		}),
	)
	.optional()
	.describe('Only on a delivery that breaks its documented schema: where and what, one entry per issue');

/**
 * The item `deliveryItem()` (items.ts) builds: the leading fields, the payload's fields (those named like a
 * leading field give way to it), then its closing fields: `isTest` where the node tells test deliveries
 * apart, `payloadIssues` where the payload was read by its schema (so may break it), the node's own
 * `trailing` fields, and `receivedAt`. The item keeps the payload's openness: fields a passthrough payload
 * carries beyond its schema pass into the item.
 */
export function deliveryItemSchema(
	leading: ZodRawShape,
	payload: ZodTypeAny | ZodRawShape,
	{
		isTest,
		payloadIssues = false,
		trailing = {},
		receivedAt = true,
	}: { isTest?: ZodTypeAny; payloadIssues?: boolean; trailing?: ZodRawShape; receivedAt?: boolean } = {},
): z.AnyZodObject {
	const payloadObject = payload instanceof z.ZodType ? objectOf(payload) : z.object(payload);
	const payloadShape = Object.fromEntries(Object.entries(payloadObject.shape as ZodRawShape).filter(([key]) => !(key in leading)));
	const item = z.object({
		...leading,
		...payloadShape,
		...(isTest ? { isTest } : {}),
		...(payloadIssues ? { payloadIssues: PayloadIssues } : {}),
		...trailing,
		...(receivedAt ? { receivedAt: z.string().datetime().describe('When n8n received the delivery (ISO 8601)') } : {}),
	});
	return payloadObject._def.unknownKeys === 'passthrough' ? item.passthrough() : item;
}

/** Every field optional: a payload that may arrive empty. */
export function allOptional(schema: ZodTypeAny): z.AnyZodObject {
	const object = objectOf(schema);
	const partial = object.partial();
	return object._def.unknownKeys === 'passthrough' ? partial.passthrough() : partial;
}
