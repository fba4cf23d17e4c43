import type { ChildProcess } from 'child_process';
import { spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { createConnection } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

import { freePort } from './instance';

export interface RedisServer {
	host: string;
	port: number;
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
	const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', folder, '--save', '', '--appendonly', 'no'], {
		stdio: 'ignore',
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const spawnFailed = new Promise<never>((_, reject) =>
		child.once('error', (error) => reject(new Error(`redis-server did not start (apt-get install -y redis-server): ${error.message}`))),
	);
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			await exited;
		}
		rmSync(folder, { recursive: true, force: true });
	};
	const deadline = Date.now() + 15_000;
	while (!(await Promise.race([answersPing(port), spawnFailed]))) {
		if (Date.now() > deadline || child.exitCode !== null) {
			await stop();
			throw new Error(`redis-server did not answer on port ${port}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return { host: '127.0.0.1', port, stop };
}
