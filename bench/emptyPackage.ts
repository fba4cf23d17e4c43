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
 * A community package with one node that does nothing and no credentials, packed: what any community
 * package costs n8n's start, so the cold-start bench can tell that cost from this package's own.
 */
export async function packEmptyPackage(): Promise<string> {
	const root = mkdtempSync(join(tmpdir(), 'n8n-empty-package-'));
	const source = join(root, 'source');
	mkdirSync(join(source, 'dist'), { recursive: true });
	writeFileSync(join(source, 'dist', 'Empty.node.js'), NODE_SOURCE);
	writeFileSync(
		join(source, 'package.json'),
		JSON.stringify({
			name: 'n8n-nodes-empty-baseline',
			version: '1.0.0',
			keywords: ['n8n-community-node-package'],
			files: ['dist'],
			n8n: { n8nNodesApiVersion: 1, nodes: ['dist/Empty.node.js'], credentials: [] },
		}),
	);
	await run('npm', ['pack', '--silent', '--pack-destination', root], { cwd: source, timeoutMs: 60_000 });
	return join(root, 'n8n-nodes-empty-baseline-1.0.0.tgz');
}
