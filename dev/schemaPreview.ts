import { readFileSync } from 'fs';
import { basename, dirname, join } from 'path';
import { isDeepStrictEqual } from 'util';

import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import type { ZodTypeAny, ZodTypeDef } from 'zod';
import { ignoreOverride, zodToJsonSchema } from 'zod-to-json-schema';

import * as reading from '../nodes/shared/inbound/readingRules';
import type { NodeOutput, OutputVariants } from '../nodes/shared/inbound/itemSchemas';

/** The JSON Schema (draft-07) subset this project writes, plus OpenAPI's `nullable` where a type list would not do. */
export interface JsonSchema {
	$schema?: string;
	type?: string | string[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
	additionalProperties?: boolean | JsonSchema;
	items?: JsonSchema;
	anyOf?: JsonSchema[];
	enum?: unknown[];
	const?: unknown;
	nullable?: boolean;
	description?: string;
	[keyword: string]: unknown;
}

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** Keywords that only describe a value; a schema made of them and `type` is a bare type. */
const ANNOTATIONS = new Set(['description', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'pattern']);

function isBareType(schema: JsonSchema): boolean {
	return typeof schema.type === 'string' && Object.keys(schema).every((keyword) => keyword === 'type' || ANNOTATIONS.has(keyword));
}

function isChoice(schema: JsonSchema): boolean {
	return typeof schema.type === 'string' && ('const' in schema || 'enum' in schema) && Object.keys(schema).every((keyword) => ['type', 'const', 'enum', 'description'].includes(keyword));
}

/**
 * The members of a union, flattened; `null` members and nullable flags are taken out and reported apart, and
 * so is a member that allows anything.
 */
function membersOf(schemas: JsonSchema[]): { members: JsonSchema[]; nullable: boolean; anything: boolean } {
	const members: JsonSchema[] = [];
	let nullable = false;
	let anything = false;
	for (const schema of schemas) {
		if (schema.anyOf && Object.keys(schema).every((keyword) => keyword === 'anyOf' || keyword === 'description')) {
			const inner = membersOf(schema.anyOf);
			nullable ||= inner.nullable;
			anything ||= inner.anything;
			members.push(...inner.members);
			continue;
		}
		const { nullable: flagged, ...rest } = schema;
		nullable ||= flagged === true;
		if (Array.isArray(rest.type) && rest.type.includes('null')) {
			nullable = true;
			const types = rest.type.filter((type) => type !== 'null');
			rest.type = types.length === 1 ? types[0] : types;
		}
		if (rest.type === 'null') nullable = true;
		else if (Object.keys(rest).every((keyword) => keyword === 'description')) anything = true;
		else members.push(rest);
	}
	const distinct = members.filter((member, index) => members.findIndex((other) => isDeepStrictEqual(other, member)) === index);
	return { members: distinct, nullable, anything };
}

/**
 * n8n's editor reads a schema preview naively (getSchemaForJsonSchema in its useDataSchema): an object's
 * fields only under `type: "object"`, an array's items only under `type: "array"`, the first entry of a type
 * list, and nothing of `anyOf`. So a nullable object keeps its single type and says `nullable: true`,
 * alternatives of one kind are merged into one schema, and only a union n8n cannot show stays `anyOf`.
 */
function unite(schemas: JsonSchema[]): JsonSchema {
	const { members, nullable, anything } = membersOf(schemas);
	let united: JsonSchema;
	if (anything || members.length === 0) return {};
	else if (members.length === 1) united = members[0];
	else if (members.every((member) => member.type === 'object')) united = mergeObjects(members);
	else if (members.every((member) => member.type === 'array')) {
		united = { type: 'array', items: unite(members.map((member) => member.items ?? {})) };
	} else if (members.every(isChoice) && new Set(members.map((member) => member.type)).size === 1) {
		const values = members.flatMap((member) => ('const' in member ? [member.const] : (member.enum ?? [])));
		united = { type: members[0].type, enum: [...new Set(values)] };
	} else if (members.every((member) => isChoice(member) || isBareType(member)) && new Set(members.map((member) => member.type)).size === 1) {
		// a few known values and any other of the same type: any value of that type
		united = members.find(isBareType)!;
	} else if (members.every(isBareType)) {
		united = { type: [...new Set(members.map((member) => member.type as string))] };
	} else united = { anyOf: members };
	if (!nullable) return united;
	if (isChoice(united)) {
		// JSON Schema checks a value against the known values too: null must be one of them
		const { const: only, enum: values, ...rest } = united;
		return { ...rest, type: [united.type as string, 'null'], enum: [...('const' in united ? [only] : (values ?? [])), null] };
	}
	if (typeof united.type === 'string' && united.type !== 'object' && united.type !== 'array') return { ...united, type: [united.type, 'null'] };
	if (Array.isArray(united.type)) return { ...united, type: [...united.type, 'null'] };
	if (united.anyOf) return { ...united, anyOf: [...united.anyOf, { type: 'null' }] };
	return { ...united, nullable: true };
}

/** The fields of several shapes in one order that keeps each shape's: a field joins before the next field it precedes. */
function fieldOrder(orders: string[][]): string[] {
	const merged: string[] = [];
	for (const order of orders) {
		order.forEach((name, index) => {
			if (merged.includes(name)) return;
			const next = order.slice(index + 1).find((later) => merged.includes(later));
			merged.splice(next === undefined ? merged.length : merged.indexOf(next), 0, name);
		});
	}
	return merged;
}

/**
 * One object schema for objects of several shapes: every field of any of them (each typed by what the shapes
 * say of it), required where every shape requires it. `presence` names, per shape, when it is emitted; a
 * field only some shapes have says so in its description.
 */
function mergeObjects(objects: JsonSchema[], presence?: string[]): JsonSchema {
	const names = fieldOrder(objects.map((object) => Object.keys(object.properties ?? {})));
	const properties: Record<string, JsonSchema> = {};
	for (const name of names) {
		const holders = objects.map((object, index) => ({ schema: object.properties?.[name], index })).filter((holder) => holder.schema);
		const merged = unite(holders.map((holder) => holder.schema!));
		const descriptions = [...new Set(holders.map((holder) => holder.schema!.description).filter(Boolean))];
		if (descriptions.length === 1) merged.description = descriptions[0];
		if (presence && holders.length < objects.length) {
			const only = `Only ${holders.map((holder) => presence[holder.index]).join(' or ')}.`;
			merged.description = merged.description ? `${merged.description}. ${only}` : only;
		}
		properties[name] = merged;
	}
	const required = names.filter((name) => objects.every((object) => object.required?.includes(name)));
	const closed = objects.every((object) => object.additionalProperties === false);
	return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: !closed };
}

