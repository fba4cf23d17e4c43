import { mkdtempSync, readdirSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { PROJECT_DIR } from '../dev/n8n';
import { cleanEnvironment, run } from '../dev/n8n/processes';
import { folderForThisProcess } from '../dev/n8n/reaper';

/** A checkout of an earlier commit of this project, to measure its code against this tree's in the same run. */
export interface CommitTree {
	commit: string;
	/** The checkout, with this project's node_modules linked in: its TypeScript can be loaded as it is, or built. */
	dir: string;
	/** `npm pack` of the commit's package (built in the checkout), as n8n installs it. */
	pack(): Promise<string>;
	remove(): Promise<void>;
}

/** A git worktree of `commit` (detached) in a temporary folder; `remove` takes it out of the repository again. */
export async function commitTree(commit: string): Promise<CommitTree> {
	const dir = mkdtempSync(join(tmpdir(), 'bench-commit-'));
	await run('git', ['-C', PROJECT_DIR, 'worktree', 'add', '--detach', dir, commit], { timeoutMs: 60_000 });
	symlinkSync(join(PROJECT_DIR, 'node_modules'), join(dir, 'node_modules'));
	return {
		commit,
		dir,
		async pack() {
			// the tarball outlives the checkout, and this process's reaper removes it
			const destination = folderForThisProcess('bench-commit-pack-');
			const options = { cwd: dir, timeoutMs: 10 * 60_000, env: cleanEnvironment() };
			await run('npm', ['run', 'build', '--silent'], options);
			await run('npm', ['pack', '--silent', '--pack-destination', destination], options);
			const tarball = readdirSync(destination).find((file) => file.endsWith('.tgz'));
			if (!tarball) throw new Error(`npm pack wrote no tarball for ${commit}`);
			return join(destination, tarball);
		},
		async remove() {
			await run('git', ['-C', PROJECT_DIR, 'worktree', 'remove', '--force', dir], { timeoutMs: 60_000 });
		},
	};
}

/** The package built from `commit`. */
export async function packCommit(commit: string): Promise<string> {
	const tree = await commitTree(commit);
	try {
		return await tree.pack();
	} finally {
		await tree.remove();
	}
}
