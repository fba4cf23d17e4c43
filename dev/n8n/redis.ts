import type { ChildProcess } from 'child_process';
import { spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { createConnection } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

import { freePort } from './instance';
import { stopGroup } from './processes';
import { holdReaper } from './reaper';

export interface RedisServer {
	host: string;
	port: number;
	pid: number;
	stop(): Promise<void>;
}

function answersPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
		socket.setTimeout(1000, () => socket.destroy());
		socket.once('data', (reply) => {
			socket.destroy();
			resolve(reply.toString().startsWith('+PONG'));
		});
		socket.once('error', () => resolve(false));
		socket.once('close', () => resolve(false));
	});
}

/** A throwaway Redis (Debian's redis-server) on 127.0.0.1 that keeps nothing on disk. */
export async function startRedis(): Promise<RedisServer> {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-redis-'));
	const port = await freePort();
	const hold = holdReaper();
	hold.guardFolder(folder);
	const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', folder, '--save', '', '--appendonly', 'no'], {
		stdio: 'ignore',
		env: { ...process.env, ...hold.env },
		// stopped by its reaper, not by the Ctrl+C of the terminal, like every process the kit starts
		detached: true,
	});
	if (child.pid !== undefined) hold.guard(child.pid, { group: true, signal: 'SIGTERM' });
	child.unref();
	const spawnFailed = new Promise<never>((_, reject) =>
		child.once('error', (error) => reject(new Error(`redis-server did not start (apt-get install -y redis-server): ${error.message}`))),
	);
	const stop = async () => {
		await stopGroup(child, 'SIGTERM', 10_000);
		rmSync(folder, { recursive: true, force: true });
		hold.release();
	};
	const deadline = Date.now() + 15_000;
	while (!(await Promise.race([answersPing(port), spawnFailed]))) {
		if (Date.now() > deadline || child.exitCode !== null) {
			await stop();
			throw new Error(`redis-server did not answer on port ${port}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return { host: '127.0.0.1', port, pid: child.pid!, stop };
}
