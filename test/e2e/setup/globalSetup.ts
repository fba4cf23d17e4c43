import { ensureRuntime, N8nApi, packProject, startN8n } from '../../../dev/n8n';
import type { N8nInstance } from '../../../dev/n8n';

declare global {
	var n8nUnderTest: N8nInstance | undefined;
}

/**
 * One real n8n for the whole e2e run, with this package packed and installed as a user installs it.
 * Test files reach it through the environment (see n8nUnderTest.ts); teardown stops it.
 */
export default async function globalSetup(): Promise<void> {
	const runtime = await ensureRuntime();
	const tarball = await packProject();
	const instance = await startN8n(runtime, { packages: [tarball] });
	globalThis.n8nUnderTest = instance;
	const api = await N8nApi.connect(instance);
	process.env.N8N_E2E_BASE_URL = instance.baseUrl;
	process.env.N8N_E2E_API_KEY = api.key;
	process.env.N8N_E2E_LOG = instance.logFile;
	process.env.N8N_E2E_USER_FOLDER = instance.userFolder;
	process.env.N8N_E2E_TARBALL = tarball;
}
