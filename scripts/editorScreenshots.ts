import { spawnSync } from 'child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { PROJECT_DIR } from '../dev/n8n';

/**
 * `npm run screenshots`: refreshes docs/screenshots/ (the node panel, each node's fields, credential form and trigger
 * panel, the fields the node after each example's trigger is offered, a refused test delivery) from the editor test,
 * test/e2e/editor.e2e.test.ts, which takes them while it checks what they show. The test runs alone (its own n8n with
 * the editor, Debian's Chromium), writing into a temporary folder; only when every check passed do its PNGs replace
 * the ones in docs/screenshots/. `npm test` runs the same file but keeps no screenshot.
 */

const SCREENSHOTS = join(PROJECT_DIR, 'docs', 'screenshots');
const EDITOR_TEST = 'test/e2e/editor.e2e.test.ts';

interface JestProject {
	displayName: string;
	[option: string]: unknown;
}

/** The e2e project of jest.config.js for the editor test alone, without the global setup's shared n8n it does not use. */
function editorTestConfig(): object {
	const { projects } = require(join(PROJECT_DIR, 'jest.config.js')) as { projects: JestProject[] };
	const e2e = projects.find((project) => project.displayName === 'e2e');
	if (!e2e) throw new Error('jest.config.js has no e2e project');
	const { globalSetup: _setup, globalTeardown: _teardown, ...project } = e2e;
	return { ...project, displayName: 'screenshots', rootDir: PROJECT_DIR, testMatch: [`<rootDir>/${EDITOR_TEST}`] };
}

function main(): number {
	const taken = mkdtempSync(join(tmpdir(), 'n8n-editor-screenshots-'));
	try {
		const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', JSON.stringify(editorTestConfig())], {
			cwd: PROJECT_DIR,
			stdio: 'inherit',
			env: { ...process.env, EDITOR_SCREENSHOTS: taken },
		});
		if (jest.status !== 0) {
			process.stderr.write(`the editor test did not pass (${jest.signal ?? `exit ${jest.status}`}): docs/screenshots/ is unchanged\n`);
			return 1;
		}
		const pngs = readdirSync(taken).filter((file) => file.endsWith('.png'));
		for (const file of readdirSync(SCREENSHOTS).filter((name) => name.endsWith('.png'))) rmSync(join(SCREENSHOTS, file));
		for (const file of pngs) {
			copyFileSync(join(taken, file), join(SCREENSHOTS, file));
			process.stdout.write(`docs/screenshots/${file}: ${statSync(join(SCREENSHOTS, file)).size} bytes\n`);
		}
		return 0;
	} finally {
		rmSync(taken, { recursive: true, force: true });
	}
}

process.exitCode = main();
