import { spawn } from 'child_process';
import type { SpawnOptions } from 'child_process';

export interface CommandResult {
	stdout: string;
	stderr: string;
}

/**
 * The environment for a child npm or n8n: without the `npm_*` variables that `npm test` exports, which
 * would leak this project's settings (such as `ignore-scripts`) into another install, and without the
 * `NODE_ENV=test` and `JEST_*` that jest sets, under which n8n exits silently at start.
 */
export function cleanEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!/^(npm_|JEST_)/i.test(name) && name !== 'NODE_ENV') env[name] = value;
	}
	return { ...env, ...extra };
}

/** Runs a command to completion within `timeoutMs`; rejects with its output when it fails. */
export function run(
	command: string,
	args: string[],
	options: SpawnOptions & { timeoutMs: number },
): Promise<CommandResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) return resolve({ stdout, stderr });
			const why = signal ? `was killed (${signal}) after ${options.timeoutMs} ms` : `exited with ${code}`;
			reject(new Error(`${command} ${args.join(' ')} ${why}\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`));
		});
	});
}
