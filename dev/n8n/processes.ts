import { spawn } from 'child_process';
import type { ChildProcess, SpawnOptions } from 'child_process';

import { groupMembers } from './processTable';
import { holdReaper } from './reaper';

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

export interface RunOptions extends SpawnOptions {
	timeoutMs: number;
	/** Leave the services it starts running after it (apt-get starting a package's service): they carry no reaper tag. */
	startsServices?: boolean;
}

/**
 * Runs a command to completion within `timeoutMs`; rejects with its output when it fails. What it starts (npm's
 * scripts, pg_ctl's server until its caller holds it) is stopped by the reaper if this process dies meanwhile.
 */
export function run(command: string, args: string[], options: RunOptions): Promise<CommandResult> {
	return new Promise((resolve, reject) => {
		const hold = options.startsServices ? undefined : holdReaper();
		const env = { ...(options.env ?? process.env), ...hold?.env };
		const child = spawn(command, args, { ...options, env, stdio: ['ignore', 'pipe', 'pipe'] });
		if (child.pid !== undefined) hold?.guard(child.pid);
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			hold?.release();
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			hold?.release();
			if (code === 0) return resolve({ stdout, stderr });
			const why = signal ? `was killed (${signal}) after ${options.timeoutMs} ms` : `exited with ${code}`;
			reject(new Error(`${command} ${args.join(' ')} ${why}\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`));
		});
	});
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until no process of group `pgid` runs, for up to `timeoutMs`; whether it is empty. */
export async function groupEnded(pgid: number, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (groupMembers(pgid).length > 0) {
		if (Date.now() > deadline) return false;
		await pause(50);
	}
	return true;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// the group ended meanwhile
	}
}

/**
 * Stops a child that leads a process group of its own (spawned detached) and everything in its group: `signal` to the
 * group, SIGKILL to what still runs after `graceMs`; resolves once nothing of the group runs.
 */
export async function stopGroup(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
	const pgid = child.pid;
	if (pgid === undefined || groupMembers(pgid).length === 0) return;
	signalGroup(pgid, signal);
	if (await groupEnded(pgid, graceMs)) return;
	signalGroup(pgid, 'SIGKILL');
	if (!(await groupEnded(pgid, 10_000))) throw new Error(`process group ${pgid} still runs after SIGKILL`);
}
