import type { ChildProcess } from 'child_process';
import { spawn } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { PROJECT_DIR } from '../../dev/n8n';
import { cleanEnvironment } from '../../dev/n8n/processes';
import { commandLine, environment, isRunning, processTable, workingDirectory } from '../../dev/n8n/processTable';
import { startRedis } from '../../dev/n8n/redis';
import type { RedisServer } from '../../dev/n8n/redis';
import type { Started } from './fixtures/record';

/**
 * A test run leaves nothing behind, however it ends. A small jest run of test/kit/fixtures/ starts what the suite
 * starts, where the suite starts it: an n8n in jest's own process (as the e2e global setup does), an n8n in a test file,
 * and PostgreSQL, Redis, nginx and Chromium in another test file, each in a jest worker. Once all run, the run is
 * stopped as a user stops it: Ctrl+C (SIGINT to the process group of `npm test`), or a SIGTERM to jest alone (its
 * workers get nothing); or its tests fail before their teardown and jest ends by itself. Then no process of those is
 * left: looked up by pid (with its start time), by process group, by the folders and ports only they use (in a command
 * line, a working directory or N8N_USER_FOLDER) and by the kit's tag in their environment, nor any jest worker or
 * reaper of the run, and their folders are gone. A Redis this test started itself, the way another run on the machine
 * would, still runs.
 */

const FIXTURES = ['jest', 'n8n-worker', 'services-worker'];
const JEST = join(PROJECT_DIR, 'node_modules', 'jest', 'bin', 'jest.js');

/** The fixture run's jest configuration: one project, transformed as jest.config.js transforms the others. */
function fixtureConfig(): string {
	const { projects } = require(join(PROJECT_DIR, 'jest.config.js')) as { projects: Array<{ transform: unknown }> };
	return JSON.stringify({
		rootDir: PROJECT_DIR,
		displayName: 'kit-fixtures',
		testEnvironment: 'node',
		transform: projects[0].transform,
		testMatch: ['<rootDir>/test/kit/fixtures/*.fixture.ts'],
		globalSetup: '<rootDir>/test/kit/fixtures/globalSetup.ts',
	});
}

interface Run {
	child: ChildProcess;
	records: string;
	output(): string;
	exited: Promise<void>;
}

/**
 * Starts the fixture run as its own process group, as a terminal starts a command: `npm test`, or jest itself; with
 * `endsByItself`, its tests fail at once and leave what they started running.
 */