/** Rewrites every union in `schema`, inside out, into what n8n's editor can show (see unite). */
function readableByN8n(schema: JsonSchema): JsonSchema {
	const result: JsonSchema = { ...schema };
	if (schema.properties) {
		result.properties = Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, readableByN8n(property)]));
	}
	if (schema.items) result.items = readableByN8n(schema.items);
	if (typeof schema.additionalProperties === 'object') result.additionalProperties = readableByN8n(schema.additionalProperties);
	if (schema.anyOf) {
		const { anyOf, ...rest } = result;
		const united = unite((anyOf as JsonSchema[]).map(readableByN8n));
		return rest.description ? { ...united, description: rest.description } : united;
	}
	return result;
}

// zod-to-json-schema's own zod types are too deep for tsc to compare with the schemas'
const toJsonSchema = zodToJsonSchema as unknown as (schema: ZodTypeAny, options: object) => JsonSchema;

/**
 * A reading rule (readingRules.ts) is a zod type of the project's own, which zod-to-json-schema does not
 * know and would leave out with its field: it is written as what the rule says it reads a value as.
 */
function readingRuleSchema(def: ZodTypeDef): JsonSchema | typeof ignoreOverride {
	const output = reading.readingOutputOf(def);
	if (!output) return ignoreOverride;
	return def.description ? { ...output, description: def.description } : { ...output };
}

/**
 * One zod schema as JSON Schema: effects read as their input (preprocess, as the reading rules' objects are
 * built: the schema after it), pipes as their output, reading rules as what they read.
 */
export function jsonSchemaOf(schema: ZodTypeAny): JsonSchema {
	const { $schema: _draft, ...converted } = toJsonSchema(schema, {
		target: 'jsonSchema7',
		$refStrategy: 'none',
		effectStrategy: 'input',
		pipeStrategy: 'output',
		override: readingRuleSchema,
	});
	return readableByN8n(converted);
}

/**
 * The schema preview of a node's items: one object with the fields of every variant of item, each field
 * that only some variants have described with when it is there.
 */
