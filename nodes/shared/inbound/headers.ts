import type { IWebhookFunctions } from 'n8n-workflow';

type RequestHeaders = ReturnType<IWebhookFunctions['getHeaderData']>;

function singleValue(value: string | string[]): string | undefined {
	if (!Array.isArray(value)) return value;
	return new Set(value).size === 1 ? value[0] : undefined;
}

/**
 * The value of one request header, looked up as HTTP compares names: without regard to case, and without
 * the spaces a name typed into a form may carry. A header sent several times with different values is
 * ambiguous, so it reads as absent.
 */
export function readHeader(headers: RequestHeaders, name: string): string | undefined {
	const wanted = name.trim().toLowerCase();
	// Node names every received header in lower case; only hand-built header objects need the scan.
	const direct = headers[wanted];
	if (direct !== undefined) return singleValue(direct);
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === wanted && value !== undefined) return singleValue(value);
	}
	return undefined;
}
