import type { ChildProcess } from 'child_process';
import { spawn } from 'child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

import { installCommunityPackage } from './communityPackage';
import { cleanEnvironment, stopGroup } from './processes';
import { holdReaper } from './reaper';
import type { N8nRuntime } from './runtime';

export const OWNER = { email: 'owner@example.com', password: 'Passw0rd!Passw0rd' };
const ENCRYPTION_KEY = 'marketplace-webhooks-e2e-encryption-key';

export interface StartOptions {
	/**
	 * Which n8n process: the main (`start`, the default), or in queue mode a webhook process (`webhook`)
	 * or a worker (`worker`, whose port is its health-check server's).
	 */
	command?: 'start' | 'webhook' | 'worker';
	/** Packed community packages (`npm pack` output) to install before n8n starts. */
	packages?: string[];
	/** HTTP port; a free one when omitted. */
	port?: number;
	/** Persistent user folder; a fresh copy of the pre-migrated template when omitted. */
	userFolder?: string;
	/** Serve the editor UI (off for tests: it copies 46 MB at every start). */
	editor?: boolean;
	owner?: { email: string; password: string };
	env?: Record<string, string>;
	readyTimeoutMs?: number;
}

export interface N8nInstance {
	baseUrl: string;
	port: number;
	userFolder: string;
	logFile: string;
	owner: { email: string; password: string };
	process: ChildProcess;
	/** In queue mode, the webhook processes that take this main's production webhooks (it takes none itself). */
	webhookProcesses?: N8nInstance[];
	/** Milliseconds from starting the n8n process until it reported ready. */
	readyMs: number;
	stop(): Promise<void>;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

function passwordHash(runtime: N8nRuntime, password: string): string {
	// bcryptjs is plain JavaScript; n8n's own copy is used so the hash is what n8n expects.
	const bcrypt = require(join(runtime.n8nModules, 'bcryptjs')) as { hashSync(value: string, rounds: number): string };
	return bcrypt.hashSync(password, 10);
}

/**
 * What n8n 1.x and 2.x name differently (RECIPE.md §6): 1.x reads `WEBHOOK_URL`, runs Code nodes in-process
 * unless task runners are enabled, warns without a SQLite pool, knows no `mcp-registry` module (naming one
 * it does not know stops its start) and has no owner from the environment (see `setUpOwner`).
 */
function releaseEnvironment(runtime: N8nRuntime, port: number, owner: { email: string; password: string }): Record<string, string> {
	if (runtime.major === 1) {
		return { WEBHOOK_URL: `http://127.0.0.1:${port}/`, N8N_RUNNERS_ENABLED: 'true', DB_SQLITE_POOL_SIZE: '2' };
	}
	return {
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: passwordHash(runtime, owner.password),
	};
}

/** The environment of a headless n8n on 127.0.0.1 that phones nowhere (../shared/n8n-runtime/RECIPE.md §2). */
function n8nEnvironment(runtime: N8nRuntime, userFolder: string, port: number, brokerPort: number, options: StartOptions) {
	const owner = options.owner ?? OWNER;
	return cleanEnvironment({
		PATH: `${runtime.nodeBin}:${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		...(options.command === 'worker' && {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(port),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		}),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_MODE: 'internal',
		N8N_PYTHON_ENABLED: 'false',
		N8N_RUNNERS_TASK_TIMEOUT: '60',
		DB_TYPE: 'sqlite',
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DISABLE_UI: options.editor ? 'false' : 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		...releaseEnvironment(runtime, port, owner),
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
		N8N_LOG_OUTPUT: 'console',
		NODE_COMPILE_CACHE: join(runtime.root, 'node-compile-cache'),
		...options.env,
	});
}

/** n8n 1.x answers its readiness check before its main has activated the workflows; this line follows that. */
const STARTED_LINE_1X = 'Editor is now accessible via';

async function waitUntilReady(baseUrl: string, child: ChildProcess, logFile: string, timeoutMs: number, startedLine?: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n exited while starting; last log lines:\n${tail(logFile)}`);
		}
		try {
			const response = await fetch(`${baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			const started = !startedLine || readFileSync(logFile, 'utf8').includes(startedLine);
			if (response.ok && (await response.text()).includes('ok') && started) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`n8n was not ready within ${timeoutMs} ms; last log lines:\n${tail(logFile)}`);
}

export function tail(file: string, lines = 40): string {
	return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '(no log)';
}

/** Starts n8n in `userFolder` (removed by the reaper if this process dies before `stop`, when `ownsFolder`). */
async function boot(runtime: N8nRuntime, userFolder: string, options: StartOptions, ownsFolder = false): Promise<N8nInstance> {
	const port = options.port ?? (await freePort());
	let brokerPort = await freePort();
	while (brokerPort === port) brokerPort = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const logFile = join(userFolder, 'n8n.log');
	const log = createWriteStream(logFile, { flags: 'a' });
	const spawnedAt = Date.now();
	const hold = holdReaper();
	const child = spawn(runtime.nodeExecutable, [runtime.n8nBin, options.command ?? 'start'], {
		cwd: userFolder,
		env: { ...n8nEnvironment(runtime, userFolder, port, brokerPort, options), ...hold.env },
		stdio: ['ignore', 'pipe', 'pipe'],
		// a group of its own: n8n and its task runner, stopped together, and spared the Ctrl+C of the terminal (its reaper stops them)
		detached: true,
	});
	if (child.pid === undefined) hold.release();
	else hold.guard(child.pid, { group: true, signal: 'SIGTERM' });
	if (ownsFolder) hold.guardFolder(userFolder);
	const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
	child.stdout?.pipe(log);
	child.stderr?.pipe(log);
	// an n8n left running (a test that timed out before its teardown) keeps no jest alive: the reaper stops it when jest exits
	child.unref();
	for (const stream of [child.stdout, child.stderr]) (stream as unknown as { unref?(): void } | null)?.unref?.();
	const stop = async () => {
		// whoever awaits the stop is kept alive until n8n is gone: with nothing else pending, an unref'd child's close would end the process first
		child.ref();
		for (const stream of [child.stdout, child.stderr]) (stream as unknown as { ref?(): void } | null)?.ref?.();
		await stopGroup(child, 'SIGTERM', 10_000);
		if (child.pid !== undefined) await closed;
		log.end();
		hold.release();
	};
	const main = (options.command ?? 'start') === 'start';
	const owner = options.owner ?? OWNER;
	try {
		await waitUntilReady(baseUrl, child, logFile, options.readyTimeoutMs ?? 180_000, main && runtime.major === 1 ? STARTED_LINE_1X : undefined);
		if (main && runtime.major === 1) await setUpOwner(baseUrl, owner);
	} catch (error) {
		await stop();
		throw error;
	}
	const readyMs = Date.now() - spawnedAt;
	return { baseUrl, port, userFolder, logFile, owner, process: child, readyMs, stop };
}

/** n8n 1.x takes its owner from the setup form's route, once per database (2.x from the environment). */
async function setUpOwner(baseUrl: string, owner: { email: string; password: string }): Promise<void> {
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: owner.email, firstName: 'Test', lastName: 'Owner', password: owner.password }),
	});
	const text = await response.text();
	if (!response.ok && !text.includes('Instance owner already setup')) throw new Error(`setting up the owner answered ${response.status}: ${text}`);
}

/**
 * A user folder whose database is already migrated: copying it saves n8n's first-boot migrations
 * (about 3 s) at every start. Made once per runtime; it never holds community packages.
 */
async function ensureTemplate(runtime: N8nRuntime): Promise<string> {
	const template = join(runtime.root, 'template');
	if (existsSync(join(template, '.n8n', 'database.sqlite'))) return template;
	const scratch = mkdtempSync(join(tmpdir(), 'n8n-template-'));
	const instance = await boot(runtime, scratch, {}, true);
	await instance.stop();
	rmSync(join(scratch, '.n8n', 'nodes'), { recursive: true, force: true });
	rmSync(join(scratch, 'n8n.log'), { force: true });
	rmSync(template, { recursive: true, force: true });
	cpSync(scratch, template, { recursive: true });
	rmSync(scratch, { recursive: true, force: true });
	return template;
}

/** Starts n8n with the given packages installed as a user would install them, and waits until it is ready. */
export async function startN8n(runtime: N8nRuntime, options: StartOptions = {}): Promise<N8nInstance> {
	let userFolder = options.userFolder;
	if (!userFolder) {
		const template = await ensureTemplate(runtime);
		userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
		cpSync(template, userFolder, { recursive: true });
	}
	mkdirSync(userFolder, { recursive: true });
	for (const tarball of options.packages ?? []) await installCommunityPackage(runtime, userFolder, tarball);
	return boot(runtime, userFolder, options, !options.userFolder);
}
