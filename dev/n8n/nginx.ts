import type { ChildProcess } from 'child_process';
import { spawn } from 'child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { freePort } from './instance';
import { stopGroup } from './processes';
import { holdReaper } from './reaper';

/** Where nginx sends a request: the main (editor, API, test webhooks) and the webhook processes. */
export interface NginxUpstreams {
	main: string;
	webhooks: string[];
}

/**
 * The `http {}` part that the README gives to copy: production webhooks hashed by path over the webhook
 * processes (one path, one process, so one trigger's deliveries meet one process's memory), everything
 * else to the main. nginx's default `proxy_next_upstream error timeout` is kept: a POST is passed to the
 * other process only when it never reached the first (refused connection, connect timeout), never after
 * it was sent, so no delivery runs twice because of nginx.
 */
export function webhookRouting({ main, webhooks }: NginxUpstreams, listen: string): string {
	return `upstream n8n_webhooks {
    hash $uri consistent;
${webhooks.map((address) => `    server ${address};`).join('\n')}
}
upstream n8n_main {
    server ${main};
}
server {
    listen ${listen};
    client_max_body_size 2m;
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    location /webhook/ {
        proxy_pass http://n8n_webhooks;
    }
    location / {
        proxy_pass http://n8n_main;
    }
}`;
}

/** One line per request: the path and query, nginx's answer, and each upstream tried with its answer. */
const ACCESS_LOG_FORMAT = `'$uri "$args" $status "$upstream_addr" "$upstream_status"'`;

export interface NginxAccess {
	path: string;
	query: string;
	status: number;
	/** The upstreams nginx tried, in order (`127.0.0.1:port`); more than one when it passed the request on. */
	upstreams: string[];
	upstreamStatuses: string[];
}

export interface NginxServer {
	baseUrl: string;
	port: number;
	/** nginx's master process, which leads the group of its workers. */
	pid: number;
	accessLog: string;
	/** The access log so far, parsed. */
	accesses(): NginxAccess[];
	stop(): Promise<void>;
}

function parseAccessLine(line: string): NginxAccess | undefined {
	const match = /^(\S+) "([^"]*)" (\d{3}) "([^"]*)" "([^"]*)"$/.exec(line);
	if (!match) return undefined;
	// nginx separates servers tried in turn with ", " (and requests redirected internally with " : ")
	const split = (value: string) => (value === '-' ? [] : value.split(/\s*[,:]\s+/).filter(Boolean));
	return { path: match[1], query: match[2] === '-' ? '' : match[2], status: Number(match[3]), upstreams: split(match[4]), upstreamStatuses: split(match[5]) };
}

/**
 * Debian's nginx on 127.0.0.1, run in the foreground with a configuration, logs and temporary files in
 * a folder of its own, as the tests run PostgreSQL and Redis.
 */
export async function startNginx(upstreams: NginxUpstreams, port?: number): Promise<NginxServer> {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-nginx-'));
	// run as root, nginx's workers drop to `nobody`, which must reach the temporary folders inside
	chmodSync(folder, 0o755);
	const listenPort = port ?? (await freePort());
	const accessLog = join(folder, 'access.log');
	const config = join(folder, 'nginx.conf');
	writeFileSync(
		config,
		`daemon off;
worker_processes 1;
pid ${join(folder, 'nginx.pid')};
error_log ${join(folder, 'error.log')} warn;
events { worker_connections 1024; }
http {
    log_format upstreams ${ACCESS_LOG_FORMAT};
    access_log ${accessLog} upstreams;
    client_body_temp_path ${join(folder, 'client_body')};
    proxy_temp_path ${join(folder, 'proxy')};
    fastcgi_temp_path ${join(folder, 'fastcgi')};
    uwsgi_temp_path ${join(folder, 'uwsgi')};
    scgi_temp_path ${join(folder, 'scgi')};
${webhookRouting(upstreams, `127.0.0.1:${listenPort}`)
	.split('\n')
	.map((line) => `    ${line}`)
	.join('\n')}
}
`,
	);
	const hold = holdReaper();
	hold.guardFolder(folder);
	const child: ChildProcess = spawn('nginx', ['-p', folder, '-c', config, '-e', join(folder, 'error.log')], {
		stdio: ['ignore', 'ignore', 'pipe'],
		env: { ...process.env, ...hold.env },
		// a group of its own, master and workers (whose environment nginx rewrites): its reaper stops them all
		detached: true,
	});
	// SIGQUIT: nginx's graceful stop
	if (child.pid !== undefined) hold.guard(child.pid, { group: true, signal: 'SIGQUIT' });
	child.unref();
	(child.stderr as unknown as { unref?(): void } | null)?.unref?.();
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const spawnFailed = new Promise<never>((_, reject) =>
		child.once('error', (error) => reject(new Error(`nginx did not start (apt-get install -y nginx): ${error.message}`))),
	);
	const stop = async () => {
		await stopGroup(child, 'SIGQUIT', 10_000);
		if (process.env.KEEP_N8N_USER_FOLDER) process.stderr.write(`nginx folder kept: ${folder}\n`);
		else rmSync(folder, { recursive: true, force: true });
		hold.release();
	};
	const baseUrl = `http://127.0.0.1:${listenPort}`;
	const deadline = Date.now() + 15_000;
	const answers = () =>
		fetch(`${baseUrl}/nginx-is-up`, { signal: AbortSignal.timeout(1000) }).then(
			() => true,
			() => false,
		);
	while (!(await Promise.race([answers(), spawnFailed]))) {
		if (Date.now() > deadline || child.exitCode !== null) {
			await stop();
			throw new Error(`nginx did not answer on port ${listenPort}: ${stderr}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return {
		baseUrl,
		port: listenPort,
		pid: child.pid!,
		accessLog,
		accesses: () =>
			existsSync(accessLog)
				? readFileSync(accessLog, 'utf8')
						.split('\n')
						.map(parseAccessLine)
						.filter((access): access is NginxAccess => access !== undefined)
				: [],
		stop,
	};
}
