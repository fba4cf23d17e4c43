import { rmSync } from 'fs';

export default async function globalTeardown(): Promise<void> {
	const instance = globalThis.n8nUnderTest;
	if (!instance) return;
	await instance.stop();
	if (process.env.KEEP_N8N_USER_FOLDER) {
		process.stderr.write(`n8n user folder kept: ${instance.userFolder}\n`);
	} else {
		rmSync(instance.userFolder, { recursive: true, force: true });
	}
}
