import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join, resolve } from 'path';

import { schemaPreviewFiles } from '../dev/schemaPreview';

/**
 * Build step (`npm run build`, after tsc): writes every node's schema previews, generated from the zod schemas
 * of its items, into dist beside the compiled node, where n8n serves them to its editor.
 */
const projectDir = resolve(__dirname, '..');
for (const file of schemaPreviewFiles(projectDir)) {
	const target = join(projectDir, file.path);
	mkdirSync(dirname(target), { recursive: true });
	writeFileSync(target, `${JSON.stringify(file.schema, null, 2)}\n`);
}
