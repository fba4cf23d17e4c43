import { existsSync } from 'fs';

import { run } from './processes';

/** A file a Debian package installs, and the package. */
export interface DebianRequirement {
	file: string;
	debianPackage: string;
	/** A service the package starts on install that the tests do not want (they start their own, on 127.0.0.1). */
	unwantedService?: string;
}

export const CHROMIUM: DebianRequirement = { file: '/usr/bin/chromium', debianPackage: 'chromium' };
export const REDIS: DebianRequirement = { file: '/usr/bin/redis-server', debianPackage: 'redis-server' };
export const POSTGRESQL: DebianRequirement = { file: '/usr/lib/postgresql', debianPackage: 'postgresql' };
// Debian's nginx starts its default site on port 80 of every interface where services may start
export const NGINX: DebianRequirement = { file: '/usr/sbin/nginx', debianPackage: 'nginx', unwantedService: 'nginx' };

/**
 * Installs what is missing from Debian's repositories, as the suite installs Node 24 and n8n from npm, so
 * `npm test` runs on a fresh machine. Installing needs root; otherwise the error names the command.
 */
export async function ensureDebianPackages(...requirements: DebianRequirement[]): Promise<void> {
	const missingRequirements = requirements.filter((requirement) => !existsSync(requirement.file));
	const missing = missingRequirements.map((requirement) => requirement.debianPackage);
	if (missing.length === 0) return;
	if (process.getuid?.() !== 0) {
		throw new Error(`The tests need Debian's ${missing.join(', ')}: run \`sudo apt-get install -y ${missing.join(' ')}\` once, then run them again.`);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await run('apt-get', ['update', '-qq'], { env, timeoutMs: 10 * 60_000 });
	await run('apt-get', ['install', '-y', '-qq', ...missing], { env, timeoutMs: 20 * 60_000, startsServices: true });
	for (const { unwantedService } of missingRequirements) {
		if (unwantedService) await run('invoke-rc.d', [unwantedService, 'stop'], { env, timeoutMs: 60_000, startsServices: true }).catch(() => undefined);
	}
}
