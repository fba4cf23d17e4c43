import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { installCommunityPackage } from './communityPackage';
import { ensureDebianPackages, NGINX, POSTGRESQL, REDIS } from './debianPackages';
import type { N8nInstance, StartOptions } from './instance';
import { freePort, startN8n } from './instance';
import type { NginxServer } from './nginx';
import { startNginx } from './nginx';
import type { PostgresServer } from './postgres';
import { startPostgres } from './postgres';
import type { RedisServer } from './redis';
import { startRedis } from './redis';
import { holdReaper } from './reaper';
import type { N8nRuntime } from './runtime';

export type QueueRole = 'main' | 'webhook-1' | 'webhook-2' | 'worker';

/**
 * n8n in queue mode as shops scale it out: one main, two webhook processes, one worker, and nginx in
 * front routing each webhook path to one webhook process (the README's configuration). nginx's URL is
 * n8n's public URL (`N8N_WEBHOOK_URL`), so the webhooks the main registers with a platform point at it.
 */
export interface QueueModeN8n {
	main: N8nInstance;
	webhooks: [N8nInstance, N8nInstance];
	worker: N8nInstance;
	postgres: PostgresServer;
	redis: RedisServer;
	nginx: NginxServer;
	/** Stops the main and starts it again on the same database, port and user folder. */
	restartMain(): Promise<N8nInstance>;
	stop(): Promise<void>;
}

/**
 * What every process of one queue-mode n8n shares: the database, Redis and the encryption key (set by
 * the kit for all). `PGAPPNAME` names each process's database sessions, so PostgreSQL's statement
 * log says which process wrote what.
 */
function queueEnvironment(postgres: PostgresServer, redis: RedisServer, publicUrl: string, role: QueueRole): Record<string, string> {
	return {
		N8N_WEBHOOK_URL: `${publicUrl}/`,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		// n8n pings its database every 2 s through the same pool and answers every request 503 "Database is not
		// ready" once a ping has waited 5 s: 40 deliveries at once to one process (what nginx does with one path's
		// burst) held a pool of 4 that long on 2 busy cores; a larger pool and a patient ping keep it answering
		DB_POSTGRESDB_POOL_SIZE: '10',
		DB_PING_TIMEOUT_MS: '20000',
		// behind nginx: one proxy in front
		N8N_PROXY_HOPS: '1',
		PGAPPNAME: `n8n-${role}`,
		// production webhooks go to the webhook processes only, as behind a load balancer
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
	};
}

/** A user folder for one process, with the packages the main's folder has installed. */
function userFolderLike(mainFolder: string, role: QueueRole): string {
	const folder = mkdtempSync(join(tmpdir(), `n8n-queue-${role}-`));
	mkdirSync(join(folder, '.n8n'), { recursive: true });
	cpSync(join(mainFolder, '.n8n', 'nodes'), join(folder, '.n8n', 'nodes'), { recursive: true });
	return folder;
}

/** `count` distinct free ports. */
async function freePorts(count: number): Promise<number[]> {
	const ports = new Set<number>();
	while (ports.size < count) ports.add(await freePort());
	return [...ports];
}

/**
 * Starts PostgreSQL, Redis, nginx and the four n8n processes, with the packed `packages` installed in
 * each process's user folder. The main starts first: it migrates the fresh database and creates the owner.
 */
export async function startQueueMode(runtime: N8nRuntime, { packages }: { packages: string[] }): Promise<QueueModeN8n> {
	await ensureDebianPackages(POSTGRESQL, REDIS, NGINX);
	const [mainPort, webhookOnePort, webhookTwoPort] = await freePorts(3);
	const [postgres, redis, nginx] = await Promise.all([
		startPostgres(),
		startRedis(),
		startNginx({ main: `127.0.0.1:${mainPort}`, webhooks: [webhookOnePort, webhookTwoPort].map((port) => `127.0.0.1:${port}`) }),
	]);
	const started: N8nInstance[] = [];
	// the user folders, removed by the reaper too if this process dies first
	const hold = holdReaper();
	const mainFolder = mkdtempSync(join(tmpdir(), 'n8n-queue-main-'));
	hold.guardFolder(mainFolder);
	const folders = [mainFolder];
	const stopAll = async () => {
		await Promise.all(started.map((instance) => instance.stop()));
		await Promise.all([postgres.stop(), redis.stop(), nginx.stop()]);
		if (!process.env.KEEP_N8N_USER_FOLDER) for (const folder of folders) rmSync(folder, { recursive: true, force: true });
		hold.release();
	};
	const start = async (role: QueueRole, options: StartOptions) => {
		const instance = await startN8n(runtime, { ...options, env: { ...queueEnvironment(postgres, redis, nginx.baseUrl, role), ...options.env } });
		started.push(instance);
		return instance;
	};
	try {
		for (const tarball of packages) await installCommunityPackage(runtime, mainFolder, tarball);
		const mainOptions: StartOptions = { userFolder: mainFolder, port: mainPort };
		let main = await start('main', mainOptions);
		const ports = { 'webhook-1': webhookOnePort, 'webhook-2': webhookTwoPort, worker: undefined };
		const [webhookOne, webhookTwo, worker] = await Promise.all(
			(['webhook-1', 'webhook-2', 'worker'] as const).map((role) => {
				const userFolder = userFolderLike(mainFolder, role);
				hold.guardFolder(userFolder);
				folders.push(userFolder);
				return start(role, { userFolder, port: ports[role], command: role === 'worker' ? 'worker' : 'webhook' });
			}),
		);
		main.webhookProcesses = [webhookOne, webhookTwo];
		const cluster: QueueModeN8n = {
			main,
			webhooks: [webhookOne, webhookTwo],
			worker,
			postgres,
			redis,
			nginx,
			restartMain: async () => {
				await main.stop();
				started.splice(started.indexOf(main), 1);
				main = await start('main', mainOptions);
				main.webhookProcesses = [webhookOne, webhookTwo];
				cluster.main = main;
				return main;
			},
			stop: stopAll,
		};
		return cluster;
	} catch (error) {
		await stopAll();
		throw error;
	}
}
