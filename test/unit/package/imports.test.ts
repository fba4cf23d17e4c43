import { readdirSync, readFileSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

import type { ICredentialType, INodeType } from 'n8n-workflow';

const ROOT = resolve(__dirname, '../../..');

function sourcesUnder(folder: string): string[] {
	return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name))
		.map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** The project files a source file imports, as paths from the project root (packages are left out). */
function importsOf(file: string): string[] {
	const source = readFileSync(join(ROOT, file), 'utf8');
	return [...source.matchAll(/(?:from|import|require)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map(([, specifier]) => relative(ROOT, resolve(ROOT, dirname(file), specifier)));
}

const shipped = [...sourcesUnder('nodes'), ...sourcesUnder('credentials')];
const edgesOf = (files: string[]) => files.flatMap((file) => importsOf(file).map((target) => ({ file, target })));
const edges = edgesOf(shipped);
/** Everything that runs outside the tests: the package, the development kit, the benchmarks and the scripts. */
const outsideTests = edgesOf([...shipped, ...sourcesUnder('dev'), ...sourcesUnder('bench'), ...sourcesUnder('scripts')]);
const isTest = (path: string) => path === 'test' || path.startsWith('test/');
const platformOf = (path: string) => /^nodes\/([^/]+)\//.exec(path)?.[1];
const isShared = (path: string) => path === 'nodes/shared' || path.startsWith('nodes/shared/');
/** `credentials/platforms/shopkit` is the home of `nodes/Shopkit/`. */
const homeOf = (platform: string) => `credentials/platforms/${platform[0].toLowerCase()}${platform.slice(1)}`;

describe('imports run one way', () => {
	it('finds the imports it checks', () => {
		expect(edges.length).toBeGreaterThan(100);
		expect(edges).toContainEqual({ file: 'nodes/Shopkit/Shopkit.api.ts', target: 'credentials/platforms/shopkit' });
	});

	it('credentials never import from nodes', () => {
		expect(edges.filter(({ file, target }) => file.startsWith('credentials/') && target.startsWith('nodes/'))).toEqual([]);
	});

	it('the shared toolkit imports no platform and no credential', () => {
		expect(edges.filter(({ file, target }) => isShared(file) && !isShared(target))).toEqual([]);
	});

	it('a platform imports only itself, the shared toolkit and its own home among the credentials', () => {
		const crossings = edges.filter(({ file, target }) => {
			const platform = platformOf(file);
			if (!platform || platform === 'shared') return false;
			return !(platformOf(target) === platform || isShared(target) || target === homeOf(platform));
		});
		expect(crossings).toEqual([]);
	});

	it('nothing in nodes/, credentials/, dev/, bench/ or scripts/ imports from test/', () => {
		expect(outsideTests.filter(({ file }) => file.startsWith('bench/')).length).toBeGreaterThan(0);
		expect(outsideTests.filter(({ file }) => file.startsWith('dev/')).length).toBeGreaterThan(0);
		expect(outsideTests.filter(({ file }) => file.startsWith('scripts/')).length).toBeGreaterThan(0);
		expect(outsideTests.filter(({ target }) => isTest(target))).toEqual([]);
	});

	it('shipped code imports nothing from the development kit, the tests, the benchmarks or the scripts', () => {
		expect(edges.filter(({ target }) => !target.startsWith('nodes/') && !target.startsWith('credentials/'))).toEqual([]);
	});
});

describe("the package's credential references", () => {
	const n8n = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } }).n8n;
	/** `dist/credentials/ShopkitApi.credentials.js` → the class ShopkitApi of `credentials/ShopkitApi.credentials.ts`, as n8n loads it. */
	function load<T>(distPath: string, suffix: string): T {
		const source = join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		const className = distPath.split('/').pop()!.replace(`${suffix}.js`, '');
		const Class = (require(source) as Record<string, new () => T>)[className];
		expect(Class).toBeDefined();
		return new Class();
	}

	// n8n's lint checks these only where the names are literals; here every name is read as n8n reads it
	it('every credential a node names is a credential class of this package, loaded by its file name', () => {
		const credentialNames = n8n.credentials.map((path) => load<ICredentialType>(path, '.credentials').name);
		expect(new Set(credentialNames).size).toBe(credentialNames.length);
		const referenced = n8n.nodes.flatMap((path) => (load<INodeType>(path, '.node').description.credentials ?? []).map(({ name }) => name));
		expect(referenced.length).toBeGreaterThanOrEqual(n8n.nodes.length);
		expect(referenced.filter((name) => !credentialNames.includes(name))).toEqual([]);
	});
});