function startRun(command: 'npm test' | 'jest', { endsByItself = false } = {}): Run {
	const records = mkdtempSync(join(tmpdir(), 'n8n-kit-leftovers-'));
	// two files, two workers: jest runs them in workers, not in its own process
	const jestArgs = ['--config', fixtureConfig(), '--maxWorkers=2'];
	const [file, args] = command === 'npm test' ? ['npm', ['test', '--', ...jestArgs]] : [process.execPath, [JEST, ...jestArgs]];
	const child = spawn(file, args, {
		cwd: PROJECT_DIR,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: cleanEnvironment({ KIT_RECORD_DIR: records, N8N_KIT_REAPER_LOG: join(records, 'reapers.log'), KIT_RUN_ENDS: endsByItself ? '1' : '0' }),
	});
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	return { child, records, output: () => output, exited };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What each fixture started, once all three have written it. */
async function started(run: Run, timeoutMs = 240_000): Promise<Started[]> {
	const deadline = Date.now() + timeoutMs;
	const files = () => FIXTURES.map((role) => join(run.records, `${role}.json`));
	while (!files().every(existsSync)) {
		if (run.child.exitCode !== null || run.child.signalCode !== null) throw new Error(`the fixture run ended before starting everything:\n${run.output()}`);
		if (Date.now() > deadline) throw new Error(`the fixture run did not start everything within ${timeoutMs} ms:\n${run.output()}`);
		await pause(200);
	}
	return files().map((file) => JSON.parse(readFileSync(file, 'utf8')) as Started);
}

/** Every running process that belongs to what the fixtures started, with why it counts, and its command line. */
function leftovers(records: Started[]): string[] {
	const processes = records.flatMap((record) => record.processes);
	const clients = records.map((record) => record.client);
	const marks = records.flatMap((record) => record.marks);
	const tags = records.map((record) => record.tag);
	const left: string[] = [];
	for (const entry of processTable()) {
		if (entry.state === 'Z' || entry.pid === process.pid) continue;
		const command = commandLine(entry.pid);
		const why = [
			...processes.filter((started) => started.pid === entry.pid && started.startTime === entry.startTime).map((started) => started.what),
			...processes.filter((started) => started.group && started.pid === entry.pgid).map((started) => `in the group of ${started.what}`),
			...clients.filter((client) => client.pid === entry.pid && client.startTime === entry.startTime).map(() => 'a jest process of the run'),
			...clients.filter((client) => /reaperProcess\.js/.test(command) && command.split(' ')[2] === String(client.pid)).map(() => 'a reaper of the run'),
			...marks.filter((mark) => command.includes(mark) || workingDirectory(entry.pid)?.startsWith(mark) || environment(entry.pid).N8N_USER_FOLDER === mark).map((mark) => `uses ${mark}`),
			...tags.filter((tag) => environment(entry.pid).N8N_KIT_REAPER === tag).map(() => 'started by the run'),
		];
		if (why.length > 0) left.push(`${entry.pid} (${why.join('; ')}): ${command}`);
	}
	return left;
}

/** Waits until nothing of the run is left, for up to `timeoutMs` (the reapers give n8n 10 s to stop); what is left then. */
async function leftAfter(records: Started[], timeoutMs = 60_000): Promise<string[]> {
	const deadline = Date.now() + timeoutMs;
	while (leftovers(records).length > 0 && Date.now() < deadline) await pause(250);
	return leftovers(records);
}

describe('a test run leaves no process behind, however it ends', () => {
	let otherRun: RedisServer;
	const runs: Run[] = [];

	beforeAll(async () => {
		otherRun = await startRedis();
	});

	afterAll(async () => {
		for (const run of runs) {
			// a run this test could not stop as a user would: its reapers stop what it started
			if (run.child.exitCode === null && run.child.signalCode === null) process.kill(-run.child.pid!, 'SIGKILL');
			rmSync(run.records, { recursive: true, force: true });
		}
		await otherRun?.stop();
	});

	async function expectStoppedCleanly(run: Run, stop: () => void): Promise<void> {
		runs.push(run);
		const records = await started(run);
		const everything = records.flatMap((record) => record.processes);
		// a run that ends by itself may have ended some already
		if (run.child.exitCode === null) expect(everything.filter((started) => !isRunning(started.pid, started.startTime))).toEqual([]);

		stop();
		await run.exited;
		const left = await leftAfter(records);
		const reapers = existsSync(join(run.records, 'reapers.log')) ? readFileSync(join(run.records, 'reapers.log'), 'utf8') : '(no reaper log)';
		expect({ left, reapers: left.length > 0 ? reapers : '' }).toEqual({ left: [], reapers: '' });
		expect(isRunning(otherRun.pid)).toBe(true);
		// the folders too: n8n's user folders, PostgreSQL's, Redis's, nginx's, Chromium's profile
		expect(records.flatMap((record) => record.marks).filter((mark) => mark.startsWith('/') && existsSync(mark))).toEqual([]);
	}

	it('after Ctrl+C of `npm test` (SIGINT to its process group)', async () => {
		const run = startRun('npm test');
		await expectStoppedCleanly(run, () => process.kill(-run.child.pid!, 'SIGINT'));
	}, 360_000);

	it('after a SIGTERM to jest alone, which leaves its workers running', async () => {
		const run = startRun('jest');
		await expectStoppedCleanly(run, () => process.kill(run.child.pid!, 'SIGTERM'));
	}, 360_000);

	it('after jest ends by itself, its tests having failed before their teardown stopped anything', async () => {
		const run = startRun('jest', { endsByItself: true });
		await expectStoppedCleanly(run, () => undefined);
		expect(run.child.exitCode).toBe(1);
	}, 360_000);
});
