import { join } from 'path';

import { ensureRuntime, loadedNodeTypes, OWNER, packProject, PROJECT_DIR, startN8n } from '../dev/n8n';
import type { N8nInstance } from '../dev/n8n';

/**
 * `npm start`: builds and packs this package, installs n8n (once, into ~/.cache) and starts it on
 * http://127.0.0.1:5678 with the package installed as a community package, editor included.
 * Workflows and credentials persist in .n8n-dev/ (or N8N_USER_FOLDER) between starts.
 */
async function main(): Promise<void> {
	const port = Number(process.env.N8N_PORT ?? 5678);
	const userFolder = process.env.N8N_USER_FOLDER ?? join(PROJECT_DIR, '.n8n-dev');
	const owner = {
		email: process.env.N8N_OWNER_EMAIL ?? OWNER.email,
		password: process.env.N8N_OWNER_PASSWORD ?? OWNER.password,
	};
	const runtime = await ensureRuntime();
	process.stderr.write('building and packing n8n-nodes-marketplace-webhooks\n');
	const tarball = await packProject();
	process.stderr.write(`starting n8n on http://127.0.0.1:${port} (user folder ${userFolder})\n`);
	const instance: N8nInstance = await startN8n(runtime, {
		port,
		userFolder,
		editor: true,
		owner,
		packages: [tarball],
		readyTimeoutMs: 300_000,
	});

	// the kit lets no n8n keep its starter alive (a test's leftover would hold jest); here n8n is what this process is for
	instance.process.ref();
	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		await instance.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
	instance.process.on('exit', (code) => {
		if (!stopping) {
			process.stderr.write(`n8n exited (${code}); see ${instance.logFile}\n`);
			process.exit(1);
		}
	});

	let ours: Array<{ displayName: string }> = [];
	try {
		ours = (await loadedNodeTypes(instance)).filter((type) => type.name.startsWith('n8n-nodes-marketplace-webhooks.'));
	} catch (error) {
		process.stderr.write(`could not list the loaded nodes: ${(error as Error).message}\n`);
	}
	process.stdout.write(
		[
			'',
			`n8n is ready at ${instance.baseUrl}`,
			`sign in as ${owner.email} / ${owner.password}`,
			`nodes of this package loaded: ${ours.map((type) => type.displayName).join(', ') || 'none (see the log)'}`,
			`log: ${instance.logFile}`,
			'press Ctrl+C to stop',
			'',
		].join('\n'),
	);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
	process.exit(1);
});
