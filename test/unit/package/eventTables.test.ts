import { readdirSync, readFileSync } from 'fs';
import { join, relative, resolve } from 'path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { schemaPreviewFiles } from '../../../dev/schemaPreview';
import { KINGUIN_SAMPLES } from '../../../dev/fixtures/kinguin';
import { SHOPGATE_SAMPLES } from '../../../dev/fixtures/shopgate';
import { SHOPKIT_SAMPLES } from '../../../dev/fixtures/shopkit';
import { TIKI_EVENT_TYPE_SAMPLES, TIKI_SAMPLES } from '../../../dev/fixtures/tiki';
import { KINGUIN_EVENT_TABLE } from '../../../nodes/Kinguin/Kinguin.schemas';
import { kinguinTriggerProperties } from '../../../nodes/Kinguin/KinguinTrigger/KinguinTrigger.description';
import type { EventTable } from '../../../nodes/shared/inbound/eventTable';
import type { NodeOutput } from '../../../nodes/shared/inbound/itemSchemas';
import { SHOPGATE_EVENT_TABLE } from '../../../nodes/Shopgate/Shopgate.schemas';
import { shopgateTriggerProperties } from '../../../nodes/Shopgate/ShopgateTrigger/ShopgateTrigger.description';
import { SHOPKIT_EVENT_TABLE } from '../../../nodes/Shopkit/Shopkit.schemas';
import { shopkitTriggerProperties } from '../../../nodes/Shopkit/ShopkitTrigger/ShopkitTrigger.description';
import { TIKI_EVENT_TYPE_TABLE } from '../../../nodes/Tiki/TikiEventTrigger/TikiEventTrigger.schemas';
import { tikiEventTriggerProperties } from '../../../nodes/Tiki/TikiEventTrigger/TikiEventTrigger.description';
import { output as tikiEventOutput } from '../../../nodes/Tiki/TikiEventTrigger/TikiEventTrigger.output';
import { TIKI_EVENT_TABLE } from '../../../nodes/Tiki/TikiTrigger/TikiTrigger.schemas';
import { tikiTriggerProperties } from '../../../nodes/Tiki/TikiTrigger/TikiTrigger.description';

const ROOT = resolve(__dirname, '../../..');

/**
 * Each platform's event table is the one place its events are named: the Events options, the payload
 * schemas, the schema preview and the pinned samples are read from it, so adding an event is one entry.
 */
const platforms: Array<{ node: string; folder: string; tableFile: string; table: EventTable; properties: INodeProperties[]; samples: Record<string, string>; output?: NodeOutput }> = [
	{
		node: 'kinguinTrigger',
		folder: 'nodes/Kinguin',
		tableFile: 'nodes/Kinguin/Kinguin.schemas.ts',
		table: KINGUIN_EVENT_TABLE,
		properties: kinguinTriggerProperties,
		samples: KINGUIN_SAMPLES,
	},
	{
		node: 'shopkitTrigger',
		folder: 'nodes/Shopkit',
		tableFile: 'nodes/Shopkit/Shopkit.schemas.ts',
		table: SHOPKIT_EVENT_TABLE,
		properties: shopkitTriggerProperties,
		samples: SHOPKIT_SAMPLES,
	},
	{
		node: 'shopgateTrigger',
		folder: 'nodes/Shopgate',
		tableFile: 'nodes/Shopgate/Shopgate.schemas.ts',
		table: SHOPGATE_EVENT_TABLE,
		properties: shopgateTriggerProperties,
		samples: SHOPGATE_SAMPLES,
	},
	{
		node: 'tikiTrigger',
		folder: 'nodes/Tiki/TikiTrigger',
		tableFile: 'nodes/Tiki/TikiTrigger/TikiTrigger.schemas.ts',
		table: TIKI_EVENT_TABLE,
		properties: tikiTriggerProperties,
		samples: TIKI_SAMPLES,
	},
	{
		node: 'tikiEventTrigger',
		folder: 'nodes/Tiki/TikiEventTrigger',
		tableFile: 'nodes/Tiki/TikiEventTrigger/TikiEventTrigger.schemas.ts',
		table: TIKI_EVENT_TYPE_TABLE,
		properties: tikiEventTriggerProperties,
		samples: TIKI_EVENT_TYPE_SAMPLES,
		// its preview types `type` as any text (a type Tiki adds later passes on): each event has its variant instead
		output: tikiEventOutput,
	},
];

function sourcesUnder(folder: string): string[] {
	return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
		.map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const previews = schemaPreviewFiles(ROOT);

describe.each(platforms)('the event table of $node', ({ node, folder, tableFile, table, properties, samples, output }) => {
	const events = Object.keys(table);

	it('has events, each with a name and a payload schema', () => {
		expect(events.length).toBeGreaterThan(0);
		for (const event of events) {
			expect(table[event].name).toMatch(/\S/);
			expect(typeof table[event].payload.safeParse).toBe('function');
		}
	});

	it('offers every entry, and nothing else, in the Events options', () => {
		const options = (properties.find((property) => property.name === 'events')?.options ?? []) as INodePropertyOptions[];
		expect(options.map((option) => option.value).sort()).toEqual([...events].sort());
		expect(options.map((option) => option.name)).toEqual(options.map((option) => option.name).sort());
		for (const option of options) {
			expect(option.name).toBe(table[String(option.value)].name);
			expect(option.description).toBe(table[String(option.value)].description);
		}
	});

	it("names every entry in the schema preview's event field, or in a variant of its items", () => {
		if (output && 'item' in output) {
			expect(Object.keys(output.item)).toEqual(expect.arrayContaining(events.map((event) => `for ${event}`)));
			return;
		}
		const preview = previews.find((file) => file.node === node);
		const field = preview?.schema.properties?.event ?? preview?.schema.properties?.eventCode;
		expect(field?.enum).toEqual(expect.arrayContaining(events));
	});

	it('pins a sample for every entry that its payload schema accepts', () => {
		expect(Object.keys(samples).sort()).toEqual([...events].sort());
		for (const event of events) {
			const read = table[event].payload.safeParse(JSON.parse(samples[event]));
			expect({ event, issues: read.success ? [] : read.error.issues }).toEqual({ event, issues: [] });
		}
	});

	it('is the only shipped file that names one of its events', () => {
		const naming = sourcesUnder(folder)
			.filter((file) => file !== tableFile)
			.flatMap((file) => {
				const source = readFileSync(join(ROOT, file), 'utf8');
				return events.filter((event) => source.includes(`'${event}'`) || source.includes(`"${event}"`)).map((event) => `${file}: ${event}`);
			});
		expect(naming).toEqual([]);
	});
});
