import { spawnSync } from 'child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { freePort } from './instance';
import { groupEnded, run } from './processes';
import { holdReaper } from './reaper';

export interface PostgresServer {
	host: string;
	port: number;
	user: string;
	database: string;
	/** Every data-changing statement, prefixed with the `application_name` of the session that ran it. */
	logFile: string;
	stop(): Promise<void>;
}

/** Debian's PostgreSQL (the newest major installed under /usr/lib/postgresql). */
function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))) : [];
	if (versions.length === 0) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)');
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
	return join(root, newest, 'bin');
}

/** PostgreSQL refuses to run as root: then its commands run as the `postgres` account the package creates. */
function asServerUser(command: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function serverUserIds(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
	return { uid: id('-u'), gid: id('-g') };
}

/**
 * A throwaway PostgreSQL on 127.0.0.1: a fresh cluster in a temporary folder, trust authentication,
 * no fsync (its data dies with the test run), and a log of every data-changing statement by session
 * name, so a test can tell which n8n process wrote what.
 */
export async function startPostgres(): Promise<PostgresServer> {
	const bin = postgresBin();
	const hold = holdReaper();
	const folder = mkdtempSync(join(tmpdir(), 'n8n-postgres-'));
	hold.guardFolder(folder);
	const owner = serverUserIds();
	if (owner) chownSync(folder, owner.uid, owner.gid);
	const data = join(folder, 'data');
	const logFile = join(folder, 'postgres.log');
	const port = await freePort();
	const ctl = (args: string[]) => {
		const [command, fullArgs] = asServerUser(join(bin, 'pg_ctl'), args);
		return run(command, fullArgs, { timeoutMs: 60_000 });
	};
	const [initdb, initdbArgs] = asServerUser(join(bin, 'initdb'), ['-D', data, '--auth=trust', '--username=postgres', '--no-sync', '-E', 'UTF8']);
	const settings = [
		`-p ${port}`,
		`-k ${folder}`,
		'-c listen_addresses=127.0.0.1',
		'-c fsync=off',
		'-c synchronous_commit=off',
		'-c full_page_writes=off',
		'-c log_statement=mod',
		"-c log_line_prefix='[%a] '",
	].join(' ');
	let server: number;
	try {
		await run(initdb, initdbArgs, { timeoutMs: 60_000 });
		await ctl(['-D', data, '-l', logFile, '-w', '-o', settings, 'start']);
		// pg_ctl starts the server in a session of its own; SIGQUIT is its immediate shutdown, as `pg_ctl -m immediate`
		server = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
		hold.guard(server, { group: true, signal: 'SIGQUIT' });
	} catch (error) {
		await ctl(['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
		rmSync(folder, { recursive: true, force: true });
		hold.release();
		throw error;
	}
	return {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		database: 'postgres',
		logFile,
		stop: async () => {
			await ctl(['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
			await groupEnded(server, 10_000);
			if (process.env.KEEP_N8N_USER_FOLDER) process.stderr.write(`PostgreSQL folder kept: ${folder}\n`);
			else rmSync(folder, { recursive: true, force: true });
			hold.release();
		},
	};
}