export function schemaPreviewOf(variants: OutputVariants): JsonSchema {
	const labels = Object.keys(variants);
	const objects = labels.map((label) => jsonSchemaOf(variants[label]));
	const notObject = labels.find((_label, index) => objects[index].type !== 'object');
	if (notObject) throw new Error(`The item ${notObject} is not an object schema`);
	const merged = objects.length === 1 ? objects[0] : mergeObjects(objects, labels);
	return { $schema: DRAFT_07, ...merged };
}

export interface SchemaPreviewFile {
	/** Where n8n looks for it, relative to the package root: `__schema__` beside the node's compiled file. */
	path: string;
	/** The node's type name without the package prefix. */
	node: string;
	/** n8n's `<version as 1.0.0>`. */
	version: string;
	operation?: string;
	schema: JsonSchema;
}

/** n8n's padVersion (schemaPreview.api.ts, output-schema-resolver.ts): 1 → 1.0.0, 1.1 → 1.1.0. */
export function paddedVersion(version: number): string {
	return String(version).split('.').concat(['0', '0']).slice(0, 3).join('.');
}

/**
 * The previews of a node with resources: one per resource and operation (`v1.0.0/<resource>/<operation>.json`, the
 * path n8n resolves then), each resource's operations read from its own `operation` parameter.
 */
function resourcePreviews(
	className: string,
	description: INodeTypeDescription,
	output: NodeOutput,
	resources: string[],
	at: { node: string; version: string; file: (path: string) => string },
): SchemaPreviewFile[] {
	if (!('byResource' in output)) throw new Error(`${className}.output.ts: a node with resources describes its items under "byResource"`);
	return resources.flatMap((resource) => {
		const selector = description.properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource));
		const operations = selector?.options?.map((option) => String((option as { value: unknown }).value)) ?? [];
		const described = Object.keys(output.byResource[resource] ?? {}).sort();
		if (!isDeepStrictEqual(described, [...operations].sort())) {
			throw new Error(`${className}.output.ts: byResource.${resource} describes ${described.join(', ')}; its operations are ${operations.join(', ')}`);
		}
		return operations.map((operation) => ({
			path: at.file(`${resource}/${operation}`),
			node: at.node,
			version: at.version,
			operation: `${resource}/${operation}`,
			schema: schemaPreviewOf(output.byResource[resource][operation]),
		}));
	});
}

/**
 * Every schema preview of the package: for each node of package.json's `n8n.nodes`, from the `output` of the
 * `<Node>.output.ts` beside it, one file per node version (`v1.0.0.json`) or, for a node with an `operation`
 * parameter, one per operation (`v1.0.0/<operation>.json`, the path n8n resolves when a node has no `resource`).
 */
export function schemaPreviewFiles(projectDir: string): SchemaPreviewFile[] {
	const manifest = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
	return manifest.n8n.nodes.flatMap((compiled) => {
		const sourceDir = dirname(compiled).replace(/^dist\//, '');
		const className = basename(compiled, '.node.js');
		const nodeModule = require(join(projectDir, sourceDir, `${className}.node`)) as Record<string, new () => INodeType>;
		const { description } = new nodeModule[className]();
		const { output } = require(join(projectDir, sourceDir, `${className}.output`)) as { output: NodeOutput };
		const versions = Array.isArray(description.version) ? description.version : [description.version];
		const optionValues = (property: INodeProperties | undefined) => property?.options?.map((option) => String((option as { value: unknown }).value));
		const operations = optionValues(description.properties.find((property) => property.name === 'operation'));
		const resources = optionValues(description.properties.find((property) => property.name === 'resource'));
		return versions.flatMap((numeric) => {
			const version = paddedVersion(numeric);
			const file = (operation?: string) => join(dirname(compiled), '__schema__', `v${version}${operation ? `/${operation}` : ''}.json`);
			if (resources) return resourcePreviews(className, description, output, resources, { node: description.name, version, file });
			if (!operations) {
				if (!('item' in output)) throw new Error(`${className}.output.ts: a node without operations describes its items under "item"`);
				return [{ path: file(), node: description.name, version, schema: schemaPreviewOf(output.item) }];
			}
			if (!('byOperation' in output)) throw new Error(`${className}.output.ts: a node with operations describes its items under "byOperation"`);
			const described = Object.keys(output.byOperation).sort();
			if (!isDeepStrictEqual(described, [...operations].sort())) {
				throw new Error(`${className}.output.ts: byOperation describes ${described.join(', ')}; the node's operations are ${operations.join(', ')}`);
			}
			return operations.map((operation) => ({ path: file(operation), node: description.name, version, operation, schema: schemaPreviewOf(output.byOperation[operation]) }));
		});
	});
}
