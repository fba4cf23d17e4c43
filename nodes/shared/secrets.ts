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

/**
 * Checks an `Authorization: Basic …` header against the expected id and secret, comparing the decoded
 * `id:secret` in constant time. A missing, malformed or non-Basic header never matches.
 */
export function basicCredentialsMatch(authorization: string | undefined, id: string, secret: string): boolean {
	const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
	if (!match || id.length === 0 || secret.length === 0) return false;
	return secretsMatch(`${id}:${secret}`, Buffer.from(match[1], 'base64').toString('utf8'));
}
