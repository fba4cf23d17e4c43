'use strict';
/**
 * The reaper of one process of the test kit (its client), started by dev/n8n/reaper.ts: it stops what the client
 * started once the client is gone, however it went (a kill, Ctrl+C, a jest that ended its workers), and when the
 * client is a jest worker, stops the worker too once its jest is gone. Plain JavaScript, so that it starts in a few
 * milliseconds under any Node without a TypeScript loader; detached, in a session of its own, so that the Ctrl+C that
 * stops the client's process group leaves it running to clean up.
 *
 * `node reaperProcess.js <client pid> <tag> [<jest pid>]`. The client writes one JSON object a line on stdin:
 * `{"guard":{"id","pid","group","signal","startTime"}}`, `{"folder":{"id","path"}}`, `{"release":id}`.
 * The end of stdin (the client exited or closed it) starts the reaping: every process still guarded gets its signal
 * (its whole process group when `group`), and so does every process whose environment carries `N8N_KIT_REAPER=<tag>`
 * (what the client started, their descendants, a process started in the instant before its guard was written);
 * after 10 s what still runs gets SIGKILL; then the guarded folders are removed and the reaper exits.
 */
const { appendFileSync, readdirSync, readFileSync, rmSync } = require('fs');

const TAG_VARIABLE = 'N8N_KIT_REAPER';
const GRACE_MS = 10_000;
const KILL_WAIT_MS = 5_000;
const POLL_MS = 100;
const WATCH_MS = 250;

const [clientPid, tag, jestPid] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4]) || undefined];
const guards = new Map();
const folders = new Map();
let reaping = false;

function log(line) {
	if (process.env.N8N_KIT_REAPER_LOG) appendFileSync(process.env.N8N_KIT_REAPER_LOG, `${new Date().toISOString()} reaper ${process.pid} of ${clientPid}: ${line}\n`);
}

function entry(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return { pid, state: fields[0], pgid: Number(fields[2]), startTime: Number(fields[19]) };
	} catch {
		return undefined;
	}
}

function table() {
	return readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.map((name) => entry(Number(name)))
		.filter((found) => found !== undefined && found.state !== 'Z');
}

function running(pid, startTime) {
	const found = entry(pid);
	return found !== undefined && found.state !== 'Z' && (startTime === undefined || found.startTime === startTime);
}

function carriesTag(pid) {
	try {
		return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${TAG_VARIABLE}=${tag}`);
	} catch {
		return false;
	}
}

/** What still runs of what the client started: `[key, target (negative: a group), signal]`. */
function targets() {
	const processes = table();
	const found = new Map();
	for (const guard of guards.values()) {
		if (guard.group) {
			const leader = entry(guard.pid);
			// a leader with another start time: the pid, and so the group id, belongs to someone else now
			const ours = !leader || leader.startTime === guard.startTime;
			if (ours && processes.some((candidate) => candidate.pgid === guard.pid)) found.set(`g${guard.pid}`, [-guard.pid, guard.signal]);
		} else if (running(guard.pid, guard.startTime)) {
			found.set(`p${guard.pid}`, [guard.pid, guard.signal]);
		}
	}
	for (const candidate of processes) {
		if (candidate.pid === process.pid || !carriesTag(candidate.pid)) continue;
		const leads = candidate.pgid === candidate.pid;
		const key = leads ? `g${candidate.pid}` : `p${candidate.pid}`;
		if (!found.has(key)) found.set(key, [leads ? -candidate.pid : candidate.pid, 'SIGTERM']);
	}
	return found;
}

function signal(target, name) {
	try {
		process.kill(target, name);
	} catch {
		// gone meanwhile
	}
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function reap(why) {
	if (reaping) return;
	reaping = true;
	const signalled = new Set();
	const deadline = Date.now() + GRACE_MS;
	for (let left = targets(); left.size > 0; left = targets()) {
		if (Date.now() > deadline) break;
		for (const [key, [target, name]] of left) {
			if (signalled.has(key)) continue;
			signalled.add(key);
			log(`${why}: ${name} to ${target < 0 ? `group ${-target}` : `process ${target}`}`);
			signal(target, name);
		}
		await pause(POLL_MS);
	}
	const killDeadline = Date.now() + KILL_WAIT_MS;
	for (let left = targets(); left.size > 0 && Date.now() < killDeadline; left = targets()) {
		for (const [target] of left.values()) {
			log(`SIGKILL to ${target < 0 ? `group ${-target}` : `process ${target}`}`);
			signal(target, 'SIGKILL');
		}
		await pause(POLL_MS);
	}
	if (!process.env.KEEP_N8N_USER_FOLDER) {
		for (const path of folders.values()) rmSync(path, { recursive: true, force: true });
	}
	log(`done (${signalled.size} stopped)`);
	process.exit(0);
}

let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
	buffered += chunk;
	for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
		const message = JSON.parse(buffered.slice(0, end));
		buffered = buffered.slice(end + 1);
		if (message.guard) guards.set(message.guard.id, message.guard);
		if (message.folder) folders.set(message.folder.id, message.folder.path);
		if (message.release !== undefined) {
			guards.delete(message.release);
			folders.delete(message.release);
		}
	}
});
process.stdin.on('end', () => void reap('client gone'));
process.stdin.on('error', () => void reap('client gone'));

const clientStart = entry(clientPid)?.startTime;
const jestStart = jestPid === undefined ? undefined : entry(jestPid)?.startTime;
setInterval(() => {
	if (reaping) return;
	// a jest worker outlives its jest (a SIGTERM to jest alone) and would run its tests on: it goes with its jest
	if (jestPid !== undefined && !running(jestPid, jestStart) && running(clientPid, clientStart)) {
		log(`jest ${jestPid} gone: SIGKILL to its worker`);
		signal(clientPid, 'SIGKILL');
	}
	// the end of stdin says so first; this holds if a process the client started kept a copy of the pipe
	if (!running(clientPid, clientStart)) void reap('client gone');
}, WATCH_MS);
log(`watching (tag ${tag}${jestPid ? `, jest ${jestPid}` : ''})`);
