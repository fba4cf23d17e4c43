import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { FailedAttempt, RetryPolicy } from './retryPolicy';
import { retryDelay } from './retryPolicy';
import type { SupplierStockUpdate } from '../SupplierMarketplaceSchemas';

export const SUPPLIER_API_CREDENTIAL = 'supplierMarketplaceApi';

const GUIDANCE: Record<string, string> = {
	'400': 'The marketplace rejected this stock update: check the fields named in the answer',
	'401': 'The marketplace refused the API Token: copy it again from the supplier dashboard (Settings) into the Supplier Marketplace API credential',
	'403': 'The marketplace does not let this API Token update this product: check the Supplier Product ID and the token',
	'404': 'The marketplace does not know this address: copy the API URL again from the supplier dashboard (Settings)',
	'429': 'The marketplace kept answering "too many requests": lower the Concurrency option or try again later',
};

/** What a failed attempt tells about itself: status and Retry-After when answered, a network code when not. */
function describeFailure(error: unknown): FailedAttempt {
	const apiError = error as NodeApiError & { cause?: { code?: string; response?: { headers?: Record<string, string> } } };
	const status = apiError.httpCode ? Number(apiError.httpCode) : undefined;
	return {
		status: Number.isFinite(status) ? status : undefined,
		code: apiError.cause?.code ?? (apiError as { code?: string }).code,
		retryAfter: apiError.cause?.response?.headers?.['retry-after'],
	};
}

/**
 * The credential, decrypted once per execution: n8n would otherwise decrypt it again for every one of
 * thousands of requests.
 */
export async function supplierApiCredential(context: IExecuteFunctions): Promise<ICredentialsDecrypted> {
	const data = await context.getCredentials<ICredentialDataDecryptedObject>(SUPPLIER_API_CREDENTIAL);
	const reference = context.getNode().credentials?.[SUPPLIER_API_CREDENTIAL];
	return { id: reference?.id ?? '', name: reference?.name ?? '', type: SUPPLIER_API_CREDENTIAL, data };
}

export interface StockUpdateResult {
	response: unknown;
	attempts: number;
}

/**
 * Posts one stock update with the credential's Bearer token, retrying 429, 5xx and connection failures
 * (see retryDelay). A final failure is a NodeApiError that says what to fix and keeps the marketplace's reason.
 */
export async function postStockUpdate(
	context: IExecuteFunctions,
	update: SupplierStockUpdate,
	itemIndex: number,
	{ credential, timeoutMs, retry }: { credential: ICredentialsDecrypted; timeoutMs: number; retry: RetryPolicy },
): Promise<StockUpdateResult> {
	const apiUrl = String(credential.data?.apiUrl ?? '');
	for (let attempt = 0; ; attempt++) {
		try {
			const response = await context.helpers.httpRequestWithAuthentication.call(
				context,
				SUPPLIER_API_CREDENTIAL,
				{ method: 'POST', url: apiUrl, body: update, json: true, timeout: timeoutMs },
				{ credentialsDecrypted: credential },
			);
			return { response, attempts: attempt + 1 };
		} catch (error) {
			const failure = describeFailure(error);
			const delay = retryDelay(failure, attempt, retry);
			if (delay === undefined) {
				const cause = error instanceof NodeApiError && error.cause ? error.cause : error;
				const status = failure.status ? String(failure.status) : undefined;
				throw new NodeApiError(context.getNode(), cause as JsonObject, {
					message: `${(status && GUIDANCE[status]) || (status ? `The marketplace answered HTTP ${status}` : `The marketplace could not be reached (${failure.code ?? 'no answer'})`)} (after ${attempt + 1} attempt${attempt ? 's' : ''})`,
					httpCode: status,
					itemIndex,
				});
			}
			await sleep(delay);
		}
	}
}
