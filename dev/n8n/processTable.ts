import { readdirSync, readFileSync, readlinkSync } from 'fs';

/** One process as Linux's /proc shows it. */
export interface ProcessEntry {
	pid: number;
	ppid: number;
	/** Its process group. */
	pgid: number;
	/** `Z` for a zombie: exited, not yet reaped by its parent, so no longer running. */
	state: string;
	/** Clock ticks after boot at which it started: with the pid, who it is (a pid is reused, the pair is not). */
	startTime: number;
}

function read(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined; // gone meanwhile, or not ours to read
	}
}

/** `/proc/<pid>/stat`; the command name in parentheses may itself hold spaces and parentheses. */
export function processEntry(pid: number): ProcessEntry | undefined {
	const stat = read(`/proc/${pid}/stat`);
	if (!stat) return undefined;
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return { pid, state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), startTime: Number(fields[19]) };
}

/** Every process on the machine, zombies included. */
export function processTable(): ProcessEntry[] {
	return readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.map((name) => processEntry(Number(name)))
		.filter((entry): entry is ProcessEntry => entry !== undefined);
}

/** Whether `pid` is the process that had `startTime` and it has not exited. */
export function isRunning(pid: number, startTime?: number): boolean {
	const entry = processEntry(pid);
	return entry !== undefined && entry.state !== 'Z' && (startTime === undefined || entry.startTime === startTime);
}

/** The processes of group `pgid` that still run. */
export function groupMembers(pgid: number): ProcessEntry[] {
	return processTable().filter((entry) => entry.pgid === pgid && entry.state !== 'Z');
}

export function commandLine(pid: number): string {
	return (read(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ').trim();
}

/** The environment a process was started with (empty when it is not ours to read). */
export function environment(pid: number): Record<string, string> {
	const variables: Record<string, string> = {};
	for (const pair of (read(`/proc/${pid}/environ`) ?? '').split('\0')) {
		const at = pair.indexOf('=');
		if (at > 0) variables[pair.slice(0, at)] = pair.slice(at + 1);
	}
	return variables;
}

export function workingDirectory(pid: number): string | undefined {
	try {
		return readlinkSync(`/proc/${pid}/cwd`);
	} catch {
		return undefined;
	}
}
