import { existsSync } from 'fs';
import { join } from 'path';

import { ensureRuntime, N8N_1X_VERSION } from '../../../dev/n8n';

/**
 * Installs n8n 1.x once per machine (as the compat tests do) before the compat-core project loads its
 * n8n-core and n8n-workflow, and checks that jest.config.js maps them to where the runtime keeps them.
 */
export default async function n8n1Runtime(): Promise<void> {
	const runtime = await ensureRuntime(N8N_1X_VERSION);
	const { moduleNameMapper } = (require('../../../jest.config.js') as { projects: Array<{ displayName: string; moduleNameMapper?: Record<string, string> }> }).projects.find(
		(project) => project.displayName === 'compat-core',
	)!;
	for (const [module, path] of Object.entries(moduleNameMapper ?? {})) {
		const expected = join(runtime.n8nModules, module.replace(/^\^|\$$/g, ''));
		if (path !== expected || !existsSync(path)) throw new Error(`jest.config.js maps ${module} to ${path}; n8n ${N8N_1X_VERSION}'s copy is at ${expected}`);
	}
}
