import { readdirSync, readFileSync } from 'fs';
import { join, relative, resolve } from 'path';

const ROOT = resolve(__dirname, '../../..');

/** What n8n provides a community package at run time, and Node's own crypto: nothing else is installed with it. */
const PROVIDED = ['n8n-workflow', 'zod', 'lodash', 'luxon', 'p-limit', 'crypto'];

function shippedSources(): string[] {
	return ['nodes', 'credentials'].flatMap((folder) =>
		readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
			.filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
			.map((entry) => relative(ROOT, join(entry.parentPath, entry.name))),
	);
}

/** The packages a source imports or requires (relative imports left out), by the name before any subpath. */
function packagesImportedBy(file: string): string[] {
	const source = readFileSync(join(ROOT, file), 'utf8');
	const specifiers = [...source.matchAll(/(?:^\s*(?:import|export)\s+(?:[^'";]*?\sfrom\s+)?|\brequire\(\s*|\bimport\(\s*)['"]([^'"]+)['"]/gm)].map(([, specifier]) => specifier);
	return specifiers
		.filter((specifier) => !specifier.startsWith('.'))
		.map((specifier) => {
			const parts = specifier.replace(/^node:/, '').split('/');
			return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
		});
}

describe("the package's runtime dependencies", () => {
	it('declares none in package.json: n8n installs a community package without them', () => {
		const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
		expect(Object.keys(manifest.dependencies ?? {})).toEqual([]);
	});

	it('ships code that imports no package but what n8n provides and Node\'s crypto', () => {
		const sources = shippedSources();
		expect(sources.length).toBeGreaterThan(50);
		const imported = sources.flatMap((file) => packagesImportedBy(file).map((name) => ({ file, name })));
		expect(imported.map(({ name }) => name)).toEqual(expect.arrayContaining(['n8n-workflow', 'zod']));
		expect(imported.filter(({ name }) => !PROVIDED.includes(name))).toEqual([]);
	});
});
