import type { ChildProcess } from 'child_process';
import { spawn } from 'child_process';
import { randomUUID } from 'crypto';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { processEntry } from './processTable';

/**
 * Nothing the kit starts outlives the process that started it. Every n8n, PostgreSQL, Redis, nginx, Chromium and
 * command the kit runs is started under a `Hold`: it carries the environment variable `N8N_KIT_REAPER` naming a
 * reaper (dev/n8n/reaperProcess.js), a small detached process bound to this one by a pipe, which is told each process (and
 * whether to stop its whole process group, with which signal) and each folder. Stopping normally releases them. When
 * this process dies first (Ctrl+C to `npm test`, a SIGTERM to jest, jest ending a worker that still had n8n running,
 * a SIGKILL) the pipe closes and the reaper stops what is still held, and anything else carrying its tag (the
 * descendants, or a process started an instant before its guard was sent), then removes the folders.
 *
 * A pipe rather than a registry on disk polled by a watchdog: its end is the client's death, however it died, and
 * needs neither polling nor care for reused pids; each run's processes carry their own reaper's tag, so a second run
 * on the machine never touches the first's. A jest worker is not killed with its jest (a SIGTERM to jest alone leaves
 * it running its file), so a worker's reaper also watches the worker's jest, and when it is gone stops the worker too.
 */

const TAG_VARIABLE = 'N8N_KIT_REAPER';
const REAPER_SCRIPT = join(__dirname, 'reaperProcess.js');

interface Reaper {
	tag: string;
	child: ChildProcess;
	holds: number;
}

let reaper: Reaper | undefined;
let nextId = 1;

/** A jest worker (jest-worker's child) is ended by its jest, not killed with it: its reaper watches that jest. */
function jestOfThisWorker(): number | undefined {
	return /jest-worker[/\\]/.test(process.argv[1] ?? '') ? process.ppid : undefined;
}

function startReaper(): Reaper {
	const tag = randomUUID();
	const env = { ...process.env };
	delete env[TAG_VARIABLE];
	const jest = jestOfThisWorker();
	const args = [REAPER_SCRIPT, String(process.pid), tag, ...(jest ? [String(jest)] : [])];
	const child = spawn(process.execPath, args, { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env });
	// neither the reaper nor its pipe keeps this process alive: its exit is what the reaper waits for
	child.unref();
	(child.stdin as unknown as { unref(): void }).unref();
	child.stdin!.on('error', () => undefined);
	return { tag, child, holds: 0 };
}

function send(to: Reaper, message: object): void {
	to.child.stdin!.write(`${JSON.stringify(message)}\n`);
}

export interface GuardOptions {
	/** Stop the process's whole group (it was started detached, leading a group of its own). */
	group?: boolean;
	/** How it stops gracefully; the reaper sends SIGKILL 10 s later to what still runs. */
	signal?: NodeJS.Signals;
}

export interface Hold {
	/** The environment variable to start processes with, so that the reaper finds them and their descendants. */
	env: Record<string, string>;
	/** Stops `pid` if this process dies before the hold is released. */
	guard(pid: number, options?: GuardOptions): void;
	/** Removes `path` if this process dies before the hold is released (unless KEEP_N8N_USER_FOLDER is set). */
	guardFolder(path: string): void;
	/** What it holds was stopped (or never started): the reaper forgets it. */
	release(): void;
}

/** Opens a hold; the reaper runs while any hold of this process is open. */
export function holdReaper(): Hold {
	reaper ??= startReaper();
	const current = reaper;
	current.holds++;
	const ids: number[] = [];
	let released = false;
	return {
		env: { [TAG_VARIABLE]: current.tag },
		guard(pid, { group = false, signal = 'SIGTERM' } = {}) {
			const id = nextId++;
			ids.push(id);
			send(current, { guard: { id, pid, group, signal, startTime: processEntry(pid)?.startTime } });
		},
		guardFolder(path) {
			const id = nextId++;
			ids.push(id);
			send(current, { folder: { id, path } });
		},
		release() {
			if (released) return;
			released = true;
			for (const id of ids) send(current, { release: id });
			if (--current.holds > 0) return;
			// nothing held: the reaper exits (stopping whatever still carries its tag, which nothing should)
			current.child.stdin!.end();
			if (reaper === current) reaper = undefined;
		},
	};
}

/** A new temporary folder that lives as long as this process: its reaper removes it when the process exits, however. */
export function folderForThisProcess(prefix: string): string {
	const folder = mkdtempSync(join(tmpdir(), prefix));
	holdReaper().guardFolder(folder);
	return folder;
}
