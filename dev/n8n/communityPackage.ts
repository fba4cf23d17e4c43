import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

import { cleanEnvironment, run } from './processes';
import { folderForThisProcess } from './reaper';
import type { N8nRuntime } from './runtime';
import { npm24 } from './runtime';

export const PROJECT_DIR = resolve(__dirname, '..', '..');

interface PackageManifest {
	name: string;
	version: string;
	[field: string]: unknown;
}

/**
 * Builds this package and packs it as `npm publish` would; returns the tarball's path. Without a `destination`, the
 * tarball goes to a temporary folder removed when this process exits (the e2e global setup's, when jest exits).
 */
export async function packProject(destination = folderForThisProcess('n8n-pack-')): Promise<string> {
	const npm = process.env.npm_execpath && process.env.npm_execpath.endsWith('.js') ? [process.execPath, process.env.npm_execpath] : ['npm'];
	const [command, ...prefix] = npm;
	const options = { cwd: PROJECT_DIR, timeoutMs: 5 * 60_000, env: cleanEnvironment() };
	await run(command, [...prefix, 'run', 'build', '--silent'], options);
	await run(command, [...prefix, 'pack', '--silent', '--pack-destination', destination], options);
	const tarball = readdirSync(destination).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error(`npm pack wrote no tarball into ${destination}`);
	return join(destination, tarball);
}

/**
 * Installs a packed community package into `<userFolder>/.n8n/nodes` the way n8n's
 * CommunityPackagesService does for a package picked in Settings → Community Nodes: unpack, drop the
 * dev, peer and optional dependencies (n8n provides n8n-workflow and zod), install the rest without
 * scripts, and list the package in nodes/package.json. Node types are then `<package>.<node>`.
 */
export async function installCommunityPackage(runtime: N8nRuntime, userFolder: string, tarball: string): Promise<PackageManifest> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const staging = mkdtempSync(join(tmpdir(), 'n8n-unpack-'));
	await run('tar', ['-xzf', tarball, '-C', staging], { timeoutMs: 60_000 });
	const manifest = JSON.parse(readFileSync(join(staging, 'package', 'package.json'), 'utf8')) as PackageManifest;

	const target = join(nodesDir, 'node_modules', manifest.name);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(join(target, '..'), { recursive: true });
	await run('mv', [join(staging, 'package'), target], { timeoutMs: 60_000 });
	rmSync(staging, { recursive: true, force: true });

	const installed: PackageManifest = { ...manifest };
	delete installed.devDependencies;
	delete installed.peerDependencies;
	delete installed.optionalDependencies;
	writeFileSync(join(target, 'package.json'), JSON.stringify(installed, null, 2));
	await npm24(
		runtime,
		target,
		['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false', '--loglevel=error'],
		{},
		5 * 60_000,
	);

	const listPath = join(nodesDir, 'package.json');
	let list: { name: string; private: boolean; dependencies: Record<string, string> } = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		list = JSON.parse(readFileSync(listPath, 'utf8'));
	} catch {
		// first package in this user folder: start the list
	}
	list.dependencies = { ...list.dependencies, [manifest.name]: manifest.version };
	writeFileSync(listPath, JSON.stringify(list, null, 2));
	return manifest;
}
