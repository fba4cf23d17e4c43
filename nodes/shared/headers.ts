import type { IWebhookFunctions } from 'n8n-workflow';

type RequestHeaders = ReturnType<IWebhookFunctions['getHeaderData']>;

/**
 * The value of one request header, looked up without regard to case.
 * A header sent several times with different values is ambiguous, so it reads as absent.
 */
export function readHeader(headers: RequestHeaders, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted || value === undefined) continue;
		if (!Array.isArray(value)) return value;
		const distinct = new Set(value);
		return distinct.size === 1 ? value[0] : undefined;
	}
	return undefined;
}
