import { createHash, timingSafeEqual } from 'crypto';

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Compares a received secret with the expected one in constant time.
 * Both sides are hashed first so the comparison takes the same time whatever their lengths,
 * and an empty expected secret never matches (it means the node is not configured).
 */
export function secretsMatch(expected: string, received: string | undefined): boolean {
	if (expected.length === 0 || received === undefined) return false;
	return timingSafeEqual(digest(expected), digest(received));
}
