import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { run } from '../dev/n8n/processes';

const NODE_SOURCE = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Empty = void 0;
class Empty {
	constructor() {
		this.description = {
			displayName: 'Empty', name: 'empty', group: ['transform'], version: 1, description: 'Does nothing',
			defaults: { name: 'Empty' }, inputs: ['main'], outputs: ['main'], properties: [],
		};
	}
	async execute() { return [this.getInputData()]; }
}
exports.Empty = Empty;
`;

/**
 * A community package of the bench's own, packed: `nodes` maps each node's file name in dist/ to its
 * JavaScript. No credentials of its own.
 */
export async function packBenchPackage(name: string, nodes: Record<string, string>): Promise<string> {
	const root = mkdtempSync(join(tmpdir(), `${name}-`));
	const source = join(root, 'source');
	mkdirSync(join(source, 'dist'), { recursive: true });
	for (const [file, code] of Object.entries(nodes)) writeFileSync(join(source, 'dist', file), code);
	writeFileSync(
		join(source, 'package.json'),
		JSON.stringify({
			name,
			version: '1.0.0',
			keywords: ['n8n-community-node-package'],
			files: ['dist'],
			n8n: { n8nNodesApiVersion: 1, nodes: Object.keys(nodes).map((file) => `dist/${file}`), credentials: [] },
		}),
	);
	await run('npm', ['pack', '--silent', '--pack-destination', root], { cwd: source, timeoutMs: 60_000 });
	return join(root, `${name}-1.0.0.tgz`);
}

/**
 * A community package with one node that does nothing and no credentials: what any community package
 * costs n8n's start, so the cold-start bench can tell that cost from this package's own.
 */
export function packEmptyPackage(): Promise<string> {
	return packBenchPackage('n8n-nodes-empty-baseline', { 'Empty.node.js': NODE_SOURCE });
}
