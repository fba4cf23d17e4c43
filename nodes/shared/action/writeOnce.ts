import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { noAttemptApplied, platformFailureOf } from '../transport/platformRequest';

/** Whether a failed call may have reached the platform and been applied: none of its attempts says it was not. */
export function mayHaveApplied(error: unknown): boolean {
	const failure = platformFailureOf(error);
	return failure === undefined || !noAttemptApplied(failure);
}

export interface OnceWrite<T> {
	/** The write, sent with a retry policy that resends only what the platform certainly did not process. */
	send: () => Promise<T>;
	/** Reads the record the write makes back: found, it is the answer; not found, the write did not apply. Absent: cannot be looked up. */
	lookUp?: () => Promise<T | undefined>;
	/** What the user should check when neither the write nor the look-up tells: the failure's description then. */
	unknown: string;
}

/**
 * A write that must never apply twice (a creation, an invoice). It is sent; after a failure that may have passed
 * (no answer, a reset, a 5xx) the record is looked up: found, it is the answer (`readBack`); not found, the write
 * certainly did not apply and is sent once more. Without a look-up, or when the look-up fails, the first failure
 * is thrown with `unknown` as its description, and nothing more is sent.
 */
export async function writeOnce<T>(node: INode, write: OnceWrite<T>): Promise<{ value: T; readBack: boolean }> {
	try {
		return { value: await write.send(), readBack: false };
	} catch (error) {
		// n8n hands an existing NodeApiError back as it is: the failure keeps its status and attempts
		const failed = new NodeApiError(node, error as JsonObject);
		if (!mayHaveApplied(failed)) throw failed;
		let found: T | undefined;
		try {
			if (!write.lookUp) throw failed;
			found = await write.lookUp();
		} catch {
			failed.description = write.unknown;
			throw failed;
		}
		return found !== undefined ? { value: found, readBack: true } : { value: await write.send(), readBack: true };
	}
}
