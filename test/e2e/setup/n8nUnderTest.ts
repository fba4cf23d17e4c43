import { readFileSync } from 'fs';

import { N8nApi, OWNER } from '../../../dev/n8n';
import type { N8nInstance } from '../../../dev/n8n';

/** The n8n that the e2e global setup started, as seen from a test file's worker. */
export function n8nUnderTest(): N8nApi {
	const baseUrl = process.env.N8N_E2E_BASE_URL;
	const apiKey = process.env.N8N_E2E_API_KEY;
	if (!baseUrl || !apiKey) throw new Error('The e2e global setup did not start n8n');
	const instance = {
		baseUrl,
		port: Number(new URL(baseUrl).port),
		userFolder: process.env.N8N_E2E_USER_FOLDER ?? '',
		logFile: process.env.N8N_E2E_LOG ?? '',
		owner: OWNER,
	} as N8nInstance;
	return N8nApi.reconnect(instance, apiKey);
}

/** n8n's log since the run began, to assert nothing crashed. */
export function n8nLog(): string {
	return readFileSync(process.env.N8N_E2E_LOG ?? '', 'utf8');
}
